#!/usr/bin/env bash
# On the GPU machine: runs what bench/gpu/prepare.sh built and prints one
# short table. Each test binary's own report is kept under $OUT (when set).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
carry="$root/.gpu-carry"
out=${OUT:-/tmp}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "no nvidia-smi"
printf '%-28s %s\n' "check" "result"
for test in "$carry"/tst_cuda_*; do
    name=$(basename "$test")
    if "$test" --gtest_output="xml:$out/$name.xml" > "$out/$name.log" 2>&1; then
        passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log")
        skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out/$name.log")
        result="${passed:-0} passed, ${skipped:-0} skipped"
    else
        result="FAILED: $(grep -m3 -E 'Failure|FAILED' "$out/$name.log" | tr '\n' ' ')"
    fi
    printf '%-28s %s\n' "$name" "$result"
done
