// Through nginx (started by through_nginx.sh): a streamed answer reaches the
// client piece by piece, not in one block at the end, and the official
// client works unchanged over TLS.
import assert from 'node:assert/strict';
import https from 'node:https';
import { createRequire } from 'node:module';
import test from 'node:test';

const require = createRequire(process.env.NODE_MODULES + '/');
const { OpenAI } = require('openai');

const proxy = new URL(process.env.HEARTH_PROXY_URL);
const model = process.env.HEARTH_MODEL;

// POSTs a streamed chat completion and resolves with every read the socket delivered.
function streamedReads(tokens) {
    const body = JSON.stringify({
        model, stream: true, max_tokens: tokens, temperature: 0,
        messages: [{ role: 'user', content: 'Tell me a long story.' }],
    });
    return new Promise((resolve, reject) => {
        const request = https.request(new URL(proxy.pathname + '/chat/completions', proxy), {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.HEARTH_API_KEY },
        }, (response) => {
            const reads = [];
            response.on('data', (data) => reads.push(data.toString()));
            response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, reads }));
        });
        request.on('error', reject);
        request.end(body);
    });
}

test('a stream arrives piece by piece through the proxy', async () => {
    const { status, headers, reads } = await streamedReads(64);
    assert.equal(status, 200);
    assert.match(headers['content-type'], /text\/event-stream/);
    const events = reads.join('').split('\n\n').filter((e) => e.startsWith('data: '));
    assert.equal(events.at(-1), 'data: [DONE]');
    // With buffering in the proxy the events arrive in a few blocks; with
    // none, nearly one read per token (a token takes milliseconds here).
    assert.ok(reads.length >= 16, `only ${reads.length} reads for ${events.length} events`);
});

test('the official client works through the proxy', async () => {
    const client = new OpenAI({ baseURL: proxy.href, apiKey: process.env.HEARTH_API_KEY, maxRetries: 0 });
    let text = '';
    const stream = await client.chat.completions.create({
        model, stream: true, max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }],
    });
    for await (const chunk of stream)
        text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(typeof text, 'string');
});

test('the proxy refuses requests without a key, as configured', async () => {
    const response = await fetch(new URL(proxy.pathname + '/models', proxy));
    assert.equal(response.status, 401);
});
