#!/usr/bin/env bash
# On the GPU machine: runs what bench/gpu/prepare.sh built and prints one
# short table — the CUDA tests, one pass under compute-sanitizer, then
# Hearth's speed on synthetic Llama-3.1-8B-shaped models (pp512, tg128,
# tg128 after 4096 cached positions, 32 sequences at once) with the share
# of the card's measured read bandwidth the decode reaches. Each binary's
# own output is kept under $OUT (when set). HEARTH_BENCH_SHAPE=tiny makes a
# dry run anywhere. Each step has a time limit within one budget for the
# whole run (HEARTH_GPU_BUDGET_S, default 450 s), so a hang still leaves the
# other steps' output and the call stays under 8 minutes.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
carry="$root/.gpu-carry"
out=${OUT:-/tmp}
deadline=$((SECONDS + ${HEARTH_GPU_BUDGET_S:-450}))
# A step's limit: its own, or what is left of the budget (at least 5 s).
limit() {
    local left=$((deadline - SECONDS))
    if ((left < $1)); then echo $((left > 5 ? left : 5)); else echo "$1"; fi
}
export HEARTH_TEST_DATA="$carry/test-data"
# cuBLAS comes from the machine's CUDA; look further when the loader misses it.
if ldd "$carry/bench_model" | grep -q 'libcublas.*not found'; then
    lib=$(find / -name 'libcublas.so.13*' -not -path '*/proc/*' 2>/dev/null | head -1)
    [ -n "$lib" ] && export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# Synthetic models are written where memory is, when there is room.
if [ "$(df --output=avail -k /dev/shm 2>/dev/null | tail -1)" -gt $((40 * 1024 * 1024)) ] 2>/dev/null; then
    export TMPDIR=/dev/shm
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "no nvidia-smi"

printf '\n%-22s %s\n' "test" "result"
for test in "$carry"/tst_cuda_*; do
    name=$(basename "$test")
    if timeout "$(limit 150)" "$test" > "$out/$name.log" 2>&1; then
        passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log")
        skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out/$name.log")
        result="${passed:-0} passed, ${skipped:-0} skipped"
    else
        result="FAILED ($(grep -c '^\[  FAILED  \]' "$out/$name.log") lines)"
    fi
    printf '%-22s %s\n' "$name" "$result"
done
grep -h '^\[ cuda \]' "$out"/tst_cuda_forward.log | sort -t= -k2 -g | tail -4
for test in "$carry"/tst_cuda_*; do
    grep -h -m4 -A3 'Failure' "$out/$(basename "$test").log" | head -24
done

sanitizer=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
if [ -n "$sanitizer" ]; then
    timeout "$(limit 120)" "$sanitizer" --tool memcheck --leak-check no --error-exitcode 9 "$carry/tst_cuda_forward" \
        --gtest_filter='*GivesTheCpusLogits/llama_Q4_K:*GivesTheCpusLogits/phi3_F16:*GivesTheCpusLogits/qwen2_Q6_K' \
        > "$out/sanitizer.log" 2>&1
    printf 'compute-sanitizer memcheck: exit %s, %s\n' "$?" "$(grep -m1 'ERROR SUMMARY' "$out/sanitizer.log")"
else
    echo "compute-sanitizer: not found"
fi

printf '\n%-8s %10s %10s %12s %10s %12s %14s\n' format "pp512" "tg128" "tg@4096" "share" "32 seq" "GiB (planned)"
for quant in F16 Q8_0 Q4_K_M; do
    timeout "$(limit 120)" "$carry/bench_model" --synthetic "${HEARTH_BENCH_SHAPE:-llama-3.1-8b}" --quant "$quant" --device cuda --bandwidth -r 3 \
        --case 512,128,0,1 --case 0,128,4096,1 --case 0,32,0,32 > "$out/bench-$quant.json" 2> "$out/bench-$quant.err"
    python3 - "$quant" "$out/bench-$quant.json" "$out/bench-$quant.err" <<'PY'
import json, sys
quant, path, err = sys.argv[1:4]
rows = [json.loads(line) for line in open(path) if line.startswith("{")]
if len(rows) < 3:
    print(f"{quant:<8} failed: {open(err).read().strip()[:200]}")
    sys.exit()
plain, deep, many = rows[:3]
print(f"{quant:<8} {plain['pp_tok_s']:10.0f} {plain['tg_tok_s']:10.1f} {deep['tg_tok_s']:12.1f} "
      f"{plain['bandwidth_share']*100:9.0f}% {many['tg_tok_s']:12.0f} "
      f"{plain['device_bytes']/2**30:6.2f} ({plain['planned_bytes']/2**30:.2f})")
if quant == "F16":
    print(f"         read bandwidth {plain['bandwidth_bytes_s']/1e12:.2f} TB/s on {plain['gpu_name']}, "
          f"decode as CUDA graphs: {'yes' if plain.get('cuda_graphs') else 'no'}")
PY
done

# Partial offload: half the layers on the GPU, the rest on the CPU.
timeout "$(limit 90)" "$carry/bench_model" --synthetic "${HEARTH_BENCH_SHAPE:-llama-3.1-8b}" --quant Q4_K_M --device cuda --gpu-layers 16 \
    -r 1 --case 512,32,0,1 > "$out/bench-split.json" 2> "$out/bench-split.err"
python3 - "$out/bench-split.json" "$out/bench-split.err" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
if not rows:
    print("split    failed: " + open(sys.argv[2]).read().strip()[:200])
else:
    r = rows[0]
    print(f"split    {r['pp_tok_s']:10.0f} {r['tg_tok_s']:10.1f}   Q4_K_M, {r['gpu_layers']} layers on the GPU, "
          f"{r['threads']} CPU threads for the rest")
PY
