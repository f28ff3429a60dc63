#!/usr/bin/env bash
# Installs what is needed, builds the app and starts it. On first run the window
# offers the bundled sample ledger (samples/2025销售台账.xlsx).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build
cargo run --release -p tierbook
