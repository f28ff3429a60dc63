import { describe, expect, it, vi } from "vitest";
import type { Page } from "../../api/bindings/Page";
import type { PageQuery } from "../../api/bindings/PageQuery";
import type { RowView } from "../../api/bindings/RowView";
import type { Summary } from "../../api/bindings/Summary";
import { PAGE, TierTableView, tableWidth } from "./table";

function row(i: number): RowView {
  const tier = i < 5 ? "A" : i < 20 ? "B" : "C";
  return {
    id: `K${String(i).padStart(5, "0")}`,
    name: `客户${i}`,
    tier,
    computed: tier,
    sales: 100000 - i,
    frequency: 3,
    profit: 1000,
    clv: 2000,
    needs: "高频大额",
    share: 0.01,
    cumulative_share: 0.5,
    rank: i + 1,
    recency_days: 10,
    margin: 0.2,
    score: null,
    override_reason: i === 7 ? "战略意义" : null,
    rfm: "5-5-5",
    segment: "重要价值客户",
    stage: "稳定期",
    level: "重要客户（1:1）",
    quadrant: "VIP",
    loyalty: "A 高忠诚高价值",
    credit: i === 9 ? "欠款偏大、欠款逾期" : "",
    unpaid_share: i === 9 ? 0.5 : null,
    unpaid_age_days: i === 9 ? 120 : null,
    growth: 0.5,
    potential: 80,
    mean_gap_days: 30.4,
    expected_purchases: 4.2,
    p_alive: 0.93,
  };
}

const TOTAL = 50000;
function fakeBackend() {
  const queries: PageQuery[] = [];
  const fetch = vi.fn(async (q: PageQuery): Promise<Page> => {
    queries.push(q);
    const rows = Array.from({ length: Math.max(0, Math.min(q.limit, TOTAL - q.offset)) }, (_, k) => row(q.offset + k));
    return { total: TOTAL, offset: q.offset, rows };
  });
  return { fetch, queries };
}

const summary = {
  customers: TOTAL,
  tiers: [
    { tier: "A", customers: 5 },
    { tier: "B", customers: 15 },
    { tier: "C", customers: TOTAL - 20 },
  ],
} as unknown as Summary;

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the tier table", () => {
  it("says on the lifetime value's header what it is counted in, and filters the at-risk key accounts", async () => {
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary({ ...summary, clv_text: "预测模型（BG/NBD + Gamma-Gamma，销售额口径（台账无利润或成本））" } as Summary);
    await flush();
    const th = view.el.querySelector('[data-sort="clv"]') as HTMLElement;
    expect(th.title).toContain("销售额口径");
    const select = view.el.querySelector("#lens-filter") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toContain("at_risk");
    select.value = "at_risk";
    select.dispatchEvent(new Event("change"));
    await flush();
    expect(queries.at(-1)).toMatchObject({ lens: "at_risk", offset: 0 });
  });

  it("shows amounts in the unit chosen, the headers saying which, and tells the cards", async () => {
    const { fetch } = fakeBackend();
    const onUnitChange = vi.fn();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn(), onUnitChange }, false);
    view.setSummary(summary);
    await flush();
    const sales = () => (view.el.querySelector('.trow[data-id="K00000"]')!.children[3] as HTMLElement).textContent;
    expect(sales()).toBe("¥100,000.00");
    const unit = view.el.querySelector("#unit-switch") as HTMLSelectElement;
    unit.value = "wan";
    unit.dispatchEvent(new Event("change"));
    expect(view.el.querySelector('[data-sort="sales"]')!.textContent).toContain("购买力（万元）");
    expect(sales()).toBe("10.00");
    expect(onUnitChange).toHaveBeenCalled();
    unit.value = "yuan";
    unit.dispatchEvent(new Event("change"));
    expect(sales()).toBe("¥100,000.00");
  });

  it("filters by a 业务员, 地区, 行业 or 产品 the run's customers fall into", async () => {
    const { fetch, queries } = fakeBackend();
    const groups = vi.fn(async () => ({
      salespeople: [["王建国", 17], ["李敏", 16]] as [string, number][],
      regions: [["华东", 3]] as [string, number][],
      industries: [],
      products: [["数控车床", 40]] as [string, number][],
    }));
    const view = new TierTableView({ fetch, groups, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    const box = view.el.querySelector("#group-filter") as HTMLSelectElement;
    expect(box.hidden).toBe(false);
    expect([...box.querySelectorAll("optgroup")].map((g) => g.label)).toEqual(["业务员", "地区", "产品"]);
    expect(box.querySelector('option[value="product:数控车床"]')!.textContent).toBe("数控车床（40）");
    expect(box.querySelector('option[value="salesperson:王建国"]')!.textContent).toBe("王建国（17）");
    box.value = "salesperson:王建国";
    box.dispatchEvent(new Event("change"));
    await flush();
    expect(queries.at(-1)!.group).toEqual({ dim: "salesperson", value: "王建国" });
    box.value = "";
    box.dispatchEvent(new Event("change"));
    await flush();
    expect(queries.at(-1)!.group).toBeUndefined();
  });

  it("keeps 客户编号 and 客户名称 in view when the columns scroll sideways", async () => {
    const { fetch } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    const frame = view.el.querySelector(".table-frame") as HTMLElement;
    frame.scrollLeft = 300;
    frame.dispatchEvent(new Event("scroll"));
    // jsdom does not scroll: the frame is told the distance as the webview would.
    expect(frame.style.getPropertyValue("--scroll-x")).toBe(`${frame.scrollLeft}px`);
    expect(frame.classList.contains("scrolled-x")).toBe(frame.scrollLeft > 0);
  });

  it("hides a column chosen in the 列 list, remembered for the next start", async () => {
    localStorage.removeItem("tierbook.hiddenColumns");
    const { fetch } = fakeBackend();
    const make = () => new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    const view = make();
    view.setSummary(summary);
    await flush();
    const headers = (v: TierTableView) => [...v.el.querySelectorAll(".thead [data-sort]")].map((e) => e.getAttribute("data-sort"));
    expect(headers(view)).toContain("frequency");
    (view.el.querySelector("#column-chooser") as HTMLButtonElement).click();
    const list = view.el.querySelector("#column-list") as HTMLElement;
    expect(list.hidden).toBe(false);
    expect(list.querySelector('[data-column="id"]')).toBeNull();
    const freq = list.querySelector('[data-column="frequency"]') as HTMLInputElement;
    freq.checked = false;
    freq.dispatchEvent(new Event("change"));
    expect(headers(view)).not.toContain("frequency");
    const cells = view.el.querySelector(".trow[data-id]")!.children.length;
    expect(cells).toBe(headers(view).length);
    const again = make();
    again.setSummary(summary);
    await flush();
    expect(headers(again)).not.toContain("frequency");
    localStorage.removeItem("tierbook.hiddenColumns");
  });

  it("resizes a column by dragging its header's edge, remembered; a double-click restores it", async () => {
    localStorage.removeItem("tierbook.columnWidths");
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    const asked = queries.length;
    const grip = view.el.querySelector('[data-sort="sales"] .col-resize') as HTMLElement;
    grip.dispatchEvent(new MouseEvent("mousedown", { clientX: 100, bubbles: true }));
    document.dispatchEvent(new MouseEvent("mousemove", { clientX: 290 }));
    document.dispatchEvent(new MouseEvent("mouseup", {}));
    const head = view.el.querySelector(".thead") as HTMLElement;
    // jsdom lays nothing out: the column started at 0 px and was dragged 190 px.
    // 客户等级 110px, 购买力 dragged to 190px, 成交频率 80px.
    expect(head.style.gridTemplateColumns).toContain("110px 190px 80px");
    expect((view.el.querySelector(".trow[data-id]") as HTMLElement).style.gridTemplateColumns).toBe(head.style.gridTemplateColumns);
    expect(JSON.parse(localStorage.getItem("tierbook.columnWidths")!)).toEqual({ sales: "190px" });
    expect(queries.length, "dragging an edge does not sort").toBe(asked);
    grip.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    expect(head.style.gridTemplateColumns).toContain("110px 140px 80px");
    expect(localStorage.getItem("tierbook.columnWidths")).toBe("{}");
  });

  it("keeps the focus on a column header sorted from the keyboard", async () => {
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    document.body.append(view.el);
    view.setSummary(summary);
    await flush();
    const sales = view.el.querySelector('[data-sort="sales"]') as HTMLElement;
    sales.focus();
    sales.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await flush();
    expect(queries.at(-1)).toMatchObject({ sort: "sales", descending: true });
    expect((document.activeElement as HTMLElement).dataset.sort).toBe("sales");
    expect(document.activeElement!.textContent).toContain("▼");
    view.el.remove();
  });

  it("asks for one page at a time and keeps only the visible rows in the DOM", async () => {
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    expect(queries[0]).toMatchObject({ offset: 0, limit: PAGE, sort: "tier" });
    const rows = view.el.querySelectorAll(".trow[data-id]");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(view.el.querySelector("#table-count")!.textContent).toBe("共 50,000 位客户");
    expect((view.el.querySelector(".spacer") as HTMLElement).style.height).toBe(`${TOTAL * 32}px`);
  });

  it("filters by lifecycle stage or credit risk and shows the warning with the unpaid share", async () => {
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    expect(queries.at(-1)!.lens).toBeNull();
    const select = view.el.querySelector("#lens-filter") as HTMLSelectElement;
    select.value = "credit_risk";
    select.dispatchEvent(new Event("change"));
    await flush();
    expect(queries.at(-1)).toMatchObject({ lens: "credit_risk", offset: 0 });
    view.setLens(null);
    await flush();
    expect(queries.at(-1)!.lens).toBeNull();
    expect(select.value).toBe("");
    view.setLens("credit_risk");
    await flush();
    expect(select.value).toBe("credit_risk");
    const flagged = view.el.querySelector('.trow[data-id="K00009"]')!;
    expect(flagged.textContent).toContain("⚠ 欠款偏大、欠款逾期（50.0%，120天）");
    expect(flagged.textContent).toContain("30天");
  });

  it("makes the header and the rows as wide as every column needs, so the last columns scroll into view with their rows", async () => {
    const { fetch } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    const header = view.el.querySelector(".thead") as HTMLElement;
    const viewport = view.el.querySelector("#table-viewport") as HTMLElement;
    expect(tableWidth([{ width: "110px" }, { width: "minmax(200px, 1.5fr)" }])).toBe(310);
    const width = parseInt(header.style.minWidth, 10);
    expect(width).toBeGreaterThan(2000);
    expect(viewport.style.minWidth).toBe(header.style.minWidth);
  });

  it("sorts by a column header and filters by tier and search text", async () => {
    const { fetch, queries } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    (view.el.querySelector('[data-sort="sales"]') as HTMLElement).click();
    await flush();
    expect(queries.at(-1)).toMatchObject({ sort: "sales", descending: true });
    (view.el.querySelector('[data-sort="sales"]') as HTMLElement).click();
    await flush();
    expect(queries.at(-1)).toMatchObject({ sort: "sales", descending: false });
    (view.el.querySelector('.filter[data-tier="B"]') as HTMLElement).click();
    await flush();
    expect(queries.at(-1)).toMatchObject({ tier: "B" });
    const search = view.el.querySelector("#table-search") as HTMLInputElement;
    search.value = "客户7";
    search.dispatchEvent(new Event("input"));
    await flush();
    expect(queries.at(-1)).toMatchObject({ search: "客户7", tier: "B" });
  });

  it("marks manual tiers and opens the override dialog from the tier badge", async () => {
    const { fetch } = fakeBackend();
    const openOverride = vi.fn();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride, onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    const r7 = view.el.querySelector('.trow[data-id="K00007"]')!;
    expect(r7.classList.contains("overridden")).toBe(true);
    expect(r7.querySelector(".tier-badge")!.getAttribute("title")).toContain("战略意义");
    (view.el.querySelector('.trow[data-id="K00002"] .tier-badge') as HTMLElement).click();
    expect(openOverride).toHaveBeenCalledWith(expect.objectContaining({ id: "K00002" }));
  });

  it("offers a read-only user of a team workspace no edit: no override, no needs editor", async () => {
    const { fetch } = fakeBackend();
    const view = new TierTableView({ fetch, onError: vi.fn() }, false);
    view.setSummary(summary);
    await flush();
    expect(view.el.querySelector('.trow[data-id="K00002"] [data-action="override"]')).toBeNull();
    expect(view.el.querySelector('.trow[data-id="K00002"] .tier-badge')).not.toBeNull();
    expect(view.el.querySelector('[data-action="needs"]')).toBeNull();
  });

  it("edits needs in place: Enter saves, Escape cancels", async () => {
    const { fetch } = fakeBackend();
    const setNeeds = vi.fn(async () => {});
    const view = new TierTableView({ fetch, setNeeds, openOverride: vi.fn(), onError: vi.fn() }, false);
    document.body.appendChild(view.el);
    view.setSummary(summary);
    await flush();
    const cell = () => view.el.querySelector('.trow[data-id="K00003"] .needs') as HTMLElement;
    cell().click();
    let input = cell().querySelector("input")!;
    input.value = "关注交期";
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(setNeeds).toHaveBeenCalledWith("K00003", "关注交期", expect.objectContaining({ before: expect.any(String) }));
    expect(cell().textContent).toBe("关注交期");
    cell().click();
    input = cell().querySelector("input")!;
    input.value = "不要保存";
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(setNeeds).toHaveBeenCalledTimes(1);
    view.el.remove();
  });

  it("keeps the table alive after a needs edit ends with Enter (the key no longer reopens the editor on a detached cell)", async () => {
    const { fetch, queries } = fakeBackend();
    const setNeeds = vi.fn(async () => {});
    const view = new TierTableView({ fetch, setNeeds, openOverride: vi.fn(), onError: vi.fn() }, false);
    document.body.appendChild(view.el);
    view.setSummary(summary);
    await flush();
    const cell = () => view.el.querySelector('.trow[data-id="K00003"] .needs') as HTMLElement;
    cell().dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    const input = cell().querySelector("input")!;
    input.value = "关注交期";
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(setNeeds).toHaveBeenCalledWith("K00003", "关注交期", expect.objectContaining({ before: expect.any(String) }));
    expect(view.el.querySelector(".needs-input")).toBeNull();
    (view.el.querySelector('.filter[data-tier="C"]') as HTMLElement).click();
    await flush();
    expect(queries.at(-1)).toMatchObject({ tier: "C" });
    // The table still answers: another customer's needs open for editing.
    (view.el.querySelector('.trow[data-id="K00004"] .needs') as HTMLElement).click();
    expect(view.el.querySelector('.trow[data-id="K00004"] .needs-input')).not.toBeNull();
    view.el.remove();
  });

  it("ignores the Enter that confirms a pinyin candidate, and searches once the word is composed", async () => {
    const { fetch, queries } = fakeBackend();
    const setNeeds = vi.fn(async () => {});
    const view = new TierTableView({ fetch, setNeeds, openOverride: vi.fn(), onError: vi.fn() }, false);
    document.body.appendChild(view.el);
    view.setSummary(summary);
    await flush();
    const cell = () => view.el.querySelector('.trow[data-id="K00003"] .needs') as HTMLElement;
    cell().click();
    const input = cell().querySelector("input")!;
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", isComposing: true, bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", keyCode: 229, bubbles: true }));
    expect(setNeeds).not.toHaveBeenCalled();
    expect(view.el.querySelector(".needs-input")).not.toBeNull();
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    const search = view.el.querySelector("#table-search") as HTMLInputElement;
    const before = queries.length;
    search.dispatchEvent(new CompositionEvent("compositionstart"));
    search.value = "wu";
    search.dispatchEvent(new Event("input"));
    search.value = "无锡";
    search.dispatchEvent(new Event("input"));
    await flush();
    expect(queries.length).toBe(before);
    search.dispatchEvent(new CompositionEvent("compositionend"));
    await flush();
    expect(queries.at(-1)).toMatchObject({ search: "无锡" });
    view.el.remove();
  });

  it("says on the profit column's header why it is empty when the ledger has no profit", async () => {
    const { fetch } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    const why = "台账中没有毛利或成本列，利润贡献为空。";
    view.setSummary({ ...summary, clv_text: "", profit_text: why } as Summary);
    await flush();
    expect((view.el.querySelector('[data-sort="profit"]') as HTMLElement).title).toBe(why);
    view.setSummary({ ...summary, clv_text: "", profit_text: null } as Summary);
    expect((view.el.querySelector('[data-sort="profit"]') as HTMLElement).title).toBe("利润贡献");
  });

  it("copies the selected rows with the header as tab-separated lines, as Excel pastes columns", async () => {
    const { fetch } = fakeBackend();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride: vi.fn(), onError: vi.fn() }, false);
    document.body.appendChild(view.el);
    view.setSummary(summary);
    await flush();
    const rowAt = (id: string) => view.el.querySelector(`.trow[data-id="${id}"]`) as HTMLElement;
    rowAt("K00001").querySelector(".td.num")!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    rowAt("K00003").querySelector(".td.num")!.dispatchEvent(new MouseEvent("click", { bubbles: true, shiftKey: true }));
    expect(rowAt("K00002").getAttribute("aria-selected")).toBe("true");
    const data = { setData: vi.fn() };
    const copy = new Event("copy", { bubbles: true, cancelable: true });
    Object.defineProperty(copy, "clipboardData", { value: data });
    view.el.querySelector("#table-viewport")!.dispatchEvent(copy);
    expect(copy.defaultPrevented).toBe(true);
    const text = data.setData.mock.calls[0][1] as string;
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0].split("\t").slice(0, 4)).toEqual(["客户编号", "客户名称", "客户等级", "购买力"]);
    expect(lines.slice(1).map((l) => l.split("\t")[0])).toEqual(["K00001", "K00002", "K00003"]);
    expect(lines[1].split("\t")).toHaveLength(lines[0].split("\t").length);
    // Ctrl+click takes one out; a plain click starts afresh.
    rowAt("K00002").querySelector(".td.num")!.dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
    expect(view.copyText()!.split("\r\n")).toHaveLength(3);
    view.el.remove();
  });

  it("offers its own menu on a row: copy, open the customer, set the tier, show only that tier", async () => {
    const { fetch, queries } = fakeBackend();
    const openOverride = vi.fn();
    const openCustomer = vi.fn();
    const view = new TierTableView({ fetch, setNeeds: vi.fn(), openOverride, openCustomer, onError: vi.fn() }, false);
    document.body.appendChild(view.el);
    view.setSummary(summary);
    await flush();
    const row = view.el.querySelector('.trow[data-id="K00012"]') as HTMLElement;
    const menuEvent = new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 40, clientY: 60 });
    row.querySelector(".td.num")!.dispatchEvent(menuEvent);
    expect(menuEvent.defaultPrevented).toBe(true);
    const items = [...document.querySelectorAll("#context-menu .menu-item")].map((b) => b.id);
    expect(items).toEqual(["menu-copy", "menu-customer", "menu-tier", "menu-filter"]);
    expect(document.querySelector("#menu-filter")!.textContent).toBe("只看B类客户");
    (document.querySelector("#menu-filter") as HTMLButtonElement).click();
    await flush();
    expect(queries.at(-1)).toMatchObject({ tier: "B" });
    expect(document.querySelector("#context-menu")).toBeNull();
    view.el.querySelector('.trow[data-id="K00012"] .td.num')!.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true }));
    (document.querySelector("#menu-tier") as HTMLButtonElement).click();
    expect(openOverride).toHaveBeenCalledWith(expect.objectContaining({ id: "K00012" }));
    view.el.remove();
  });
});
