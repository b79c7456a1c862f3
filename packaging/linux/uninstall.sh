#!/bin/sh
# Removes what install.sh added, listed in INSTALLED beside this script: the link and the
# desktop files, the app itself, then the folders the install created if they are now empty.
set -eu
app="$(cd "$(dirname "$0")" && pwd)"
[ -f "$app/INSTALLED" ] || { echo "uninstall: $app was not installed by install.sh" >&2; exit 2; }
added="$(cat "$app/INSTALLED")"
rm -rf "$app"
printf '%s\n' "$added" | while IFS= read -r path; do
    if [ -d "$path" ] && [ ! -L "$path" ]; then
        rmdir "$path" 2>/dev/null || true  # a folder the user has since put files in stays
    elif [ -n "$path" ]; then
        rm -f "$path"
    fi
done
echo "uninstall: removed Coffee Shop asyncio from $app"
