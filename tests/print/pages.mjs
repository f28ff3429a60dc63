// The checks a person makes on a printed report, page by page, for any PDF
// of it: Chromium's print of the saved HTML (check.mjs) and the app's own
// 打印… through WebKit's print-to-file (the e2e). Pages are turned into
// images with poppler; PNGs of every page are kept in `out`.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

/** Prints `html` to `pdf` with headless Chromium, as a user printing the saved report from a browser. */
export function chromiumPdf(html, pdf, profile) {
  execFileSync("chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, "--no-pdf-header-footer",
    `--print-to-pdf=${pdf}`, `file://${html}`,
  ], { stdio: "ignore" });
  rmSync(profile, { recursive: true, force: true });
}

/** A binary PGM (P5) as width, height and one byte per pixel. */
function readPgm(file) {
  const buf = readFileSync(file);
  let pos = 0;
  const fields = [];
  while (fields.length < 4) {
    while (buf[pos] === 0x20 || buf[pos] === 0x0a) pos++;
    const start = pos;
    while (buf[pos] !== 0x20 && buf[pos] !== 0x0a) pos++;
    fields.push(buf.subarray(start, pos).toString());
  }
  return { width: Number(fields[1]), height: Number(fields[2]), pixels: buf.subarray(pos + 1) };
}

/** The cover, key figures, two tiers and the playbook of a report in Chinese. */
export const ZH_SECTIONS = ["客户分级分析报告", "关键数据", "A类客户", "C类客户", "分级管理策略"];

const squash = (s) => s.replace(/\s+/g, "");

/** Each figure's chart title (the first text in its SVG) and caption, from the report's HTML. */
function figures(html) {
  return [...html.matchAll(/<figure>([\s\S]*?)<\/figure>/g)].map(([, f]) => ({
    title: squash((f.match(/<text[^>]*>\s*([^<]+?)\s*<\/text>/) ?? [, ""])[1]),
    caption: squash((f.match(/<figcaption>([\s\S]*?)<\/figcaption>/) ?? [, ""])[1]),
  }));
}

/**
 * Checks `pdf` as printed from `html` (the report's source), reporting each
 * finding through `check(name, ok, detail)`. `footer(i, n)` is the text page
 * i of n must carry; `sections` are headings the report must hold; `within`
 * the range of pages it may take; `label` names the print path in each check.
 */
export function checkPrintedReport({ pdf, html, out, label, footer, sections = ZH_SECTIONS, within = [4, 12], check }) {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
  check(`${label}: the report prints on a sane number of A4 pages`, pages >= within[0] && pages <= within[1] && /A4/.test(info), `${pages} pages, ${within.join("–")} expected`);

  const stem = path.join(out, label.replace(/\W+/g, "-"));
  execFileSync("pdftoppm", ["-r", "60", "-png", pdf, `${stem}-page`]);
  execFileSync("pdftoppm", ["-r", "30", "-gray", pdf, `${stem}-gray`]);
  const grays = readdirSync(out).filter((f) => f.startsWith(path.basename(`${stem}-gray`)) && f.endsWith(".pgm")).sort();
  const blank = [];
  const grey = [];
  for (const f of grays) {
    const { width, height, pixels } = readPgm(path.join(out, f));
    let ink = 0;
    for (const p of pixels) if (p < 200) ink++;
    // The footer alone inks well under 0.2% of a page.
    if (ink / pixels.length < 0.004) blank.push(f);
    // The top margin (its first 5 mm) is paper: white, not a window's grey.
    const rows = Math.max(1, Math.round((height * 5) / 297));
    let sum = 0;
    for (let i = 0; i < rows * width; i++) sum += pixels[i];
    if (sum / (rows * width) < 250) grey.push(f);
  }
  check(`${label}: no page is blank`, blank.length === 0 && grays.length === pages, blank.join(", "));
  check(`${label}: no page has a grey background`, grey.length === 0, grey.join(", "));

  const text = Array.from({ length: pages }, (_, i) => execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }));
  const footers = text.filter((t, i) => squash(t).includes(squash(footer(i + 1, pages)))).length;
  check(`${label}: every page carries the title and its page number in the footer`, footers === pages, `${footers}/${pages}`);
  const all = text.join("\n");
  check(`${label}: the report holds the cover, key figures, tiers and playbook`, sections.every((s) => all.includes(s)), sections.filter((s) => !all.includes(s)).join(", "));

  // A chart is whole on one page: its title and its caption on the same page, once.
  const source = readFileSync(html, "utf8");
  const split = [];
  const charts = figures(source);
  for (const { title, caption } of charts) {
    const withCaption = text.map((t, i) => (squash(t).includes(caption) ? i : -1)).filter((i) => i >= 0);
    if (withCaption.length !== 1 || !squash(text[withCaption[0]]).includes(title)) split.push(`${title} (caption on pages ${withCaption.map((i) => i + 1).join(",") || "none"})`);
  }
  check(`${label}: no chart is split across pages`, charts.length >= 2 && split.length === 0, split.join("; ") || `${charts.length} charts`);
  for (const f of grays) rmSync(path.join(out, f));
  return pages;
}
