#!/usr/bin/env bash
# Fuzzes one target for a bounded time from a fresh seed corpus.
#   run_fuzz.sh FUZZER CORPUS_DIR SECONDS SEED_COMMAND...
# The seed command is run with CORPUS_DIR appended and fills it.
set -euo pipefail
fuzzer=$1 corpus=$2 seconds=$3
shift 3
rm -rf "$corpus" && mkdir -p "$corpus"
"$@" "$corpus"
# detect_leaks=0: a parse that throws is not a leak, and LeakSanitizer needs
# ptrace, which containers often forbid.
ASAN_OPTIONS=detect_leaks=0 "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=1024 -malloc_limit_mb=512 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$corpus/../" "$corpus" 2>&1 | tail -n 25
