// The soak test's clients (run by bench/soak/run.sh): SOAK_CLIENTS loops of
// mixed requests for SOAK_SECONDS, the server's resident memory sampled
// every 30 s from /proc, and at the end each request's fate compared with
// what /metrics counted.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const port = Number(process.env.HEARTH_PORT);
const key = process.env.HEARTH_API_KEY;
const model = process.env.HEARTH_MODEL;
const pid = process.env.HEARTH_PID;
const seconds = Number(process.env.SOAK_SECONDS ?? 3600);
const clients = Number(process.env.SOAK_CLIENTS ?? 8);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 2 });

function residentMiB() {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function request(method, path, body, { leaveAfterFirstChunk = false } = {}) {
    return new Promise((resolve) => {
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
            response.on('error', () => resolve({ status: response.statusCode, left: leaveAfterFirstChunk, error: true }));
        });
        req.on('error', (e) => resolve({ error: e.message, left: leaveAfterFirstChunk }));
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

const prompts = ['Write a poem about the sea.', 'Explain TCP in one paragraph.', '你好，请介绍一下你自己。',
    'List five prime numbers.', 'What is the capital of France?'];
const counts = { sent: 0, answered: 0, left: 0, lost: 0 };
const byEndpoint = new Map();
let stop = false;

async function client(index) {
    let n = index;
    while (!stop) {
        ++n;
        const kind = n % 5;
        const prompt = prompts[n % prompts.length];
        const maxTokens = 16 + (n * 7) % 48;
        let path;
        let body;
        let leave = false;
        if (kind <= 1) {
            path = '/v1/chat/completions';
            const stream = kind === 0;
            leave = stream && n % 5 === 0 && (n / 5) % 4 === 0; // about a fifth of the streams
            body = { model, max_tokens: maxTokens, stream, messages: [{ role: 'user', content: prompt }] };
        } else if (kind <= 3) {
            path = '/v1/completions';
            body = { model, max_tokens: maxTokens, stream: kind === 2, prompt };
        } else {
            path = '/v1/embeddings';
            body = { model, input: [prompt, prompt.slice(0, 8)] };
        }
        ++counts.sent;
        byEndpoint.set(path, (byEndpoint.get(path) ?? 0) + 1);
        const result = await request('POST', path, JSON.stringify(body), { leaveAfterFirstChunk: leave });
        if (result.left) {
            ++counts.left;
        } else if (result.status === 200 && !result.error
            && (!body.stream || result.body.endsWith('data: [DONE]\n\n'))) {
            ++counts.answered;
        } else {
            ++counts.lost;
            console.log(`lost: ${path} ${result.status} ${result.error ?? ''} ${(result.body ?? '').slice(0, 200)}`);
        }
        await new Promise((r) => setTimeout(r, (n * 37) % 200));
    }
}

const started = Date.now();
const samples = [];
const sample = () => samples.push({ s: Math.round((Date.now() - started) / 1000), rss: residentMiB() });
sample();
const sampler = setInterval(sample, 30_000);
const workers = Array.from({ length: clients }, (_, i) => client(i));
await new Promise((r) => setTimeout(r, seconds * 1000));
stop = true;
await Promise.all(workers);
clearInterval(sampler);
sample();

// Let the server finish what the clients left, then compare.
let values;
for (let i = 0; i < 100; ++i) {
    values = await metrics();
    if (values.get('hearth_requests_in_flight') === 0 && values.get('hearth_active_sequences') === 0)
        break;
    await new Promise((r) => setTimeout(r, 100));
}
let counted = 0;
let counted499 = 0;
for (const [name, value] of values)
    if (name.startsWith('hearth_requests_total{') && !name.includes('endpoint="/metrics"')) {
        counted += value;
        if (name.includes('status="499"'))
            counted499 += value;
    }

const baseline = samples.find((s) => s.s >= 300) ?? samples[0];
const last = samples[samples.length - 1];
const peak = Math.max(...samples.map((s) => s.rss));
console.log('time_s  rss_mib');
for (const s of samples)
    console.log(`${String(s.s).padStart(6)}  ${s.rss.toFixed(1)}`);
console.log(`\nrequests sent ${counts.sent}: answered ${counts.answered}, left by the client ${counts.left}, lost ${counts.lost}`);
console.log(`by endpoint: ${[...byEndpoint].map(([p, c]) => `${p} ${c}`).join(', ')}`);
console.log(`/metrics counted ${counted} (499: ${counted499}); in flight ${values.get('hearth_requests_in_flight')}, `
    + `active sequences ${values.get('hearth_active_sequences')}, queue ${values.get('hearth_queue_depth')}`);
const growth = (last.rss / baseline.rss - 1) * 100;
console.log(`resident memory: ${baseline.rss.toFixed(1)} MiB at ${baseline.s} s, ${last.rss.toFixed(1)} MiB at the end `
    + `(${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %), peak ${peak.toFixed(1)} MiB`);
const consistent = counted === counts.sent && counts.lost === 0 && values.get('hearth_requests_in_flight') === 0;
console.log(consistent ? 'every request answered or left, and counted once' : 'MISMATCH');
process.exit(consistent ? 0 : 1);
