#!/usr/bin/env bash
# Installs what building, running and testing Tierbook needs on Debian/Ubuntu, and
# skips what is already there: system packages, Node packages, tauri-driver and
# openpyxl (the second reader the end-to-end test checks exports with).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# webkit2gtk for the app, fontconfig/freetype for chart text, Xvfb and
# WebKitWebDriver for the end-to-end test, a CJK font for Chinese glyphs,
# Chromium and poppler for checking the printed report, xclip for reading
# what the app put on the clipboard.
packages=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libfontconfig1-dev libfreetype-dev
  xvfb xauth webkit2gtk-driver fonts-wqy-microhei chromium poppler-utils xclip)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rustup component add clippy rustfmt >/dev/null 2>&1 || true
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install -q openpyxl
