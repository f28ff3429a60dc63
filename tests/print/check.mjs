// The printed report, checked as a person would: tierbook-cli writes the report
// for the sample ledger and headless Chromium prints the saved HTML to PDF, as a
// user printing the saved file from a browser would; pages.mjs checks it page
// by page (the app's own 打印… is checked the same way in the e2e).
// PNGs are kept in target/print-check/.
//
//   node tests/print/check.mjs [path/to/tierbook-cli]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { checkPrintedReport, chromiumPdf } from "./pages.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const cli = path.resolve(process.argv[2] ?? path.join(root, "target/debug/tierbook-cli"));
const out = path.join(root, "target/print-check");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${detail ? ` (${detail})` : ""}`);
}

const html = path.join(out, "report.html");
const pdf = path.join(out, "report.pdf");
execFileSync(cli, ["report", path.join(root, "samples/2025销售台账.xlsx"), "--company", "华东精工机械有限公司", "-o", html]);
chromiumPdf(html, pdf, path.join(out, "profile"));
checkPrintedReport({ pdf, html, out, label: "chromium", footer: (i, n) => `第 ${i} 页，共 ${n} 页`, check });
console.log(`print: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
