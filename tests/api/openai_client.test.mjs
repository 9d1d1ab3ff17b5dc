// The official OpenAI Node client, unchanged, against `hearth serve`:
// models, chat completions whole and streamed, text completions, and the
// errors a client program handles. Run by serve_and_run.sh.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import test from 'node:test';

const require = createRequire(process.env.NODE_MODULES + '/');
const { OpenAI } = require('openai');

const model = process.env.HEARTH_MODEL;
const client = new OpenAI({ baseURL: process.env.HEARTH_URL, apiKey: process.env.HEARTH_API_KEY, maxRetries: 0 });
const question = [{ role: 'user', content: 'Explain machine learning in three sentences.' }];

test('the model is listed and can be looked up', async () => {
    const ids = [];
    for await (const entry of client.models.list())
        ids.push(entry.id);
    assert.deepEqual(ids, [model]);
    assert.equal((await client.models.retrieve(model)).id, model);
});

test('a whole answer has the shape clients read', async () => {
    const answer = await client.chat.completions.create({ model, messages: question, max_tokens: 8, temperature: 0 });
    assert.equal(answer.object, 'chat.completion');
    assert.equal(answer.model, model);
    assert.equal(answer.choices.length, 1);
    assert.equal(answer.choices[0].message.role, 'assistant');
    assert.equal(typeof answer.choices[0].message.content, 'string');
    assert.ok(['length', 'stop'].includes(answer.choices[0].finish_reason));
    assert.ok(answer.usage.prompt_tokens > 10);
    assert.ok(answer.usage.completion_tokens >= 1 && answer.usage.completion_tokens <= 8);
    assert.equal(answer.usage.total_tokens, answer.usage.prompt_tokens + answer.usage.completion_tokens);
});

test('a streamed answer is the whole answer, piece by piece', async () => {
    const request = { model, messages: question, max_tokens: 24, temperature: 0 };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({
        ...request, stream: true, stream_options: { include_usage: true },
    });
    let text = '';
    let role;
    let finish;
    let usage;
    let chunks = 0;
    for await (const chunk of stream) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        ++chunks;
        if (chunk.usage)
            usage = chunk.usage;
        for (const choice of chunk.choices) {
            role ??= choice.delta.role;
            text += choice.delta.content ?? '';
            finish = choice.finish_reason ?? finish;
        }
    }
    assert.equal(role, 'assistant');
    assert.equal(text, whole.choices[0].message.content); // greedy: the same tokens
    assert.equal(finish, whole.choices[0].finish_reason);
    assert.ok(chunks > 3);
    assert.equal(usage.completion_tokens, whole.usage.completion_tokens);
});

test('log-probabilities come with every token', async () => {
    const answer = await client.chat.completions.create({
        model, messages: question, max_tokens: 5, temperature: 0, logprobs: true, top_logprobs: 2,
    });
    const content = answer.choices[0].logprobs.content;
    assert.equal(content.length, answer.usage.completion_tokens);
    for (const token of content) {
        assert.equal(token.top_logprobs.length, 2);
        assert.equal(token.logprob, token.top_logprobs[0].logprob); // greedy
        assert.ok(token.logprob <= 0);
    }
});

test('embeddings: one unit vector per input', async () => {
    // The client asks for base64 and decodes it.
    const result = await client.embeddings.create({ model, input: ['private models', 'on our workstation', 'private models'] });
    assert.equal(result.data.length, 3);
    const [a, b, c] = result.data.map((d) => d.embedding);
    assert.equal(a.length, 256); // the generated model's width
    const dot = (x, y) => x.reduce((sum, v, i) => sum + v * y[i], 0);
    assert.ok(Math.abs(dot(a, a) - 1) < 1e-4);
    assert.deepEqual(a, c);
    assert.ok(dot(a, b) < 0.9999);
    assert.ok(result.usage.prompt_tokens > 4);
});

test('json_schema: the answer parses and matches', async () => {
    const answer = await client.chat.completions.create({
        model, messages: question, max_tokens: 400, temperature: 0.7, seed: 5,
        response_format: {
            type: 'json_schema',
            json_schema: {
                name: 'summary', strict: true,
                schema: {
                    type: 'object', additionalProperties: false, required: ['topic', 'level'],
                    properties: { topic: { enum: ['ml', 'ai'] }, level: { type: 'integer' }, fine: { type: 'boolean' } },
                },
            },
        },
    });
    assert.equal(answer.choices[0].finish_reason, 'stop');
    const value = JSON.parse(answer.choices[0].message.content);
    assert.ok(['ml', 'ai'].includes(value.topic));
    assert.ok(Number.isInteger(value.level));
    for (const key of Object.keys(value))
        assert.ok(['topic', 'level', 'fine'].includes(key));
});

test('tools: a required call comes back as tool_calls, and its result goes in', async () => {
    const tools = [{
        type: 'function',
        function: {
            name: 'get_weather', description: 'The weather in a city',
            parameters: {
                type: 'object', additionalProperties: false, required: ['city'],
                properties: { city: { enum: ['Paris', 'Oslo'] }, unit: { enum: ['C', 'F'] } },
            },
        },
    }];
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const answer = await client.chat.completions.create({
        model, messages, tools, max_tokens: 400, tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    assert.equal(answer.choices[0].finish_reason, 'tool_calls');
    const call = answer.choices[0].message.tool_calls[0];
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_weather');
    const args = JSON.parse(call.function.arguments);
    assert.ok(['Paris', 'Oslo'].includes(args.city));

    // The result goes back through the model's template (Qwen2.5's, with tools).
    const followUp = await client.chat.completions.create({
        model, tools, max_tokens: 4,
        messages: [...messages, answer.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '21 C' }],
    });
    assert.equal(followUp.choices.length, 1);
    assert.ok(followUp.usage.prompt_tokens > answer.usage.prompt_tokens);
});

test('a text completion continues the prompt', async () => {
    const answer = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 6, temperature: 0 });
    assert.equal(answer.object, 'text_completion');
    assert.equal(typeof answer.choices[0].text, 'string');
    assert.ok(answer.usage.completion_tokens >= 1);
});

test('a stream the client abandons leaves the server serving', async () => {
    const stream = await client.chat.completions.create({ model, messages: question, max_tokens: 500, stream: true });
    for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content)
            break; // leaving the loop aborts the request
    }
    const after = await client.chat.completions.create({ model, messages: question, max_tokens: 2 });
    assert.equal(after.choices.length, 1);
});

test('errors arrive as the client library\'s error classes', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: question }),
        (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
    await assert.rejects(client.chat.completions.create({ model, messages: question, temperature: 7 }),
        (e) => e instanceof OpenAI.BadRequestError && e.param === 'temperature');
    await assert.rejects(client.chat.completions.create({ model, messages: question, n: 3 }),
        (e) => e instanceof OpenAI.BadRequestError && e.param === 'n');
    await assert.rejects(client.chat.completions.create({ model, messages: [] }),
        (e) => e instanceof OpenAI.BadRequestError && e.param === 'messages');
    const stranger = new OpenAI({ baseURL: process.env.HEARTH_URL, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (e) => e instanceof OpenAI.AuthenticationError);
});
