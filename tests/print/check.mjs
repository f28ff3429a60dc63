// The printed report, checked as a person would: tierbook-cli writes the report
// for the sample ledger, headless Chromium prints it to PDF, and each page is
// turned into an image: the page count must be sane, no page blank, and every page
// must carry the running footer. PNGs are kept in target/print-check/.
//
//   node tests/print/check.mjs [path/to/tierbook-cli]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

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
execFileSync("chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", `--user-data-dir=${path.join(out, "profile")}`, "--no-pdf-header-footer",
  `--print-to-pdf=${pdf}`, `file://${html}`,
], { stdio: "ignore" });
const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
check("the sample's report prints on a sane number of A4 pages", pages >= 4 && pages <= 12 && /A4/.test(info), `${pages} pages`);

execFileSync("pdftoppm", ["-r", "60", "-png", pdf, path.join(out, "page")]);
execFileSync("pdftoppm", ["-r", "30", "-gray", pdf, path.join(out, "gray")]);
const grays = readdirSync(out).filter((f) => f.startsWith("gray") && f.endsWith(".pgm")).sort();
let blank = [];
for (const f of grays) {
  // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
  const buf = readFileSync(path.join(out, f));
  let pos = 0;
  const fields = [];
  while (fields.length < 4) {
    while (buf[pos] === 0x20 || buf[pos] === 0x0a) pos++;
    let start = pos;
    while (buf[pos] !== 0x20 && buf[pos] !== 0x0a) pos++;
    fields.push(buf.subarray(start, pos).toString());
  }
  pos++;
  const pixels = buf.subarray(pos);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  // The footer alone inks well under 0.2% of a page.
  if (ink / pixels.length < 0.004) blank.push(f);
}
check("no page is blank", blank.length === 0 && grays.length === pages, blank.join(", "));
let footers = 0;
for (let i = 1; i <= pages; i++) {
  const text = execFileSync("pdftotext", ["-f", String(i), "-l", String(i), pdf, "-"], { encoding: "utf8" });
  if (text.includes(`第 ${i} 页，共 ${pages} 页`)) footers++;
}
check("every page carries the title and page number in its footer", footers === pages, `${footers}/${pages}`);
const all = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
check("the report holds the cover, key figures, tiers and playbook", ["客户分级分析报告", "关键数据", "A类客户", "C类客户", "分级管理策略"].every((s) => all.includes(s)));
for (const f of grays) rmSync(path.join(out, f));
rmSync(path.join(out, "profile"), { recursive: true, force: true });
console.log(`print: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
