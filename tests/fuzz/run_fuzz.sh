#!/usr/bin/env bash
# Fuzzes the GGUF reader for a bounded time from a fresh seed corpus.
set -euo pipefail
fuzzer=$1 make_corpus=$2 corpus=$3 seconds=$4
rm -rf "$corpus" && "$make_corpus" "$corpus"
# detect_leaks=0: a parse that throws is not a leak, and LeakSanitizer needs
# ptrace, which containers often forbid.
ASAN_OPTIONS=detect_leaks=0 "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=1024 -malloc_limit_mb=512 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$corpus/../" "$corpus" 2>&1 | tail -n 25
