#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, every Rust test (unit, integration,
# doc). Ends with one plain line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
step() { echo; echo "== $*"; }

step "cargo fmt --check"
cargo fmt --all -- --check || status=1

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings || status=1

step "cargo test"
mkdir -p target
cargo test --workspace --locked 2>&1 | tee target/test-output.log
test_status=${PIPESTATUS[0]}
[ "$test_status" -eq 0 ] || status=1

read -r passed failed < <(awk '/^test result:/ {
    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
  } END { print p + 0, f + 0 }' target/test-output.log)
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build failure runs no test: count it as a failure, never as a pass.
  failed=1
fi
echo
echo "${passed} passed, ${failed} failed"
exit $status
