#!/usr/bin/env bash
# Sets up a Debian 12 machine for Hearth, builds it, then launches it or runs
# every test. Installs only what is missing (with sudo when not root).
#
#   ./build.sh run [HEARTH ARGUMENTS]   build and launch Hearth
#   ./build.sh test                     build and run every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-run}
[ $# -gt 0 ] && shift

build_packages=(
    cmake ninja-build g++ ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev
    qt6-svg-dev libqt6svg6 libqt6sql6-sqlite qtkeychain-qt6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-qpa-plugins qt6-translations-l10n libgl-dev libgtest-dev libbenchmark-dev libutf8proc-dev libpcre2-dev libhttp-parser-dev nlohmann-json3-dev fonts-wqy-microhei
)
# The fuzzer needs clang and its runtime; the format check clang-format; the
# tidy check clang-tidy; the .deb test needs dpkg-shlibdeps;
# tokenizer and template tests fetch real vocabularies with npm; the API is
# tested with the official OpenAI client, directly and behind nginx.
test_packages=(clang clang-format clang-tidy libclang-rt-14-dev dpkg-dev file desktop-file-utils nginx openssl)
command -v npm >/dev/null || test_packages+=(nodejs npm)

case "$mode" in
    run) packages=("${build_packages[@]}") ;;
    test) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
    *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTH_WERROR=ON
case "$mode" in
    run) cmake --build build --target hearth ;; # the window needs no tests, fuzzers or benchmarks
    test) cmake --build build ;;
esac

case "$mode" in
    run) exec build/hearth "$@" ;;
    test) cd build && exec ctest --output-on-failure --timeout 900 -j "$(nproc)" ;;
esac
