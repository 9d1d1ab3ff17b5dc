#!/usr/bin/env node
// llama.cpp's tokenizer throughput on one text file, for comparison with Hearth's tokenizer benchmark.
// Loads the GGUF vocabulary-only through node-llama-cpp (CPU, prebuilt binary), tokenizes the text once
// to warm up, then times --repeat calls of model.tokenize(text, false): no BOS/EOS, special tokens not
// parsed. Prints one JSON line.
//
//   cd DIR_WITH_NODE_LLAMA_CPP     # node-llama-cpp is looked up from the working directory
//   node /path/to/bench/llamacpp/tokenize_speed.mjs --model FILE.gguf --text FILE.txt [--repeat N]
//
// The time includes node-llama-cpp's conversion of the JS string to UTF-8 and of the ids to an array:
// that is the cost a node-llama-cpp user pays, a little above llama_tokenize alone.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
    options: {
        model: { type: "string" },
        text: { type: "string" },
        repeat: { type: "string", default: "5" },
    },
});
const repeat = Number.parseInt(opt.repeat, 10);
if (!opt.model || !opt.text || !(repeat >= 1)) {
    console.error("usage: node tokenize_speed.mjs --model FILE.gguf --text FILE.txt [--repeat N]");
    process.exit(2);
}

// Resolved from the working directory, not from this file's folder: node-llama-cpp is not a dependency of Hearth.
let nodeLlamaCpp;
try {
    const resolved = createRequire(path.join(process.cwd(), "noop.js")).resolve("node-llama-cpp");
    nodeLlamaCpp = await import(pathToFileURL(resolved).href);
} catch (error) {
    console.error(`tokenize_speed: node-llama-cpp is not installed under ${process.cwd()} (${error.message}); ` +
        "run this from a folder where 'npm install node-llama-cpp' was done");
    process.exit(1);
}
const { getLlama, LlamaLogLevel } = nodeLlamaCpp;

const text = fs.readFileSync(opt.text, "utf8");
const bytes = Buffer.byteLength(text, "utf8");

// maxThreads: node-llama-cpp's default of max(4, cores) ran far slower on a 2-core machine.
const llama = await getLlama({ gpu: false, build: "never", maxThreads: os.availableParallelism(), logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: path.resolve(opt.model), vocabOnly: true });

const tokens = model.tokenize(text, false).length;
const start = process.hrtime.bigint();
for (let i = 0; i < repeat; i++) {
    model.tokenize(text, false);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

console.log(JSON.stringify({
    model: opt.model,
    bytes,
    repeat,
    seconds: Number(seconds.toFixed(4)),
    mb_per_s: Number(((bytes * repeat) / seconds / 1e6).toFixed(2)),
    tokens,
}));
await model.dispose();
await llama.dispose();
