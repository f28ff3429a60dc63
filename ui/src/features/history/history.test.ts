import { describe, expect, it, vi } from "vitest";
import type { ComparisonView } from "../../api/bindings/ComparisonView";
import type { CustomerPage } from "../../api/bindings/CustomerPage";
import type { Mover } from "../../api/bindings/Mover";
import type { RunView } from "../../api/bindings/RunView";
import type { RowView } from "../../api/bindings/RowView";
import type { WorkspaceView } from "../../api/bindings/WorkspaceView";
import { setLang } from "../../i18n";
import { compareView, LIST_ROWS } from "./compare";
import { confirmDialog } from "./confirm";
import { customerDialog } from "./customer";
import { workspaceView } from "./workspace";

const run = (id: number, label: string, extra: Partial<RunView> = {}): RunView => ({
  id,
  ledger_id: id,
  file_name: `${label}销售台账.xlsx`,
  label,
  created_at: "2026-11-23T08:05:00Z",
  from: `${label.slice(0, 4)}-01-01`,
  to: `${label.slice(0, 4)}-12-31`,
  method: "ABC 分类",
  customers: [5, 16, 85],
  open: false,
  latest: true,
  created_by: null,
  ...extra,
});

const mover = (id: string, before: "A" | "B" | "C" | null, after: "A" | "B" | "C" | null): Mover => ({ id, name: `客户${id}`, before, after, sales_before: 100, sales_after: 300 });
const cell = (customers: number) => ({ customers, sales_before: customers * 10, sales_after: customers * 20 });

describe("the comparison screen", () => {
  setLang("zh");
  const c: ComparisonView = {
    before: run(1, "2024年"),
    after: run(2, "2025年"),
    matrix: [
      [cell(3), cell(2), cell(0)],
      [cell(1), cell(10), cell(4)],
      [cell(0), cell(5), cell(70)],
    ],
    upgraded: [mover("K1", "B", "A")],
    downgraded: Array.from({ length: LIST_ROWS + 3 }, (_, i) => mover(`D${i}`, "A", "B")),
    new: [mover("N1", null, "C")],
    lost: [],
    rising_stars: [],
    slipping: [{ mover: mover("S1", "A", "B"), why: "销售额下降 40.0%" }],
    flow: "<svg><title>flow</title></svg>",
    trend: "<svg></svg>",
  };

  it("shows the matrix with row and column totals and marks moves up and down", () => {
    const el = compareView([c.before, c.after], c, [1, 2], { pick: vi.fn(), exportXlsx: vi.fn(), openCustomer: vi.fn(), back: vi.fn() });
    const m = el.querySelector("#migration-matrix")!;
    expect(m.querySelector('[data-from="B"][data-to="A"]')!.textContent).toContain("1");
    expect(m.querySelector('[data-from="B"][data-to="A"]')!.classList.contains("up")).toBe(true);
    expect(m.querySelector('[data-from="A"][data-to="B"]')!.classList.contains("down")).toBe(true);
    expect(m.querySelector("tr.total")!.textContent).toContain("95");
    expect(el.querySelector("#chart-flow svg")).not.toBeNull();
  });

  it("lists movers with a count, caps long lists, explains slipping and opens a customer", () => {
    const openCustomer = vi.fn();
    const el = compareView([c.before, c.after], c, [1, 2], { pick: vi.fn(), exportXlsx: vi.fn(), openCustomer, back: vi.fn() });
    const down = el.querySelector("#list-downgraded")!;
    expect(down.querySelectorAll("tbody tr").length).toBe(LIST_ROWS);
    expect(down.textContent).toContain("另有 3 位未列出");
    expect(el.querySelector("#list-slipping")!.textContent).toContain("销售额下降 40.0%");
    expect(el.querySelector("#list-new")!.textContent).toContain("新增客户");
    expect(el.querySelector("#list-lost")!.textContent).toContain("无");
    (el.querySelector('#list-upgraded [data-id="K1"] button') as HTMLButtonElement).click();
    expect(openCustomer).toHaveBeenCalledWith("K1");
  });

  it("asks for a second period when there is only one run", () => {
    const el = compareView([run(1, "2025年")], null, null, { pick: vi.fn(), exportXlsx: vi.fn(), openCustomer: vi.fn(), back: vi.fn() });
    expect(el.querySelector("#compare-empty")!.textContent).toContain("至少需要两期");
    expect(el.querySelector("#export-comparison")).toBeNull();
  });

  it("re-compares when another run is picked", () => {
    const pick = vi.fn();
    const el = compareView([run(1, "2023年"), run(3, "2024年"), run(2, "2025年")], null, [3, 2], { pick, exportXlsx: vi.fn(), openCustomer: vi.fn(), back: vi.fn() });
    const before = el.querySelector("#compare-before") as HTMLSelectElement;
    expect(before.value).toBe("3");
    before.value = "1";
    before.dispatchEvent(new Event("change"));
    expect(pick).toHaveBeenCalledWith(1, 2);
  });
});

describe("the workspace screen", () => {
  const w: WorkspaceView = {
    path: "/data/workspace.tierbook",
    shared: null,
    ledgers: [{ id: 7, file_name: "2025销售台账.xlsx", size: 1000, imported_at: "2026-11-23T08:05:00Z", first_date: "2025-01-02", last_date: "2025-12-30", rows_imported: 2412, rows_skipped: 2, runs: 1, imported_by: "fin_wang" }],
    runs: [run(9, "2025年", { ledger_id: 7, open: true }), run(10, "2025年第1季度", { ledger_id: 7, latest: false })],
    pair: null,
  };

  it("lists imports and runs, marks the open one and offers tiering per period", () => {
    const tierPeriods = vi.fn();
    const el = workspaceView(w, { openRun: vi.fn(), tierPeriods, deleteLedger: vi.fn(), compare: vi.fn(), back: vi.fn() });
    expect(el.querySelector('[data-ledger="7"]')!.textContent).toContain("2,412");
    expect(el.querySelector("#open-run-9")).toBeNull();
    expect(el.querySelector('[data-run="10"]')!.classList.contains("superseded")).toBe(true);
    (el.querySelector("#per-7") as HTMLSelectElement).value = "month";
    (el.querySelector("#tier-per-7") as HTMLButtonElement).click();
    expect(tierPeriods).toHaveBeenCalledWith(w.ledgers[0], "month");
    expect(el.querySelector("#compare-latest")).toBeNull();
  });

  it("says when the workspace is on a shared folder, and not when it is on this PC", () => {
    const actions = { openRun: vi.fn(), tierPeriods: vi.fn(), deleteLedger: vi.fn(), compare: vi.fn(), back: vi.fn() };
    expect(workspaceView(w, actions).querySelector('[data-testid="ws-shared"]')).toBeNull();
    const note = workspaceView({ ...w, shared: "cifs" }, actions).querySelector('[data-testid="ws-shared"]')!;
    expect(note.textContent).toContain("共享文件夹（cifs）");
  });

  it("says who imported each ledger, and offers the move that fits the workspace in use", () => {
    const moveUp = vi.fn();
    const base = { openRun: vi.fn(), tierPeriods: vi.fn(), deleteLedger: vi.fn(), compare: vi.fn(), back: vi.fn() };
    const local = workspaceView(w, { ...base, moveUp });
    expect(local.querySelector('[data-ledger="7"]')!.textContent).toContain("fin_wang");
    expect(local.querySelector("#move-down")).toBeNull();
    (local.querySelector("#move-up") as HTMLButtonElement).click();
    expect(moveUp).toHaveBeenCalled();
    const team = workspaceView(w, { ...base, moveDown: vi.fn() });
    expect(team.querySelector("#move-up")).toBeNull();
    expect(team.querySelector("#move-down")!.textContent).toBe("迁回本机");
  });

  it("says so when empty", () => {
    const el = workspaceView({ path: null, shared: null, ledgers: [], runs: [], pair: null }, { openRun: vi.fn(), tierPeriods: vi.fn(), deleteLedger: vi.fn(), compare: vi.fn(), back: vi.fn() });
    expect(el.querySelector(".empty")!.textContent).toContain("工作区还没有记录");
  });

  it("deletes only after confirmation, and Escape cancels", () => {
    const ok = vi.fn();
    const cancel = vi.fn();
    const el = confirmDialog({ id: "confirm-delete", title: "删除？", body: "无法撤销", confirm: "删除", cancel: "取消" }, ok, cancel);
    el.querySelector(".modal")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(cancel).toHaveBeenCalled();
    expect(ok).not.toHaveBeenCalled();
    (el.querySelector("#confirm-delete-ok") as HTMLButtonElement).click();
    expect(ok).toHaveBeenCalled();
  });
});

describe("the customer page", () => {
  const page: CustomerPage = {
    record: { id: "KH1001", name: "苏州精工", manager: "", contact: "", industry: "", region: "", notes: "", needs: "年底集中采购" },
    periods: [
      { run_id: 1, label: "2024年", from: "2024-01-01", to: "2024-12-31", tier: "A", computed: "A", sales: 1_200_000, profit: 300_000, frequency: 12, override_reason: null },
      { run_id: 2, label: "2025年", from: "2025-01-01", to: "2025-12-31", tier: "B", computed: "A", sales: 900_000, profit: null, frequency: 8, override_reason: "回款慢" },
    ],
    audit: [
      { at: "2026-11-23T08:05:00Z", who: "clerk", customer: "KH1001", action: "override", detail: "A类客户 → B类客户：回款慢", db_user: null, run_id: 2 },
      { at: "2026-11-24T09:10:00Z", who: "wang", customer: "KH1001", action: "needs", detail: "月结", db_user: "fin_wang", run_id: null },
    ],
    current: null,
  };

  it("shows the tier per period with manual tiers explained, and the edit history", () => {
    const el = customerDialog(page, { save: vi.fn(), close: vi.fn() });
    const rows = el.querySelectorAll("#customer-periods tbody tr");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain("120.00万元");
    expect(rows[1].textContent).toContain("回款慢");
    expect(el.querySelector("#customer-audit")!.textContent).toContain("手工调级");
    expect(el.querySelector("#customer-audit")!.textContent).toContain("clerk");
    // On a team server the database user the server stamped is shown beside the PC's.
    expect(el.querySelector("#customer-audit")!.textContent).toContain("wang（fin_wang）");
  });

  it("shows the customer through the value lenses of the open run, warnings with their facts", () => {
    expect(customerDialog(page, { save: vi.fn(), close: vi.fn() }).querySelector("#customer-lenses")).toBeNull();
    const current = {
      rfm: "5-4-5",
      segment: "重要价值客户",
      stage: "稳定期",
      level: "重要客户（1:1）",
      quadrant: "VIP",
      potential: 83.6,
      growth: 0.62,
      mean_gap_days: 29.6,
      loyalty: "A 高忠诚高价值",
      credit: "欠款偏大、欠款逾期",
      unpaid_share: 0.47,
      unpaid_age_days: 211,
      p_alive: 0.915,
      expected_purchases: 12.34,
    } as unknown as RowView;
    const text = customerDialog({ ...page, current }, { save: vi.fn(), close: vi.fn() }).querySelector("#customer-lenses")!.textContent;
    for (const part of ["5-4-5 重要价值客户", "稳定期", "重要客户（1:1）", "VIP", "84", "62.0%", "30天", "91.5%", "12.3", "A 高忠诚高价值", "⚠ 欠款偏大、欠款逾期（47.0%，211天）"]) {
      expect(text).toContain(part);
    }
  });

  it("saves the edited record", () => {
    const save = vi.fn();
    const el = customerDialog(page, { save, close: vi.fn() });
    (el.querySelector("#cust-manager") as HTMLInputElement).value = "王建国";
    (el.querySelector("#customer-form") as HTMLFormElement).dispatchEvent(new Event("submit", { cancelable: true }));
    expect(save).toHaveBeenCalledWith({ ...page.record, manager: "王建国" });
  });
});
