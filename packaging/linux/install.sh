#!/bin/sh
# IVP Desk for Linux: add it to your own applications menu (no root needed).
#
#   ./install.sh               menu entry + icon for this folder's ivpdesk
#   ./install.sh --verwijderen remove the menu entry and icon again
#
# Only the menu entry and icons are written (to ~/.local/share); the program stays in
# this folder, and your database and backups (~/.local/share/ivpdesk) are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-"$HOME/.local/share"}
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
SIZES="16 24 32 48 64 128 256"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" >/dev/null 2>&1 || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" >/dev/null 2>&1 || true
}

if [ "${1:-}" = "--verwijderen" ]; then
    rm -f "$APPS/ivpdesk.desktop"
    for size in $SIZES; do rm -f "$ICONS/${size}x${size}/apps/ivpdesk.png"; done
    refresh_menus
    echo "IVP Desk is uit het menu verwijderd. Uw gegevens in $DATA_HOME/ivpdesk zijn bewaard."
    exit 0
fi

if [ ! -x "$HERE/ivpdesk" ]; then
    echo "install.sh: $HERE/ivpdesk ontbreekt; pak het hele archief uit en probeer opnieuw." >&2
    exit 1
fi

mkdir -p "$APPS"
for size in $SIZES; do
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$HERE/_internal/resources/icons/ivpdesk-$size.png" "$ICONS/${size}x${size}/apps/ivpdesk.png"
done
# Exec gets the absolute path, quoted as the Desktop Entry spec asks (folders may contain spaces).
exec_path=$(printf '%s' "$HERE/ivpdesk" | sed 's/\\/\\\\\\\\/g; s/"/\\\\"/g; s/`/\\\\`/g; s/\$/\\\\$/g; s/%/%%/g')
{
    grep -v '^Exec=' "$HERE/ivpdesk.desktop"
    printf 'Exec="%s"\n' "$exec_path"
} > "$APPS/ivpdesk.desktop.tmp"
chmod 644 "$APPS/ivpdesk.desktop.tmp"
mv "$APPS/ivpdesk.desktop.tmp" "$APPS/ivpdesk.desktop"
refresh_menus
echo "IVP Desk staat nu in uw programmamenu (start: $HERE/ivpdesk)."
