#!/bin/sh
# Installs this unpacked Coffee Shop asyncio for the current user only, under ~/.local:
# the app in ~/.local/lib/coffeeshop, `coffeeshop` linked into ~/.local/bin, and the menu
# entry, its icon and the AppStream metainfo under ~/.local/share. uninstall.sh, copied beside
# the app, removes exactly what this added (it keeps the list in INSTALLED).
# Set PREFIX to install somewhere else than ~/.local.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
app="$prefix/lib/coffeeshop"
id=io.github.coffeeshop_asyncio
bin="$prefix/bin/coffeeshop"
desktop="$prefix/share/applications/$id.desktop"
icon="$prefix/share/icons/hicolor/scalable/apps/$id.svg"
metainfo="$prefix/share/metainfo/$id.metainfo.xml"

[ -x "$here/coffeeshop" ] || { echo "install: run the install.sh of an unpacked app" >&2; exit 2; }
if [ "$here" = "$app" ]; then
    echo "install: already installed in $app" >&2
    exit 0
fi
if [ -e "$app" ]; then
    "$app/uninstall.sh" || { echo "install: could not remove the older $app" >&2; exit 1; }
fi
for path in "$bin" "$desktop" "$icon" "$metainfo"; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        echo "install: $path exists and is not this app's; nothing was changed" >&2
        exit 1
    fi
done

made=""  # the folders this install creates, outermost first
make_dir() {
    [ -d "$1" ] && return 0
    make_dir "$(dirname "$1")"
    mkdir "$1"
    made="$made$1
"
}
for dir in "$prefix/lib" "$prefix/bin" "${desktop%/*}" "${icon%/*}" "${metainfo%/*}"; do
    make_dir "$dir"
done

cp -a "$here" "$app.partial" && mv "$app.partial" "$app"
ln -s "$app/coffeeshop" "$bin"
# An absolute Exec: a desktop session's PATH often lacks ~/.local/bin.
sed "s|^Exec=coffeeshop |Exec=\"$app/coffeeshop\" |" "$here/share/$id.desktop" >"$desktop"
cp "$here/share/$id.svg" "$icon"
cp "$here/share/$id.metainfo.xml" "$metainfo"
printf '%s\n' "$bin" "$desktop" "$icon" "$metainfo" >"$app/INSTALLED"
printf '%s' "$made" | sed '1!G;h;$!d' >>"$app/INSTALLED"  # innermost folder first

echo "install: Coffee Shop asyncio is in $app; run it from the menu or as $bin"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "install: note: $prefix/bin is not on PATH" ;; esac
