// hearth serve against clients no library would be (run by serve_and_run.sh):
// requests pipelined on one connection, bodies promised without a key,
// paths of megabytes, smuggling shapes, and a few hundred fuzzed requests
// (random methods, headers, lengths, chunked bodies, written in pieces).
// Every answer is a well-formed HTTP response, and the server keeps
// answering.
import assert from 'node:assert/strict';
import net from 'node:net';
import test from 'node:test';

const port = Number(process.env.HEARTH_PORT);
const key = process.env.HEARTH_API_KEY;
const model = process.env.HEARTH_MODEL;

// Reads HTTP answers off raw bytes: Content-Length, chunked, or to the close.
function takeAnswer(state, closed, headOnly = false) {
    const bytes = state.bytes;
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) {
        if (closed && bytes.length > 0)
            throw new Error(`an answer without the end of its head: ${bytes.toString('latin1').slice(0, 200)}`);
        return null;
    }
    const head = bytes.subarray(0, end).toString('latin1').split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*$/.exec(head[0]);
    if (!statusLine)
        throw new Error(`not a status line: ${JSON.stringify(head[0].slice(0, 200))}`);
    const headers = {};
    for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon <= 0)
            throw new Error(`not a header: ${JSON.stringify(line.slice(0, 200))}`);
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine[1]);
    let rest = bytes.subarray(end + 4);
    if (status < 200 || status === 204 || status === 304 || (headOnly && status >= 200)) {
        state.bytes = rest;
        return { status, headers, body: '' };
    }
    if ((headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') {
        const parts = [];
        let at = 0;
        for (;;) {
            const lineEnd = rest.indexOf('\r\n', at);
            if (lineEnd < 0)
                return null;
            const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
            if (Number.isNaN(size))
                throw new Error('a bad chunk size');
            if (rest.length < lineEnd + 2 + size + 2)
                return null;
            if (size === 0) {
                state.bytes = rest.subarray(lineEnd + 4);
                return { status, headers, body: Buffer.concat(parts).toString() };
            }
            parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
    }
    if (headers['content-length'] !== undefined) {
        const size = Number(headers['content-length']);
        if (rest.length < size)
            return null;
        state.bytes = rest.subarray(size);
        return { status, headers, body: rest.subarray(0, size).toString() };
    }
    if (!closed)
        return null;
    state.bytes = Buffer.alloc(0);
    return { status, headers, body: rest.toString() };
}

// Writes `pieces` (with `pauseMs` between them) on one connection and
// collects the answers until `expected` have come, the server closes, or
// `waitMs` pass.
function converse(pieces, { expected = 1, waitMs = 5000, pauseMs = 0, headOnly = false } = {}) {
    return new Promise((resolve, reject) => {
        const state = { bytes: Buffer.alloc(0) };
        const answers = [];
        let closed = false;
        const socket = net.connect(port, '127.0.0.1');
        const finish = () => {
            clearTimeout(timer);
            socket.destroy();
            try {
                let answer;
                while ((answer = takeAnswer(state, closed, headOnly)))
                    answers.push(answer);
                resolve({ answers, closed });
            } catch (e) {
                reject(e);
            }
        };
        const timer = setTimeout(finish, waitMs);
        socket.on('data', (data) => {
            state.bytes = Buffer.concat([state.bytes, data]);
            try {
                let answer;
                while ((answer = takeAnswer(state, false, headOnly)))
                    answers.push(answer);
            } catch (e) {
                clearTimeout(timer);
                socket.destroy();
                reject(e);
                return;
            }
            if (answers.length >= expected)
                finish();
        });
        socket.on('close', () => {
            closed = true;
            finish();
        });
        socket.on('error', () => {});
        socket.on('connect', async () => {
            for (const piece of pieces) {
                if (socket.destroyed)
                    return;
                socket.write(piece);
                if (pauseMs)
                    await new Promise((r) => setTimeout(r, pauseMs));
            }
        });
    });
}

function chat(maxTokens) {
    const body = JSON.stringify({ model, max_tokens: maxTokens, messages: [{ role: 'user', content: 'Tell me a story' }] });
    return `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test('pipelined requests are answered in the order they were sent', { timeout: 60_000 }, async () => {
    const { answers } = await converse([chat(40) + chat(1)], { expected: 2, waitMs: 50_000 });
    assert.equal(answers.length, 2);
    const tokens = answers.map((a) => JSON.parse(a.body).usage.completion_tokens);
    assert.ok(tokens[0] > 1, `first answer had ${tokens[0]} tokens`);
    assert.equal(tokens[1], 1);
});

test('a body without a key is refused from its headers', { timeout: 30_000 }, async () => {
    const { answers } = await converse(['POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n'
        + 'Content-Type: application/json\r\nContent-Length: 400000000\r\n\r\n']);
    assert.equal(answers[0]?.status, 401);
});

test('oversized and ambiguous requests are refused without being echoed', { timeout: 30_000 }, async () => {
    const cases = [
        ['GET /' + 'a'.repeat(16 << 20) + ' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 414],
        ['GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' + 'b'.repeat(100_000) + '\r\n\r\n', 431],
        ['POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}', 400],
        ['POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n'
            + 'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ];
    for (const [request, status] of cases) {
        const { answers, closed } = await converse([request]);
        assert.equal(answers[0]?.status, status, request.slice(0, 80));
        assert.ok(answers[0].body.length < 1024);
        assert.ok(closed || answers[0].headers.connection === 'close');
    }
});

// A deterministic generator, so that a failure can be replayed.
function random(seed) {
    let s = seed >>> 0;
    return () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function fuzzedRequest(next) {
    const pick = (list) => list[Math.floor(next() * list.length)];
    const junk = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))).toString('latin1');
    const method = pick(['GET', 'POST', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'BREW', junk(3)]);
    const path = pick(['/health', '/metrics', '/v1/models', '/v1/models/' + model, '/v1/chat/completions',
        '/v1/completions', '/v1/embeddings', '/%0A%0D', '/' + junk(8), '*', 'http://x/v1/models']);
    const version = pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x']);
    const body = pick([
        JSON.stringify({ model, max_tokens: 2, messages: [{ role: 'user', content: 'hi' }] }),
        JSON.stringify({ model, max_tokens: 2, prompt: 'hi', stream: true }),
        JSON.stringify({ model, input: 'hi' }),
        '{"model": ', '[]', '', junk(64),
    ]);
    const headers = [['Host', pick(['127.0.0.1', 'localhost', 'evil.example', ''])]];
    if (next() < 0.7)
        headers.push(['Authorization', pick([`Bearer ${key}`, `bearer ${key}`, 'Bearer wrong', 'Basic x', ''])]);
    if (next() < 0.7)
        headers.push(['Content-Type', pick(['application/json', 'text/plain', 'application/json; charset=utf-8'])]);
    if (next() < 0.3)
        headers.push(['Connection', pick(['close', 'keep-alive', 'upgrade'])]);
    if (next() < 0.1)
        headers.push(['Expect', '100-continue']);
    if (next() < 0.1)
        headers.push([junk(5), junk(10)]);
    let encoded = body;
    const framing = next();
    if (framing < 0.6) {
        headers.push(['Content-Length', String(Buffer.byteLength(body, 'latin1'))]);
    } else if (framing < 0.8) {
        headers.push(['Transfer-Encoding', 'chunked']);
        encoded = '';
        for (let at = 0; at < body.length;) {
            const size = 1 + Math.floor(next() * 16);
            const chunk = body.slice(at, at + size);
            encoded += Buffer.byteLength(chunk, 'latin1').toString(16) + '\r\n' + chunk + '\r\n';
            at += size;
        }
        encoded += pick(['0\r\n\r\n', '0\r\nX-Trailer: 1\r\n\r\n', 'zz\r\n']);
    } else if (framing < 0.9) {
        headers.push(['Content-Length', pick(['-1', '1e3', '99999999999999999999', ' 3', '0x10'])]);
    }
    const raw = `${method} ${path} ${version}\r\n` + headers.map(([n, v]) => `${n}: ${v}\r\n`).join('') + '\r\n' + encoded;
    return Buffer.from(raw, 'latin1');
}

test('fuzzed requests all get well-formed answers, and the server goes on', { timeout: 240_000 }, async () => {
    const next = random(20261207);
    const total = 400;
    let sent = 0;
    let answered = 0;
    const worker = async () => {
        while (sent < total) {
            ++sent;
            const request = fuzzedRequest(next);
            // Some arrive in one write, some a few bytes at a time.
            const pieces = [];
            if (next() < 0.2) {
                for (let at = 0; at < request.length; at += 7)
                    pieces.push(request.subarray(at, at + 7));
            } else {
                pieces.push(request);
            }
            const { answers } = await converse(pieces, {
                waitMs: 3000, pauseMs: pieces.length > 1 ? 1 : 0, headOnly: request.subarray(0, 5).toString() === 'HEAD ',
            });
            if (answers.length > 0)
                ++answered;
            for (const answer of answers)
                assert.ok(answer.status >= 100 && answer.status < 600);
        }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.ok(answered > total / 2, `${answered} of ${total} answered`);
    const { answers } = await converse(['GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n']);
    assert.equal(answers[0]?.status, 200);
    const after = await converse([chat(2)], { waitMs: 30_000 });
    assert.equal(after.answers[0]?.status, 200);
});
