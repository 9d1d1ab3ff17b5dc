#!/usr/bin/env bash
# Builds, on this machine, the engine's CUDA tests and benchmarks for the GPU
# machine (which has no Qt, PCRE2 or utf8proc headers), and gathers them in
# .gpu-carry/ to be carried there:
#   bench/gpu/prepare.sh            then, on the GPU machine,
#   bench/gpu/run.sh                (carry .gpu-carry)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-gpu"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEARTH_ENGINE_ONLY=ON -DHEARTH_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=90 > /dev/null
ninja -C "$build" tst_cuda_matvec tst_cuda_elementwise
carry="$root/.gpu-carry"
rm -rf "$carry"
mkdir -p "$carry"
cp "$build"/tests/engine/cuda/tst_cuda_* "$carry/" 2>/dev/null || true
rm -f "$carry"/*.cmake "$carry"/*_include*
du -sh "$carry"
