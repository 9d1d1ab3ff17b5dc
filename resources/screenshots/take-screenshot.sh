#!/usr/bin/env bash
# Screenshots of Hearth's main window on a virtual X display: each area, in
# the light and dark themes, in English and in Chinese. Needs xvfb and
# imagemagick (apt-get install xvfb xauth imagemagick).
# Usage: [HEARTH_AREAS="discover …"] resources/screenshots/take-screenshot.sh [HEARTH_BINARY] [OUT_DIR]
# writes OUT_DIR/AREA-THEME-LANGUAGE.png (chat-light-en.png, models-dark-zh_CN.png, …).
set -euo pipefail
hearth=$(realpath "${1:-build/hearth}")
out=$(realpath -m "${2:-resources/screenshots}")
mkdir -p "$out"
all_areas=(chat models discover server planner settings)
# HEARTH_AREAS="discover settings" takes only those.
read -r -a wanted <<< "${HEARTH_AREAS:-${all_areas[*]}}"
for language in en zh_CN; do
    for theme in light dark; do
        for index in "${!all_areas[@]}"; do
            [[ " ${wanted[*]} " == *" ${all_areas[$index]} "* ]] || continue
            # Scratch config and data folders: a screenshot must not depend on
            # this user's settings or chat history.
            scratch=$(mktemp -d)
            mkdir -p "$scratch/config/Hearth"
            theme_value=$([ "$theme" = dark ] && echo 2 || echo 1)
            # English as the system language; Chinese chosen in Hearth's settings.
            language_value=$([ "$language" = en ] || echo zh_CN)
            printf '[ui]\nlanguage=%s\ntheme=%s\n\n[window]\narea=%s\n' \
                "$language_value" "$theme_value" "$index" > "$scratch/config/Hearth/Hearth.conf"
            file="$out/${all_areas[$index]}-$theme-$language.png"
            XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 \
            xvfb-run -a -s "-screen 0 1280x820x24" bash -c '
                "$0" & pid=$!
                sleep 4
                import -window root "$1"
                kill $pid' "$hearth" "$file"
            rm -rf "$scratch"
            echo "wrote $file"
        done
    done
done
