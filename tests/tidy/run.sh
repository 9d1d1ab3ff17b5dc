#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy (bugprone, performance and
# concurrency checks) over the C++ sources of the given folders, as the build
# compiles them: any finding fails.
#   tests/tidy/run.sh SOURCE_DIR BUILD_DIR [FOLDERS]
# FOLDERS is a regex alternative of top-level folders, "engine" by default:
# the test run checks the engine; "engine|app|ui" checks everything, which
# takes about 40 minutes on two cores (Qt's headers are parsed per file).
set -euo pipefail
source=$(cd "$1" && pwd) build=$2 folders=${3:-engine}
tidy=$(command -v clang-tidy || command -v clang-tidy-14)
runner=$(command -v run-clang-tidy || command -v run-clang-tidy-14)
# CUDA sources are left to nvcc: clang-tidy 14 does not know CUDA 13. The
# compile commands are GCC's: clang is told not to mind the GCC-only warning
# names in them, nor the compound literals inside its own intrinsics' macros.
exec "$runner" -clang-tidy-binary "$tidy" -p "$build" -quiet -j "$(nproc)" \
    -extra-arg=-Wno-unknown-warning-option -extra-arg=-Wno-c99-extensions \
    "^$source/($folders)/.*\.cpp\$"
