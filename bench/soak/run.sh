#!/usr/bin/env bash
# The API's soak test: `hearth serve` on a small generated model (started by
# the API tests' tests/api/serve_and_run.sh), and 8 clients sending a mix of
# streamed and whole chat completions, completions and embeddings for
# SECONDS (an hour by default), a fifth of the streams left mid-answer.
# Prints the server's resident memory over time, its growth after the first
# five minutes, and whether every request was answered or left and counted
# so by /metrics.
#
#   bench/soak/run.sh BUILD_DIR NODE_MODULES [SECONDS] [CLIENTS]
set -euo pipefail
build=$(cd "$1" && pwd)
export SOAK_SECONDS=${3:-3600} SOAK_CLIENTS=${4:-8}
here=$(cd "$(dirname "$0")" && pwd)
HEARTH_SERVE_ARGS="--queue 64 --quiet" exec "$here/../../tests/api/serve_and_run.sh" "$build/hearth" \
    "$build/tests/engine/make_test_model" "$2" node "$here/soak.mjs"
