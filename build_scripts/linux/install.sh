#!/bin/sh
# Install Descarga Masiva SAT for the current user (no root): the app in ~/.local/share/descarga-masiva-sat,
# the `descarga-masiva` command in ~/.local/bin, the menu entry and its icon.
#
#   ./install.sh              install (or upgrade: the previous copy is replaced; your data is kept)
#   ./install.sh --uninstall  remove the app (your data folder and keyring entries are kept)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
dest=$data/descarga-masiva-sat
bin=$HOME/.local/bin
desktop=$data/applications/descarga-masiva-sat.desktop
png=$data/icons/hicolor/256x256/apps/descarga-masiva-sat.png
svg=$data/icons/hicolor/scalable/apps/descarga-masiva-sat.svg

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$dest" "$desktop" "$png" "$svg"
    [ -L "$bin/descarga-masiva" ] && rm -f "$bin/descarga-masiva"
    refresh
    echo "Descarga Masiva SAT removed (your data was kept)."
    exit 0
fi

rm -rf "$dest"
mkdir -p "$dest" "$bin" "$(dirname "$desktop")" "$(dirname "$png")" "$(dirname "$svg")"
cp -a "$here/descarga-masiva/." "$dest/"
ln -sf "$dest/descarga-masiva" "$bin/descarga-masiva"
cp "$here/descarga-masiva-sat.png" "$png"
cp "$here/descarga-masiva-sat.svg" "$svg"
sed "s|^Exec=.*|Exec=\"$dest/descarga-masiva\"|" "$here/descarga-masiva-sat.desktop" > "$desktop"
chmod 644 "$desktop"
refresh
echo "Descarga Masiva SAT installed in $dest; run it from the menu or as 'descarga-masiva'."
# The window needs a display and the system libraries Qt draws with: say now, in this terminal, what is missing
# and the command that installs it (the app says it again, in a dialog, if started from the menu anyway).
"$dest/descarga-masiva" --check-window >/dev/null || true
case ":$PATH:" in
*":$bin:"*) ;;
*) echo "Note: $bin is not in your PATH: run the command as '$bin/descarga-masiva', or add $bin to PATH." ;;
esac
