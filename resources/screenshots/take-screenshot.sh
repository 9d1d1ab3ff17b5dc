#!/usr/bin/env bash
# Makes the README's screenshot: Hearth's main window on a virtual X display.
# Needs xvfb and imagemagick (apt-get install xvfb xauth imagemagick).
# Usage: resources/screenshots/take-screenshot.sh [HEARTH_BINARY] [OUT.png] [LANGUAGE]
set -euo pipefail
hearth=$(realpath "${1:-build/hearth}")
out=$(realpath -m "${2:-resources/screenshots/planner.png}")
language=${3:-en_US.UTF-8}
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
# Scratch config and data folders: the screenshot must not depend on this
# user's settings or chat history.
XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$config/data" LANG="$language" LC_ALL="$language" \
xvfb-run -a -s "-screen 0 1280x820x24" bash -c '
    "$0" & pid=$!
    sleep 5
    import -window root "$1"
    kill $pid' "$hearth" "$out"
echo "wrote $out"
