// End-to-end test of the real app: tauri-driver + WebKitWebDriver drive the built
// binary under Xvfb. Native dialogs are bypassed by the app's test hooks
// (TIERBOOK_TEST_LEDGER / TIERBOOK_TEST_SAVE). Screenshots of every screen go to
// target/e2e-screenshots/. Expected tier counts come from tierbook-cli on the
// same ledger; the exported workbook is read back with openpyxl.
//
//   xvfb-run -a node tests/e2e/run.mjs [path/to/tierbook] [path/to/tierbook-cli]
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Builder, By, Capabilities, Key, until } from "selenium-webdriver";
import { assert, freePort, step, summary, tally, waitFor, waitForPort } from "./lib.mjs";
import { checkPrintedReport, chromiumPdf } from "../print/pages.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const app = path.resolve(process.argv[2] ?? path.join(root, "target/debug/tierbook"));
const cli = path.resolve(process.argv[3] ?? path.join(root, "target/debug/tierbook-cli"));
const ledger = path.join(root, "samples/2025销售台账.xlsx");
const previousLedger = path.join(root, "samples/2024销售台账.xlsx");
const shots = path.join(root, "target/e2e-screenshots");
const work = mkdtempSync(path.join(os.tmpdir(), "tierbook-e2e-"));
const exported = path.join(work, "导出的分级表.xlsx");
// Where 打印… prints through WebKit's print-to-file (no dialog under test).
const printed = path.join(work, "打印的报告.pdf");
mkdirSync(shots, { recursive: true });

// Ledgers as ERPs make them: an ERP's web export saved as .xls (an HTML table),
// and 用友 U8's 销售统计表 with a two-row header (merged group headers).
const htmlLedger = path.join(work, "ERP导出销售明细.xls");
writeFileSync(
  htmlLedger,
  `<html><head><meta charset="utf-8"></head><body><table border="1">
<tr><td colspan="5">销售明细表 2025年</td></tr>
<tr><th>客户编号</th><th>客户名称</th><th>日期</th><th>销售额</th><th>毛利</th></tr>
<tr><td>C01</td><td>华东精工</td><td>2025-01-05</td><td>1,000.00</td><td>200.00</td></tr>
<tr><td>C02</td><td>南方机电</td><td>2025-02-06</td><td>2,500.00</td><td>300.00</td></tr>
<tr><td>C01</td><td>华东精工</td><td>2025-03-07</td><td>500.00</td><td>120.00</td></tr>
<tr><td>合计</td><td></td><td></td><td>4,000.00</td><td>620.00</td></tr>
</table></body></html>`,
);
const u8Ledger = path.join(work, "U8销售统计表.xlsx");
execFileSync("python3", [
  "-c",
  `
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "销售统计表"
ws["A1"] = "销售统计表"; ws.merge_cells("A1:H1")
ws["A2"] = "日期：2025-01-01 至 2025-12-31    币种：人民币"
for col, h in zip("ABCD", ["客户编码", "客户名称", "单据日期", "存货名称"]):
    ws[col + "3"] = h; ws.merge_cells(f"{col}3:{col}4")
ws["E3"] = "数量"; ws["E4"] = "主数量"
ws["F3"] = "金额"; ws.merge_cells("F3:H3")
ws["F4"], ws["G4"], ws["H4"] = "无税金额", "税额", "价税合计"
rows = [("0101", "华东精工", "2025-03-02", "轴承", 10, 1000), ("0102", "南方机电", "2025-03-05", "齿轮", 4, 2000), ("0101", "华东精工", "2025-04-09", "齿轮", 2, 500)]
for i, (a, b, c, d, q, net) in enumerate(rows, start=5):
    for col, v in zip("ABCDEFGH", [a, b, c, d, q, net, round(net * 0.13, 2), round(net * 1.13, 2)]):
        ws[f"{col}{i}"] = v
wb.save(sys.argv[1])
`,
  u8Ledger,
]);

/** The migration matrix (customers, A–C × A–C) of a comparison workbook. */
function workbookMatrix(file) {
  const check = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["迁移矩阵"]
rows = list(ws.iter_rows(min_row=4, max_row=6, min_col=2, max_col=4, values_only=True))
print(json.dumps([[int(v) for v in r] for r in rows]))
`;
  return JSON.parse(execFileSync("python3", ["-c", check, file], { encoding: "utf8" }));
}

/** Tier counts from the CLI for a method, as {A, B, C}. */
function cliCounts(method) {
  const out = execFileSync(cli, ["classify", ledger, "--method", method, "--json", "-o", path.join(work, `cli-${method}.xlsx`)], { encoding: "utf8" });
  const v = JSON.parse(out);
  return Object.fromEntries(v.tiers.map((t) => [t.tier, t.customers]));
}

const port = await freePort();
const nativePort = await freePort();
const env = { ...process.env, RUST_BACKTRACE: "0", HOME: work, XDG_CONFIG_HOME: path.join(work, "config"), TIERBOOK_TEST_LEDGER: [ledger, previousLedger, htmlLedger, u8Ledger].join(path.delimiter), TIERBOOK_TEST_SAVE: exported, TIERBOOK_TEST_PRINT: printed };
const driverProc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], { env, stdio: ["ignore", "inherit", "inherit"] });
let driver;
const caps = new Capabilities();

async function shot(name) {
  // Let the webview repaint after the last input before capturing it.
  await driver.sleep(400);
  const png = await driver.takeScreenshot();
  writeFileSync(path.join(shots, `${name}.png`), png, "base64");
}

const $ = (css, ms = 20000) => driver.wait(until.elementLocated(By.css(css)), ms);
const text = async (css) => (await $(css)).getText();
async function filterCount(tier) {
  const label = await text(`.filter[data-tier="${tier}"]`);
  return Number(label.replace(/,/g, "").match(/(\d+)\s*$/)[1]);
}

try {
  await waitForPort(port, 20000);
  caps.setBrowserName("wry");
  caps.set("tauri:options", { application: app });
  driver = await new Builder().withCapabilities(caps).usingServer(`http://127.0.0.1:${port}/`).build();
  await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30000, script: 30000 });

  await step("first run shows the welcome screen with the sample offered", async () => {
    await $('[data-screen="welcome"]');
    assert((await text("#open-sample")).includes("打开示例台账"), "sample button");
    await shot("01-welcome");
  });

  await step("picking a ledger previews the detected header and column roles", async () => {
    await (await $("#pick-file")).click();
    await $("#preview-grid");
    const headerRow = await (await $("#header-row")).getAttribute("value");
    assert(headerRow === "4", `header row ${headerRow}`);
    const roles = await driver.findElements(By.css("select.role"));
    const byHeader = {};
    for (const r of roles) byHeader[await r.getAttribute("aria-label")] = await r.getAttribute("value");
    assert(byHeader["含税金额（元）"] === "amount", `amount role: ${JSON.stringify(byHeader)}`);
    assert(byHeader["客户编号"] === "customer_id", "customer id role");
    assert(byHeader["订单日期"] === "date", "date role");
    await shot("02-preview");
  });

  const rank = cliCounts("abc-rank");
  await step("importing shows the tier table with the CLI's tiers", async () => {
    await (await $("#start-import")).click();
    await $("#tier-table", 60000);
    await waitFor(async () => (await filterCount("A")) === rank.A, `A count ${rank.A}`);
    assert((await filterCount("B")) === rank.B, "B count");
    assert((await filterCount("C")) === rank.C, "C count");
    const first = await $(".trow[data-id]");
    assert((await first.getAttribute("data-id")) === "KH1001", "the biggest customer first");
    assert((await text("#import-banner")).includes("导入 2411"), "import banner counts");
    await waitFor(async () => driver.executeScript("return document.activeElement && document.activeElement.matches('#tier-table .filter[aria-selected=\"true\"]')"), "the keyboard starts at the table");
    await shot("03-table");
  });

  const value = cliCounts("abc-value");
  await step("switching the method re-tiers the table", async () => {
    const select = await $("#method");
    await select.findElement(By.css('option[value="abc-value"]')).click();
    await waitFor(async () => (await filterCount("A")) === value.A && (await filterCount("B")) === value.B, `abc-value counts ${JSON.stringify(value)}`);
    assert((await text("#policy-text")).includes("累计占比"), "policy described");
    await shot("04-abc-value");
  });

  await step("the search finds customers by pinyin initials as an ERP's 助记码 does", async () => {
    const box = await $("#table-search");
    await box.sendKeys("njhd");
    await waitFor(async () => (await text("#table-count")) !== "共 106 位客户", "the search narrows the table");
    const names = await driver.findElements(By.css('.trow[data-id] [data-action="customer"]'));
    const shown = await Promise.all(names.map((n) => n.getText()));
    // 南京华东… and 南京宏达… (Nan Jing Hong Da) both begin n-j-h-d.
    const wanted = ["南京华东设备贸易商行", "南京宏达五金股份有限公司"];
    await shot("05a-pinyin-search");
    await box.sendKeys(Key.CONTROL, "a");
    await box.sendKeys(Key.BACK_SPACE);
    assert(JSON.stringify([...shown].sort()) === JSON.stringify(wanted.sort()), `njhd finds ${wanted}: ${shown}`);
    await waitFor(async () => (await text("#table-count")) === "共 106 位客户", "the whole table again");
  });

  await step("the table filters by 业务员 and by a product", async () => {
    const box = await $("#group-filter");
    await waitFor(async () => (await driver.findElements(By.css('#group-filter option[value="salesperson:王建国"]'))).length === 1, "the salespeople listed");
    await box.findElement(By.css('option[value="salesperson:王建国"]')).click();
    await waitFor(async () => (await text("#table-count")) === "共 17 位客户", "王建国's 17 customers");
    await shot("05b-salesperson-filter");
    // A product: the customers who bought it, as many as its choice says.
    const product = await (await $("#group-filter")).findElement(By.css('option[value^="product:"]'));
    const [, bought] = (await product.getText()).match(/（(\d+)）$/);
    await product.click();
    await waitFor(async () => (await text("#table-count")) === `共 ${bought} 位客户`, `the ${bought} customers who bought it`);
    await (await $("#group-filter")).findElement(By.css('option[value=""]')).click();
    await waitFor(async () => (await text("#table-count")) === "共 106 位客户", "every customer again");
  });

  await step("客户编号 and 客户名称 stay in view when the table scrolls sideways", async () => {
    const at = () =>
      driver.executeScript(`
        const frame = document.querySelector(".table-frame");
        const cells = document.querySelector(".trow[data-id]").children;
        const f = frame.getBoundingClientRect();
        return { frame: f.left, id: cells[0].getBoundingClientRect().left, third: cells[2].getBoundingClientRect().left, scrolled: frame.scrollLeft };`);
    await driver.executeScript("document.querySelector('.table-frame').scrollLeft = 600");
    await waitFor(async () => {
      const p = await at();
      return p.scrolled > 0 && Math.abs(p.id - p.frame) < 2 && p.third < p.frame;
    }, "the first columns held while the rest scrolled").catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await at())}`);
    });
    await shot("05c-sticky-columns");
    await driver.executeScript("document.querySelector('.table-frame').scrollLeft = 0");
  });

  await step("three rows copied with Ctrl+C paste as three tab-separated lines under the header", async () => {
    // Rows are drawn anew on every selection: find each afresh.
    const nth = async (n) => (await driver.findElements(By.css(".trow[data-id] .td:first-child")))[n];
    await (await nth(0)).click();
    await waitFor(async () => (await driver.findElements(By.css(".trow.selected"))).length === 1, "one row selected");
    await driver.actions().keyDown(Key.SHIFT).click(await nth(2)).keyUp(Key.SHIFT).perform();
    await waitFor(async () => (await driver.findElements(By.css(".trow.selected"))).length === 3, "three rows selected");
    await (await $("#table-viewport")).sendKeys(Key.chord(Key.CONTROL, "c"));
    // What Excel or WPS would paste: read back from the system clipboard.
    let pasted = "";
    await waitFor(async () => {
      pasted = execFileSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8" });
      return pasted.split("\n").filter(Boolean).length === 4;
    }, "the clipboard holds the header and three rows");
    const lines = pasted.replace(/\n+$/, "").split("\n");
    assert(lines[0].split("\t").slice(0, 3).join("|") === "客户编号|客户名称|客户等级", `the header: ${lines[0]}`);
    const ids = lines.slice(1).map((l) => l.split("\t")[0]);
    assert(JSON.stringify(ids) === JSON.stringify(["KH1001", "KH1002", "KH1003"]), `the rows: ${ids}`);
    assert(lines.slice(1).every((l) => l.split("\t").length === lines[0].split("\t").length), "every row has every column");
    await (await nth(0)).click();
  });

  let overridden = "";
  await step("a C customer can be lifted to A with a reason", async () => {
    await (await $('.filter[data-tier="C"]')).click();
    const row = await $('.trow.tier-C[data-id]');
    overridden = await row.getAttribute("data-id");
    await (await row.findElement(By.css(".tier-badge"))).click();
    await $("#override-dialog");
    await (await $("#override-save")).click();
    assert(await (await $("#override-hint")).isDisplayed(), "a reason is required");
    await (await $("#override-tier")).findElement(By.css('option[value="A"]')).click();
    await (await $("#override-reason")).sendKeys("行业龙头，战略意义");
    await shot("05-override-dialog");
    await (await $("#override-save")).click();
    await waitFor(async () => (await filterCount("A")) === value.A + 1, "A count grows by one");
    // The focus comes back to the table (the lifted customer left the C view: its filter).
    await waitFor(async () => driver.executeScript("return document.activeElement && document.activeElement.matches('#tier-table .filter, #tier-table [data-action=\"override\"]')"), "the focus is back on the table");
    // The table keeps its C filter after the change; the lifted customer shows in A.
    assert((await (await $('.filter[data-tier="C"]')).getAttribute("aria-selected")) === "true", "filter kept");
    await (await $('.filter[data-tier="A"]')).click();
    await waitFor(async () => (await (await $(`.trow[data-id="${overridden}"]`)).getAttribute("class")).includes("overridden"), "marked as overridden");
    await shot("06-after-override");
  });

  await step("Ctrl+Z undoes the manual tier, with a notice; the tier is then set again", async () => {
    await driver.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();
    await waitFor(async () => (await filterCount("A")) === value.A, "A count back after Ctrl+Z");
    assert((await text("#notice")).startsWith("已撤销："), "the notice says what was undone");
    await shot("06a-undone");
    await (await $('.filter[data-tier="C"]')).click();
    const row = await $(`.trow.tier-C[data-id="${overridden}"]`);
    await (await row.findElement(By.css(".tier-badge"))).click();
    await (await $("#override-tier")).findElement(By.css('option[value="A"]')).click();
    await (await $("#override-reason")).sendKeys("行业龙头，战略意义");
    await (await $("#override-save")).click();
    await waitFor(async () => (await filterCount("A")) === value.A + 1, "A count grows by one again");
  });

  await step("the dashboard shows KPI cards and the four charts", async () => {
    await (await $("#tab-dashboard")).click();
    await $("#kpis");
    const pareto = await $("#chart-pareto svg", 30000);
    assert(pareto, "pareto chart");
    await $("#chart-distribution svg");
    await shot("07-dashboard");
  });

  await step("clicking a tier's bar in the pyramid opens the table filtered to that tier", async () => {
    const bar = await $('#chart-pyramid rect[fill="#2F75B5"]');
    // WebDriver finds the bar covered by other marks of the chart; the click is sent to the bar.
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].dispatchEvent(new MouseEvent('click', { bubbles: true }))", bar);
    await waitFor(async () => (await (await $("#tab-table")).getAttribute("aria-selected")) === "true", "the table tab");
    await waitFor(async () => (await (await $('.filter[data-tier="B"]')).getAttribute("aria-selected")) === "true", "the B filter");
    const tiers = await driver.executeScript("return [...document.querySelectorAll('.trow[data-id]')].map((r) => r.className.match(/tier-(\\w)/)[1])");
    assert(tiers.length > 0 && tiers.every((t) => t === "B"), `only B rows: ${tiers}`);
    await (await $('.filter[data-tier="all"]')).click();
    await (await $("#tab-dashboard")).click();
    await $("#kpis");
  });

  await step("the arrow keys move between the tabs, keeping the focus on the tab list", async () => {
    await (await $("#tab-dashboard")).sendKeys(Key.ARROW_LEFT);
    await waitFor(async () => (await (await $("#tab-table")).getAttribute("aria-selected")) === "true", "← selects the table tab");
    const focused = await driver.executeScript("return document.activeElement && document.activeElement.id");
    assert(focused === "tab-table", `focus on ${focused}`);
    await (await $("#tab-table")).sendKeys(Key.ARROW_RIGHT);
    await waitFor(async () => (await (await $("#tab-dashboard")).getAttribute("aria-selected")) === "true", "→ back to the dashboard");
  });

  await step("the import report accounts for every row", async () => {
    await (await $("#tab-report")).click();
    const panel = await text("#report-panel");
    assert(panel.includes("2,432") && panel.includes("一致"), "counts and reconciliation");
    const skipped = await driver.findElements(By.css("#skipped-rows tbody tr"));
    assert(skipped.length === 1, `one skipped row, got ${skipped.length}`);
    assert((await text("#confidence-line")).includes("按同名客户的编号补上"), "the confidence line says what was assumed");
    await shot("08-report");
  });

  await step("exporting writes the workbook the CLI would, with the override", async () => {
    await (await $("#export")).click();
    await $("#export-toast", 30000);
    assert((await text("#open-exported")) === "打开文件" && (await text("#reveal")) === "打开所在文件夹", "the notice opens the file or its folder");
    await shot("09-exported");
    assert(existsSync(exported), "the file exists");
    const check = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
ws = wb["客户分级管理表"]
rows = list(ws.iter_rows(values_only=True))
header = list(rows[2][:8])
data = rows[3:-1]
total = rows[-1]
tiers = {}
for r in data:
    tiers[r[2]] = tiers.get(r[2], 0) + 1
target = [r for r in data if r[0] == sys.argv[2]][0]
print(json.dumps({"header": header, "tiers": tiers, "target_tier": target[2], "reason": target[-1], "sales_is_number": isinstance(data[0][3], (int, float)), "n": len(data), "unit": rows[1][0], "total": [total[0], total[1]], "cents": all(abs(round(r[3] * 100) - r[3] * 100) < 1e-6 for r in data)}))
`;
    const out = JSON.parse(execFileSync("python3", ["-c", check, exported, overridden], { encoding: "utf8" }));
    assert(JSON.stringify(out.header) === JSON.stringify(["客户编号", "客户名称", "客户等级", "购买力", "成交频率", "利润贡献", "生命周期价值", "需求和行为模式"]), `header ${out.header}`);
    assert(out.tiers["A类客户"] === value.A + 1, `A rows ${JSON.stringify(out.tiers)}`);
    assert(out.target_tier === "A类客户" && String(out.reason).includes("行业龙头"), "override exported with its reason");
    assert(out.sales_is_number, "amounts are numbers");
    assert(out.n === value.A + value.B + value.C, "one row per customer");
    assert(out.unit === "单位：元", `the 单位 line: ${out.unit}`);
    assert(out.total[0] === "合计" && out.total[1] === out.n, `the 合计 row: ${out.total}`);
    assert(out.cents, "amounts written to the cent");
  });

  await step("the 元/万元/亿元 switch puts the table and the cards in 万元, the headers saying so", async () => {
    await (await $("#tab-table")).click();
    await (await $("#unit-switch")).findElement(By.css('option[value="wan"]')).click();
    const probe = () => driver.executeScript("return [document.getElementById('unit-switch').value, ...[...document.querySelectorAll('[data-sort=\"sales\"]')].map((e) => e.textContent)].join(' | ')");
    await waitFor(async () => (await probe()).includes("购买力（万元）"), "the header names the unit").catch(async (e) => {
      throw new Error(`${e.message}: ${await probe()}`);
    });
    const cell = await driver.executeScript("return document.querySelector('.trow[data-id] .td.num').textContent");
    assert(/^[\d,]+\.\d{2}$/.test(cell), `a 万元 amount: ${cell}`);
    await shot("09a-wan");
    await (await $("#tab-dashboard")).click();
    await waitFor(async () => (await text("#kpis")).includes("万元"), "the cards in 万元");
    await (await $("#tab-table")).click();
    await (await $("#unit-switch")).findElement(By.css('option[value="yuan"]')).click();
    await waitFor(async () => !(await probe()).includes("万元"), "back in 元");
  });

  await step("the report tab previews the printable report and saves it as one HTML file", async () => {
    await (await $("#tab-print")).click();
    await $("#report-preview .tb-report .playbook", 30000);
    assert((await text("#report-preview .cover")).includes("客户分级分析报告"), "cover");
    assert((await driver.findElements(By.css("#report-preview svg"))).length === 3, "Pareto chart, pyramid and the model check's tracking chart");
    assert((await text("#report-preview .model")).includes("模型检验"), "the model check's page");
    await shot("10-report-preview");
    await (await $("#save-report")).click();
    const saved = exported.replace(/\.xlsx$/, ".html");
    await waitFor(async () => existsSync(saved), "the HTML file is written");
    const doc = readFileSync(saved, "utf8");
    assert(doc.includes("<style>") && doc.includes("分级管理策略") && doc.includes("@page"), "self-contained report");
  });

  /** Prints through the app's 打印… and checks the PDF page by page, as the saved HTML's print is checked. */
  async function printAndCheck(label, footer, sections) {
    rmSync(printed, { force: true });
    await (await $("#print-report")).click();
    // The notice comes when WebKit's print operation has finished the file.
    const notice = await waitFor(async () => {
      const t = await text("#notice");
      return /共 \d+ 页|: \d+ pages/.test(t) && t;
    }, "the notice that the report was printed", 60000);
    assert(existsSync(printed), "the PDF is written");
    // As many pages as Chromium prints the saved HTML on, give or take a quarter.
    const html = exported.replace(/\.xlsx$/, ".html");
    const browser = path.join(work, `${label}-chromium.pdf`);
    chromiumPdf(html, browser, path.join(work, "chromium-profile"));
    const theirs = Number(execFileSync("pdfinfo", [browser], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)[1]);
    const slack = Math.max(2, Math.round(theirs / 4));
    const problems = [];
    const pages = checkPrintedReport({
      pdf: printed,
      html,
      out: shots,
      label,
      footer,
      sections,
      within: [Math.max(1, theirs - slack), theirs + slack],
      check: (name, ok, detail) => ok || problems.push(`${name} (${detail})`),
    });
    console.log(`# ${label}: the app printed ${pages} pages, Chromium prints the saved HTML on ${theirs}`);
    assert(problems.length === 0, problems.join("; "));
    assert(notice.includes(String(pages)), `the notice counts the pages: ${notice} vs ${pages}`);
    // The print job is named as the file 打印到文件 offers (the period in it).
    const title = execFileSync("pdfinfo", [printed], { encoding: "utf8" }).match(/Title:\s+(.*)/)?.[1] ?? "";
    assert(/_2025/.test(title), `the document's title: ${title}`);
    return pages;
  }

  await step("打印… prints the report as its own document through WebKit's print-to-file: numbered A4 pages, none blank or grey, no chart split", async () => {
    assert((await text("#print-hint")).includes("打印到文件"), "the hint names the GTK dialog's 打印到文件");
    await printAndCheck("webkit-zh", (i, n) => `第 ${i} 页，共 ${n} 页`);
    // The print window is gone and the window is as it was.
    await waitFor(async () => (await driver.getAllWindowHandles()).length === 1, "the print window closed");
    assert((await driver.findElements(By.css("#report-preview .cover"))).length === 1, "the preview is still there");
    await shot("10b-printed");
  });

  await step("a customer's page shows the manual tier's history and keeps the record", async () => {
    await (await $("#tab-table")).click();
    await (await $('.filter[data-tier="A"]')).click();
    // The lifted customer is last among the A rows: find it by its code.
    await (await $("#table-search")).sendKeys(overridden);
    await waitFor(async () => (await text("#table-count")) === "共 1 位客户", "the customer found");
    // The virtual table may repaint between finding the link and clicking it.
    const dialogOpen = async () => (await driver.findElements(By.css("#customer-dialog"))).length > 0;
    await waitFor(async () => {
      if (await dialogOpen()) return true;
      try {
        const link = await $(`.trow[data-id="${overridden}"] .customer-link`, 3000);
        // In a 720 px window the lifted customer may sit below the fold.
        await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", link);
        await link.click();
      } catch (e) {
        if (!/Stale|NotInteractable|Timeout/.test(String(e))) throw e;
      }
      await driver.sleep(500);
      return dialogOpen();
    }, "the customer page opens").catch(async (e) => {
      await shot("12-customer-page-not-opened");
      throw e;
    });
    const audit = await text("#customer-audit");
    assert(audit.includes("手工调级") && audit.includes("行业龙头"), `audit: ${audit}`);
    assert((await text("#customer-periods")).includes("2025年"), "the 2025 run listed");
    const lenses = await text("#customer-lenses");
    assert(/(考察期|形成期|稳定期|退化期)/.test(lenses) && lenses.includes("潜力分"), `lenses: ${lenses}`);
    await (await $("#cust-manager")).sendKeys("王建国");
    await (await $("#customer-save")).click();
    await $("#customer-saved");
    await waitFor(async () => (await text("#customer-audit")).includes("档案修改"), "the record edit is in the history");
    await shot("12-customer-page");
    await (await $("#customer-close")).click();
    const search = await $("#table-search");
    await search.sendKeys(Key.CONTROL, "a");
    await search.sendKeys(Key.BACK_SPACE);
  });

  await step("importing the previous year and comparing shows the migration matrix in the window", async () => {
    await (await $("#open-ledger")).click();
    await (await $("#start-import", 30000)).click();
    await waitFor(async () => (await text("#current-file")).includes("2024年"), "the 2024 run is open");
    await (await $("#open-compare")).click();
    await $("#migration-matrix", 30000);
    await $("#chart-flow svg", 30000);
    const cells = [];
    for (const from of ["A", "B", "C"]) {
      const row = [];
      for (const to of ["A", "B", "C"]) row.push(Number((await text(`#migration-matrix td[data-from="${from}"][data-to="${to}"] strong`)).replace(/,/g, "")));
      cells.push(row);
    }
    // The same two periods tiered by the CLI, with the same manual tier.
    const db = path.join(work, "cli.tierbook");
    execFileSync(cli, ["classify", previousLedger, "--method", "abc-value", "--db", db, "-o", path.join(work, "cli-2024.xlsx")]);
    execFileSync(cli, ["classify", ledger, "--method", "abc-value", "--override", `${overridden}=A:行业龙头，战略意义`, "--db", db, "-o", path.join(work, "cli-2025.xlsx")]);
    const cliMatrix = path.join(work, "cli-migration.xlsx");
    execFileSync(cli, ["compare", "--db", db, "1", "2", "-o", cliMatrix]);
    const expected = workbookMatrix(cliMatrix);
    assert(JSON.stringify(cells) === JSON.stringify(expected), `matrix ${JSON.stringify(cells)} vs CLI ${JSON.stringify(expected)}`);
    assert((await text("#compare-before option:checked")).startsWith("2024年") && (await text("#compare-after option:checked")).startsWith("2025年"), "the two latest periods by default");
    assert((await driver.findElements(By.css("#list-upgraded tbody tr"))).length > 0, "upgraded customers listed");
    await shot("13-compare");
  });

  await step("the comparison exports to Excel with the same matrix", async () => {
    await (await $("#export-comparison")).click();
    await waitFor(async () => (await text("#export-toast")).includes(".xlsx"), "export toast");
    const cells = workbookMatrix(exported);
    const shown = Number((await text('#migration-matrix td[data-from="B"][data-to="B"] strong')).replace(/,/g, ""));
    assert(cells[1][1] === shown, `B→B ${cells[1][1]} vs ${shown}`);
  });

  await step("the workspace lists both imports and runs and opens a past run", async () => {
    await (await $("#open-workspace")).click();
    await $("#runs");
    assert((await driver.findElements(By.css("#ledgers tbody tr"))).length === 2, "two imports");
    assert((await driver.findElements(By.css("#runs tbody tr"))).length === 2, "two runs");
    await shot("14-workspace");
    const open = await $("#runs button[id^='open-run-']");
    await open.click();
    await waitFor(async () => (await text("#current-file")).includes("2025年"), "the 2025 run is open again");
    await $("#tier-table");
  });

  await step("switching to RFM tiers by segment and shows the RFM heat map", async () => {
    await (await $("#tab-table")).click();
    const select = await $("#method");
    await select.findElement(By.css('option[value="rfm"]')).click();
    await waitFor(async () => (await text("#policy-text")).startsWith("RFM 客户细分"), "the RFM method in words");
    await $("#rfm-segments");
    // Off-screen cells report no visible text; read their content instead.
    const rowText = async () => (await (await $(".trow[data-id]")).getAttribute("textContent")).trim();
    await waitFor(async () => /(重要|一般)(价值|发展|保持|挽留)客户/.test(await rowText()), "segment column filled");
    assert(/考察期|形成期|稳定期|退化期/.test(await rowText()), "lifecycle stage column");
    await shot("15-rfm-table");
    await (await $("#tab-dashboard")).click();
    const heat = await $("#chart-rfm svg", 30000);
    const titles = await heat.findElements(By.css("title"));
    assert(titles.length === 25, `a 5 × 5 heat map, got ${titles.length} cells`);
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", heat);
    await shot("16-rfm-heatmap");
    for (const id of ["#chart-clv", "#chart-matrix"]) {
      const scatter = await $(`${id} svg`, 30000);
      assert((await scatter.findElements(By.css("title"))).length > 50, `customers on the ${id} scatter`);
    }
  });

  await step("the dashboard's watch card opens the customers with warnings; the panel's thresholds change them", async () => {
    await (await $("#tab-dashboard")).click();
    await (await $("#show-warnings", 30000)).click();
    await waitFor(async () => (await (await $("#lens-filter")).getAttribute("value")) === "credit_risk", "the table filtered to warnings");
    const row = async () => {
      const el = await driver.findElements(By.css('.trow[data-id="KH1002"]'));
      return el.length ? (await el[0].getAttribute("textContent")).trim() : "";
    };
    await waitFor(async () => (await row()).includes("欠款偏大、欠款逾期"), "KH1002 flagged for large and overdue arrears");
    assert(/天）/.test(await row()), "the age of the arrears in days");
    await (await $("#lens-options summary")).click();
    const overdue = await $("#overdue-days");
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", overdue);
    await overdue.clear();
    await overdue.sendKeys("400", Key.TAB);
    await waitFor(async () => {
      const r = await row();
      return r.includes("欠款偏大") && !r.includes("欠款逾期");
    }, "no longer overdue at 400 days");
    await driver.executeScript(
      "document.querySelector('[data-sort=\"credit\"]').scrollIntoView({inline: 'end', block: 'nearest'}); arguments[0].scrollIntoView({block: 'center'})",
      await $("#overdue-days"),
    );
    await shot("17-credit-thresholds");
  });

  await step("the model check shows its sentence and both charts; the at-risk filter lists key accounts", async () => {
    await (await $("#tab-dashboard")).click();
    const sentence = await $("#model-check-sentence", 30000);
    await waitFor(async () => /^用前 \d+ 个月预测后 \d+ 个月：预测复购 [\d,]+ 次，实际 [\d,]+ 次/.test(await sentence.getText()), "the model check's sentence");
    assert((await text("#clv-basis")).includes("利润口径"), "what the lifetime value is counted in");
    const tracking = await $("#chart-tracking svg", 30000);
    assert((await tracking.findElements(By.css("title"))).length > 40, "a point per week on the tracking chart");
    assert((await (await $("#chart-calibration svg")).findElements(By.css("title"))).length >= 5, "calibration buckets");
    // The dashboard is drawn again when its charts arrive: address elements by
    // selector inside the page, never by a handle that may have gone stale.
    const scrollTo = (css, block) =>
      waitFor(async () => driver.executeScript(`const e = document.querySelector(${JSON.stringify(css)}); if (!e) return false; e.scrollIntoView({block: '${block}'}); return true;`), `scroll to ${css}`);
    const clickOn = (css) =>
      waitFor(async () => driver.executeScript(`const e = document.querySelector(${JSON.stringify(css)}); if (!e) return false; e.click(); return true;`), `click ${css}`);
    await scrollTo("#model-check", "start");
    await shot("18-model-check");
    // A stricter threshold in the panel puts key accounts at risk.
    const details = await $("#lens-options");
    if (!(await details.getAttribute("open"))) await (await $("#lens-options summary")).click();
    const limit = await $("#at-risk-alive");
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", limit);
    await limit.clear();
    await limit.sendKeys("99", Key.TAB);
    await (await $("#tab-dashboard")).click();
    // The dashboard is drawn again when the re-tier arrives: look the card up each time.
    await waitFor(async () => (await text("#kpi-at-risk")).includes("99.0%"), "the at-risk card at the new threshold", 30000);
    await scrollTo("#kpi-at-risk", "center");
    await shot("19-at-risk-card");
    await clickOn("#show-at-risk");
    await waitFor(async () => (await (await $("#lens-filter")).getAttribute("value")) === "at_risk", "the table filtered to the at-risk accounts");
    const rows = await waitFor(async () => {
      const r = await driver.findElements(By.css(".trow[data-id]"));
      return r.length > 0 ? r : null;
    }, "at-risk rows listed");
    for (const r of rows.slice(0, 10)) {
      const t = (await r.getAttribute("textContent")).trim();
      assert(!t.includes("C类客户"), `only A and B at risk: ${t}`);
    }
    await shot("20-at-risk-table");
    await (await $("#lens-filter")).findElement(By.css('option[value=""]')).click();
  });

  await step("switching to English translates the window", async () => {
    await (await $("#switch-lang")).click();
    await waitFor(async () => (await text("#export")) === "Export to Excel", "English labels");
    await waitFor(async () => (await text("#policy-text")).startsWith("RFM segments"), "the method in English");
    // The run's name and the export notice shown before the switch follow the language.
    await waitFor(async () => (await text("#current-file")).startsWith("2025 · "), "the run named in English");
    assert((await text("#export-toast")).startsWith("Exported to"), "the notice in English");
    await (await $("#tab-table")).click();
    await shot("11-english");
  });
  await step("打印… in English numbers the pages “page i of n”", async () => {
    await (await $("#tab-print")).click();
    await $("#report-preview .tb-report .playbook", 30000);
    assert((await text("#print-hint")).includes("Print to File"), "the hint names Print to File");
    await (await $("#save-report")).click();
    await waitFor(async () => readFileSync(exported.replace(/\.xlsx$/, ".html"), "utf8").includes("Customer Tier Report"), "the English HTML saved");
    await printAndCheck("webkit-en", (i, n) => `page ${i} of ${n}`, ["Customer Tier Report", "Key figures", "Tier strategy playbook"]);
    await (await $("#tab-table")).click();
  });

  await step("an ERP's HTML export saved as .xls previews and imports as the table it is", async () => {
    // Back to Chinese, the default.
    await (await $("#switch-lang")).click();
    await waitFor(async () => (await text("#export")) === "导出 Excel", "Chinese labels");
    await (await $("#open-ledger")).click();
    await $("#preview-grid", 30000);
    await waitFor(async () => (await text('[data-screen="preview"]')).includes("html"), "the format named in the preview");
    const roles = {};
    for (const r of await driver.findElements(By.css("select.role"))) roles[await r.getAttribute("aria-label")] = await r.getAttribute("value");
    assert(roles["销售额"] === "amount" && roles["客户编号"] === "customer_id", `roles: ${JSON.stringify(roles)}`);
    await shot("21-html-preview");
    await (await $("#start-import")).click();
    await waitFor(async () => (await text("#import-banner")).includes("导入 3"), "three sales imported");
    assert((await text("#import-banner")).includes("与导入金额一致"), "the ledger's own total reconciles");
  });

  await step("a two-row-header ledger (用友 U8) previews stacked headers and the net amount it chose", async () => {
    await (await $("#open-ledger")).click();
    await $("#preview-grid", 30000);
    const roles = {};
    for (const r of await driver.findElements(By.css("select.role"))) roles[await r.getAttribute("aria-label")] = await r.getAttribute("value");
    assert(roles["金额/无税金额"] === "amount", `stacked header roles: ${JSON.stringify(roles)}`);
    assert((await text("#preview-assumptions")).includes("无税金额"), "the net amount choice said before the import");
    await shot("22-u8-preview");
    await (await $("#start-import")).click();
    await waitFor(async () => (await text("#import-banner")).includes("导入 3"), "three sales imported");
    assert((await text("#banner-confidence")).includes("购买力取“金额/无税金额”"), "the confidence line");
    await shot("23-u8-table");
  });

  await step("at 1024×700 the table and the dashboard fit, in both languages", async () => {
    await driver.manage().window().setRect({ width: 1024, height: 700 });
    // Measured inside the page in one go: the virtual table repaints often.
    const measure = (css) =>
      driver.executeScript(
        "return { width: window.innerWidth, boxes: [...document.querySelectorAll(arguments[0])].map((e) => { const r = e.getBoundingClientRect(); return { h: r.height, right: r.right, text: e.textContent }; }) };",
        css,
      );
    for (const round of [0, 1]) {
      const lang = (await text("#switch-lang")) === "English" ? "zh" : "en";
      await (await $("#tab-table")).click();
      await $(".trow[data-id]");
      await driver.sleep(400);
      const header = await measure(".topbar");
      assert(header.boxes[0].h < 60, `${lang}: the header is one line (${header.boxes[0].h}px)`);
      const filters = await measure(".filter");
      const wrapped = filters.boxes.filter((b) => b.h >= 40);
      assert(filters.boxes.length > 0 && wrapped.length === 0, `${lang}: tier filter buttons wrap: ${wrapped.map((b) => b.text)}`);
      await shot(`24-1024-${lang}-table`);
      await (await $("#tab-dashboard")).click();
      await $("#kpis");
      await driver.sleep(400);
      const cards = await measure(".kpi:not(.watch)");
      assert(cards.boxes.length === 4 && cards.boxes.every((b) => b.right <= cards.width), `${lang}: a KPI card is off-screen`);
      const labels = await measure(".kpi dt");
      const broken = labels.boxes.filter((b) => b.h >= 26);
      assert(labels.boxes.length > 0 && broken.length === 0, `${lang}: KPI labels break: ${broken.map((b) => b.text)}`);
      await shot(`25-1024-${lang}-dashboard`);
      if (round === 0) {
        await (await $("#switch-lang")).click();
        await waitFor(async () => ((await text("#switch-lang")) === "English") === (lang === "en"), "the other language");
      }
    }
  });

  await step("a restart offers to continue with the last run and lists the recent ledgers", async () => {
    await driver.quit();
    driver = await new Builder().withCapabilities(caps).usingServer(`http://127.0.0.1:${port}/`).build();
    await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30000, script: 30000 });
    const cont = await $("#continue-run");
    const label = await cont.getText();
    assert(/^(继续上次的分级：|Continue with the last run: )/.test(label), `continue: ${label}`);
    const recent = await driver.findElements(By.css("#recent-ledgers li button"));
    assert(recent.length >= 3, `${recent.length} recent ledgers offered`);
    // The window comes back at the size it was left at (1024×700, the step before).
    const rect = await driver.manage().window().getRect();
    assert(rect.width === 1024 && rect.height === 700, `the window after a restart: ${rect.width}×${rect.height}`);
    await shot("26-restart-welcome");
    await cont.click();
    await $("#tier-table", 60000);
    assert((await text("#current-file")).length > 0, "the run is open");
  });

  await step("F1 shows 关于 with the version, the workspace and the log folder, whose log file is written", async () => {
    await driver.actions().sendKeys(Key.F1).perform();
    await $("#about-dialog");
    assert((await text("#about-version")) === "0.1.0", "the version");
    assert((await text("#about-workspace")).endsWith("workspace.tierbook"), "the workspace file");
    const logDir = await text("#about-log");
    const logs = existsSync(logDir) ? readdirSync(logDir) : [];
    assert(logs.some((f) => f.startsWith("tierbook") && f.endsWith(".log")), `a log file in ${logDir}: ${logs}`);
    assert(readFileSync(path.join(logDir, logs.find((f) => f.endsWith(".log"))), "utf8").includes("starting"), "the start is logged");
    await shot("27-about");
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await waitFor(async () => (await driver.findElements(By.css("#about-dialog"))).length === 0, "Escape closes it");
  });

} catch (e) {
  tally.failed += 1;
  tally.failures.push(`setup: ${e}`);
  console.log(`not ok - setup\n  ${e && e.stack ? e.stack : e}`);
} finally {
  if (driver) await driver.quit().catch(() => {});
  driverProc.kill("SIGTERM");
  // The app may still be closing its workspace files: retry, and never fail the run on cleanup.
  try {
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {
    console.log(`# could not remove ${work}: ${e}`);
  }
}

summary();
process.exit(tally.failed === 0 ? 0 : 1);
