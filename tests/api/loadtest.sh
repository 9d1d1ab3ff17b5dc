#!/usr/bin/env bash
# A client of serve_and_run.sh: `hearth loadtest` against `hearth serve`
# prints the deployment guide's measures, every request succeeding; with a
# wrong key every request fails, and it says so.
set -euo pipefail
hearth=$1
report=$("$hearth" loadtest --url "$HEARTH_URL" --model "$HEARTH_MODEL" --api-key "$HEARTH_API_KEY" \
    --concurrency 6 --requests 24 --max-tokens 12 --json)
echo "$report"
node -e '
const r = JSON.parse(process.argv[1]);
const assert = require("node:assert/strict");
assert.equal(r.total_requests, 24);
assert.equal(r.success_count, 24);
assert.equal(r.error_rate, 0);
for (const key of ["throughput_rps", "avg_latency_s", "p50_latency_s", "p95_latency_s", "avg_ttft_s", "avg_tokens_per_sec"])
    assert.ok(r[key] > 0, key);
assert.ok(r.p50_latency_s <= r.p95_latency_s);
assert.ok(r.avg_ttft_s < r.avg_latency_s);
' "$report"
if "$hearth" loadtest --url "$HEARTH_URL" --model "$HEARTH_MODEL" --api-key wrong --concurrency 2 --requests 4 \
    >"${TMPDIR:-/tmp}/loadtest-refused.$$" 2>&1; then
    echo "a load test whose requests all fail must exit non-zero" >&2
    exit 1
fi
grep -q "Error rate: *100.0 %" "${TMPDIR:-/tmp}/loadtest-refused.$$"
grep -q "401" "${TMPDIR:-/tmp}/loadtest-refused.$$"
rm -f "${TMPDIR:-/tmp}/loadtest-refused.$$"
