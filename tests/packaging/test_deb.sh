#!/usr/bin/env bash
# The .deb installs and runs: name, Depends, contents, and the installed
# binary's --version and a headless plan.
set -euo pipefail
build=$1 version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb="$work/out/hearth_${version}_amd64.deb"
[ -f "$deb" ] || { ls "$work/out"; fail "expected $(basename "$deb")"; }

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in libqt6sql6-sqlite qt6-qpa-plugins libqt6widgets6 libqt6charts6 libc6; do
    grep -q "$package" <<<"$depends" || fail "Depends lacks $package"
done

contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/hearth ./usr/share/applications/hearth.desktop ./usr/share/icons/hicolor/scalable/apps/hearth.svg; do
    grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done

dpkg -x "$deb" "$work/root"
installed="$work/root/usr/bin/hearth"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$installed" --version)
[ "$out" = "hearth $version" ] || fail "installed --version printed '$out'"
env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME="$work/config" "$installed" plan --model qwen2.5-7b-instruct --json \
    | grep -q '"total_bytes"' || fail "installed hearth plan gave no total_bytes"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/hearth.desktop"
fi
echo "ok: $(basename "$deb") installs and runs"
