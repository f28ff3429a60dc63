#!/usr/bin/env bash
# Fuzzes the importer (crates/core/fuzz, target `import`) for a fixed time with
# libFuzzer on the nightly toolchain — not part of CI's budget. Seeds come from
# the test fixtures and the bundled samples; crashes land in
# crates/core/fuzz/artifacts/import/ and are turned into regression tests.
#
#   bash scripts/fuzz.sh [seconds]      (default 600)
set -euo pipefail
cd "$(dirname "$0")/../crates/core/fuzz"
seconds="${1:-600}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/import
cp -n ../tests/fixtures/small.* ../tests/fixtures/small-1904.xlsx ../../../samples/客户汇总.xlsx corpus/import/ 2>/dev/null || true
printf '客户,日期,金额,毛利\n甲,2025-01-02,"1,234.50-",#DIV/0!\n合计,,,\n' > corpus/import/seed.csv
printf '<html><table><tr><th colspan=2>金额</th></tr><tr><td>甲</td><td>1</td></tr></table></html>' > corpus/import/seed.html
cargo +nightly fuzz run import corpus/import -- -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=20
