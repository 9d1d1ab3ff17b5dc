#!/usr/bin/env bash
# The engine and its GoogleTest suites built once more with AddressSanitizer
# and UndefinedBehaviorSanitizer (engine only: no Qt, no CUDA), and run: any
# out-of-bounds access, use after free or undefined behaviour fails the test.
#   tests/sanitizers/run.sh SOURCE_DIR BUILD_DIR TEST_DATA
# -O1 with line tables: quick to build, and reports name their lines.
set -euo pipefail
source=$1 build=$2 data=$3
cmake -S "$source" -B "$build" -G Ninja -DHEARTH_ENGINE_ONLY=ON -DHEARTH_CUDA=OFF -DHEARTH_BENCHMARKS=OFF \
    -DHEARTH_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DHEARTH_TEST_DATA="$data" >/dev/null
cmake --build "$build"
# detect_leaks=0: LeakSanitizer needs ptrace, which containers often forbid.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
ctest --test-dir "$build" --output-on-failure --timeout 900 -j "$(nproc)" -E '^(style|layers)\.'
