#!/usr/bin/env bash
# The whole test suite: the frontend build (TypeScript check), formatting, lints,
# frontend component tests (vitest), every Rust test (unit, integration, doc,
# command tests on the mock runtime) and the end-to-end test of the real window
# under Xvfb, and the printed report checked page by page. Ends with one plain
# line "N passed, N failed" over all of them.
#
# Installs what it needs first (scripts/install-deps.sh), and starts a
# PostgreSQL test server for the team-workspace tests (scripts/pg.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
bash scripts/install-deps.sh || { echo "could not install the test dependencies"; echo "0 passed, 1 failed"; exit 1; }

# The store's tests run on both backends: a PostgreSQL test server in a
# temporary directory (scripts/pg.sh), stopped whatever happens.
if TIERBOOK_TEST_PG=$(bash scripts/pg.sh start); then
  export TIERBOOK_TEST_PG
  trap 'bash scripts/pg.sh stop' EXIT
else
  echo "could not start the PostgreSQL test server"
fi
# Every target's locked crates, so `cargo metadata --offline` (the toolchain
# test) sees them all.
cargo fetch --locked >/dev/null 2>&1 || true

status=0
passed=0
failed=0
step() { echo; echo "== $*"; }
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

step "frontend build (tsc + vite → dist/, embedded by the app)"
if ! npm run build; then status=1; count 0 1; fi

step "cargo fmt --check"
cargo fmt --all -- --check || status=1

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings || status=1

step "vitest (component tests, IPC mocked)"
rm -f target/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile=target/vitest.json || status=1
if [ -f target/vitest.json ]; then
  read -r vp vf < <(node -e 'const r=require("./target/vitest.json");console.log(r.numPassedTests, r.numFailedTests)')
  count "$vp" "$vf"
else
  count 0 1
fi

step "cargo test"
cargo test --workspace --locked 2>&1 | tee target/test-output.log
test_status=${PIPESTATUS[0]}
read -r cp cf < <(awk '/^test result:/ {
    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
  } END { print p + 0, f + 0 }' target/test-output.log)
if [ "$test_status" -ne 0 ]; then
  status=1
  # A build failure runs no test: count it as a failure, never as a pass.
  [ "$cf" -eq 0 ] && cf=1
fi
count "$cp" "$cf"

step "end-to-end: the real app through tauri-driver under Xvfb (screenshots in target/e2e-screenshots/)"
if command -v tauri-driver >/dev/null && command -v xvfb-run >/dev/null && command -v WebKitWebDriver >/dev/null; then
  timeout 900 xvfb-run -a -s "-screen 0 1366x860x24" node tests/e2e/run.mjs target/debug/tierbook target/debug/tierbook-cli 2>&1 | tee target/e2e.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  read -r ep ef < <(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' target/e2e.log | tail -1)
  count "${ep:-0}" "${ef:-1}"
  # The team workspace: finance imports on the test server, a read-only
  # manager's window sees the run and is refused an override.
  timeout 300 xvfb-run -a -s "-screen 0 1366x860x24" node tests/e2e/team.mjs target/debug/tierbook target/debug/tierbook-cli 2>&1 | tee target/e2e-team.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  read -r ep ef < <(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' target/e2e-team.log | tail -1)
  count "${ep:-0}" "${ef:-1}"
else
  echo "tauri-driver, xvfb-run or WebKitWebDriver is missing: install them as .ci/run does."
  status=1
  count 0 1
fi

step "printed report: headless Chromium → PDF → pages checked (PNGs in target/print-check/)"
node tests/print/check.mjs target/debug/tierbook-cli 2>&1 | tee target/print.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
read -r pp pf < <(sed -n 's/^print: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' target/print.log | tail -1)
count "${pp:-0}" "${pf:-1}"

echo
echo "${passed} passed, ${failed} failed" | tee target/test-summary.txt
exit $status
