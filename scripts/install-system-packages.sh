#!/usr/bin/env bash
# Installs the few Debian/Ubuntu packages xephang needs, only those missing.
# libgl1/libegl1: Kivy's OpenGL; libmtdev1: touchscreens; socat: virtual serial printer in tests;
# libzbar0: QR decoding in tests; espeak-ng: spoken calls; libusb-1.0-0: USB printers;
# fuse3: the power-cut drill's test disk (tests/drills/power_cut_fs.py); python3-venv: the virtual environment;
# chromium, chromium-driver: the dashboard's browser tests; chromium-l10n: its language packs, without which
# Chromium knows only en-US and a date field reads mm/dd/yyyy where a Vietnamese manager's reads dd/mm/yyyy.
set -eu
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "xephang cần Python 3.11 trở lên / xephang needs Python 3.11 or newer;" \
         "$PYTHON is $("$PYTHON" --version 2>&1 || echo missing)." >&2
    echo "  Debian 12 and Ubuntu 24.04 have it; elsewhere run: make PYTHON=python3.11 ..." >&2
    exit 1
fi
PACKAGES="python3-venv libgl1 libegl1 libmtdev1 socat libzbar0 espeak-ng libusb-1.0-0 fuse3 chromium chromium-driver chromium-l10n"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "xephang: đã có đủ các gói Debian / Debian packages already present."
    exit 0
fi
echo "xephang: đang cài các gói Debian / installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
