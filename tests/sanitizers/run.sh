#!/usr/bin/env bash
# The engine and its GoogleTest suites built once more with sanitizers
# (engine only: no Qt, no CUDA), and run.
#   tests/sanitizers/run.sh SOURCE_DIR BUILD_DIR TEST_DATA [all|thread]
# Without a mode, and with "all": AddressSanitizer and
# UndefinedBehaviorSanitizer, so any out-of-bounds access, use after free or
# undefined behaviour fails the test. With "thread": ThreadSanitizer over the
# suites whose work is shared between threads (the engine's scheduler, the
# thread pool under the forward pass), so any data race fails them. The Qt
# side's threads (downloads, the server thread) would need a Qt built with
# ThreadSanitizer, which Debian does not ship.
#
# -O1 with line tables: quick to build, and reports name their lines. The
# SIMD kernels are left out (HEARTH_CPU_SIMD=OFF): sanitized, each took over
# five minutes to build on two cores; the portable kernels run instead.
# Without a mode, the suites that quantize whole models at test time are left
# out (the 1- to 3-bit quantizers take 90 s a model sanitized), and so are the
# few that take half a minute or more each sanitized (the same logits on any
# number of threads, the engine's full-cache and full-context cases, the
# constraint's long random walk): the rest fits the test run's budget.
set -euo pipefail
source=$1 build=$2 data=$3 mode=${4:-}
sanitizers=address,undefined
[ "$mode" = thread ] && sanitizers=thread
cmake -S "$source" -B "$build" -G Ninja -DHEARTH_ENGINE_ONLY=ON -DHEARTH_CUDA=OFF -DHEARTH_BENCHMARKS=OFF \
    -DHEARTH_SANITIZE="$sanitizers" -DHEARTH_CPU_SIMD=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DHEARTH_TEST_DATA="$data" >/dev/null
cmake --build "$build"
# detect_leaks=0: LeakSanitizer needs ptrace, which containers often forbid.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 TSAN_OPTIONS=halt_on_error=1
if [ "$mode" = thread ]; then
    exec ctest --test-dir "$build" --output-on-failure --timeout 900 -j "$(nproc)" \
        -R '^engine\.(engine|forward|forward_pass)\.'
fi
skip='^(style|layers)\.'
[ "$mode" = all ] || skip+='|^engine\.(generation_fidelity|llama_cpp_agreement|quantize_model|importance|convert|evaluate)\.'\
'|GiveTheSameLogitsOnAnyNumberOfThreads|AFullSharedCacheEnds|AFullContextEndsTheReply|WhatItLetsThroughAlwaysParses'
ctest --test-dir "$build" --output-on-failure --timeout 900 -j "$(nproc)" -E "$skip"
