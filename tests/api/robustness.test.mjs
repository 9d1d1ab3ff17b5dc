// hearth serve under abuse, on loopback (run by serve_and_run.sh with a
// queue that holds them all): 100 clients at once, every third leaving
// mid-stream, then malformed HTTP. The server keeps answering, no sequence
// is left running, and its metrics count exactly what was sent.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import test from 'node:test';

const port = Number(process.env.HEARTH_PORT);
const key = process.env.HEARTH_API_KEY;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function request(method, path, body, { leaveAfterFirstChunk = false } = {}) {
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: '127.0.0.1', port, method, path, agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        }, (response) => {
            let data = '';
            response.on('data', (chunk) => {
                data += chunk;
                if (leaveAfterFirstChunk) {
                    req.destroy();
                    resolve({ status: response.statusCode, left: true });
                }
            });
            response.on('end', () => resolve({ status: response.statusCode, body: data }));
            response.on('error', () => {});
        });
        req.on('error', (e) => (leaveAfterFirstChunk ? resolve({ left: true }) : reject(e)));
        req.end(body);
    });
}

async function metrics() {
    const { body } = await request('GET', '/metrics');
    const values = new Map();
    for (const line of body.split('\n'))
        if (line && !line.startsWith('#')) {
            const at = line.lastIndexOf(' ');
            values.set(line.slice(0, at), Number(line.slice(at + 1)));
        }
    return values;
}

function chatRequests(values, status) {
    return values.get(`hearth_requests_total{endpoint="/v1/chat/completions",status="${status}"}`) ?? 0;
}

test('100 clients at once, a third leaving mid-stream', { timeout: 180_000 }, async () => {
    const body = JSON.stringify({
        model: process.env.HEARTH_MODEL, stream: true, max_tokens: 32,
        messages: [{ role: 'user', content: 'Write a poem about the sea.' }],
    });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
        request('POST', '/v1/chat/completions', body, { leaveAfterFirstChunk: i % 3 === 0 })));
    const finished = results.filter((r) => !r.left);
    const left = results.filter((r) => r.left).length;
    assert.equal(left, 34);
    for (const r of finished) {
        assert.equal(r.status, 200);
        assert.ok(r.body.endsWith('data: [DONE]\n\n'), r.body.slice(-200));
    }

    // Nothing keeps running for the clients that left.
    let values;
    for (let i = 0; i < 100; ++i) {
        values = await metrics();
        if (values.get('hearth_active_sequences') === 0 && values.get('hearth_requests_in_flight') === 0)
            break;
        await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(values.get('hearth_active_sequences'), 0);
    assert.equal(values.get('hearth_queue_depth'), 0);
    assert.equal(values.get('hearth_requests_in_flight'), 0);
    // Every request is counted once: answered (200) or left (499; one that
    // left just as its answer ended counts as answered).
    assert.equal(chatRequests(values, 200) + chatRequests(values, 499), 100);
    assert.ok(chatRequests(values, 200) >= 66);
    assert.ok(chatRequests(values, 499) >= 1 && chatRequests(values, 499) <= 34);
    assert.equal(values.get('hearth_request_duration_seconds_count'), chatRequests(values, 200));
});

function raw(bytes) {
    return new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
        let answer = '';
        socket.on('data', (d) => (answer += d));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
        socket.setTimeout(5000, () => socket.destroy());
    });
}

test('malformed HTTP and JSON leave the server answering', { timeout: 60_000 }, async () => {
    await raw('GARBAGE\r\n\r\n');
    await raw('POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"model":');
    await raw('GET /' + 'a'.repeat(100_000) + ' HTTP/1.1\r\n\r\n');
    await raw('POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    await raw(Buffer.from([0, 255, 1, 254, 13, 10, 13, 10]));
    const bad = await request('POST', '/v1/chat/completions', '{"model": "x", "messages": [');
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).error.type, 'invalid_request_error');
    const health = await request('GET', '/health');
    assert.equal(health.status, 200);
});
