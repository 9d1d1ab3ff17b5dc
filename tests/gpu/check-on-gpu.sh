#!/usr/bin/env bash
# The GPU machine's checks, in one run. That machine has CUDA but no Qt and
# cannot install anything, so the engine is built here, engine-only, and the
# build folder travels with the command:
#
#   cmake -S . -B build-gpu -G Ninja -DHEARTH_ENGINE_ONLY=ON -DHEARTH_CUDA=ON
#   cmake --build build-gpu
#   (on the GPU machine, from the repository root) tests/gpu/check-on-gpu.sh
#
# The test binaries link GoogleTest and cudart statically, so they need only
# the driver there.
set -uo pipefail
build=${1:-build-gpu}
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv
status=0
printf '\n%-28s %s\n' "suite" "result"
for test in "$build"/tests/engine/tst_* "$build"/tests/engine/cpu/tst_*; do
    [ -x "$test" ] || continue
    # Suites that read the npm test data run only where it was carried along.
    case $(basename "$test") in
    tst_tokenizer | tst_chat_template_golden | tst_engine | tst_generation_fidelity)
        if [ -z "${HEARTH_TEST_DATA:-}" ]; then
            printf '%-28s %s\n' "$(basename "$test")" "skipped (no HEARTH_TEST_DATA)"
            continue
        fi
        ;;
    esac
    if HEARTH_EXPECT_GPUS=${HEARTH_EXPECT_GPUS:-1} "$test" --gtest_brief=1 >"/tmp/$(basename "$test").log" 2>&1; then
        printf '%-28s %s\n' "$(basename "$test")" "passed"
    else
        printf '%-28s %s\n' "$(basename "$test")" "FAILED"
        cat "/tmp/$(basename "$test").log"
        status=1
    fi
done
"$build/tests/engine/tst_local_gpus" 2>&1 | grep '×'
exit $status
