import { describe, expect, it, vi } from "vitest";
import type { ImportOptions } from "../../api/bindings/ImportOptions";
import type { InspectResult } from "../../api/bindings/InspectResult";
import { preview, withRole } from "./preview";

const options: ImportOptions = { mapping: {}, header_row: null, sheets: null, units: {}, period: { from: null, to: null } };

function result(overrides: Partial<InspectResult> = {}): InspectResult {
  return {
    inspection: {
      file: "台账.xlsx",
      format: "xlsx",
      shape: "transactions",
      sheets: [
        {
          name: "明细",
          included: true,
          skip: null,
          header: {
            row: 1,
            columns: [
              { index: 0, header: "客户编号", role: "customer_id", unit: "yuan" },
              { index: 1, header: "日期", role: "date", unit: "yuan" },
              { index: 2, header: "含税金额", role: "amount", unit: "yuan" },
              { index: 3, header: "回款", role: null, unit: "yuan" },
            ],
            notes: [],
          },
          rows: [
            [0, ["2025年台账"]],
            [1, ["客户编号", "日期", "含税金额", "回款"]],
            [2, ["C1", "2025-01-02", "100", "90"]],
          ],
        },
        { name: "说明", included: false, skip: { code: "not_a_ledger" }, header: null, rows: [] },
      ],
    },
    options,
    remembered: false,
    problem: null,
    assumptions: [],
    ...overrides,
  };
}

describe("the mapping screen", () => {
  it("says before the import what reading the headers assumed", () => {
    const el = preview(result({ assumptions: ["金额单位按“明细”第 2 行的说明取为万元"] }), { change: vi.fn(), confirm: vi.fn(), cancel: vi.fn() });
    expect(el.querySelector("#preview-assumptions")?.textContent).toContain("假定：金额单位按“明细”第 2 行的说明取为万元");
    expect(preview(result(), { change: vi.fn(), confirm: vi.fn(), cancel: vi.fn() }).querySelector("#preview-assumptions")).toBeNull();
  });

  it("shows the detected header row, each column's role and the first data rows", () => {
    const el = preview(result(), { change: vi.fn(), confirm: vi.fn(), cancel: vi.fn() });
    expect((el.querySelector("#header-row") as HTMLInputElement).value).toBe("2");
    const roles = [...el.querySelectorAll("select.role")].map((s) => (s as HTMLSelectElement).value);
    expect(roles).toEqual(["customer_id", "date", "amount", ""]);
    const firstRow = el.querySelector("#preview-grid tbody tr")!;
    expect(firstRow.textContent).toContain("C1");
    expect(el.textContent).toContain("不导入：不是台账（前 30 行中没有包含客户列和金额列的表头），如说明或备注页");
  });

  it("asks for a new plan when a column's role changes", () => {
    const change = vi.fn();
    const el = preview(result(), { change, confirm: vi.fn(), cancel: vi.fn() });
    const select = el.querySelectorAll("select.role")[3] as HTMLSelectElement;
    select.value = "amount";
    select.dispatchEvent(new Event("change"));
    expect(change).toHaveBeenCalledWith(expect.objectContaining({ mapping: { amount: "回款" } }));
  });

  it("moves a role from one column to another and can switch a column off", () => {
    const sheet = result().inspection.sheets[0];
    expect(withRole(options, sheet, "回款", "amount").mapping).toEqual({ amount: "回款" });
    expect(withRole(options, sheet, "日期", "").mapping).toEqual({ date: "" });
    expect(withRole(options, sheet, "含税金额", "profit").mapping).toEqual({ profit: "含税金额", amount: "" });
  });

  it("applies the unit to every money column and the header row to the plan", () => {
    const change = vi.fn();
    const el = preview(result(), { change, confirm: vi.fn(), cancel: vi.fn() });
    const unit = el.querySelector("#unit") as HTMLSelectElement;
    unit.value = "ten_thousand";
    unit.dispatchEvent(new Event("change"));
    expect(change.mock.calls[0][0].units).toEqual({ amount: "ten_thousand", profit: "ten_thousand", cost: "ten_thousand", receivable: "ten_thousand", clv: "ten_thousand" });
    const row = el.querySelector("#header-row") as HTMLInputElement;
    row.value = "3";
    row.dispatchEvent(new Event("change"));
    expect(change.mock.calls[1][0].header_row).toBe(3);
  });

  it("cannot import while the plan has a problem, and says why", () => {
    const problem = { code: "import.no_amount_column", params: { file: "台账.xlsx", sheet: "明细", row: "2" }, message: "“台账.xlsx”工作表“明细”第 2 行的表头中没有金额列。" };
    const el = preview(result({ problem }), { change: vi.fn(), confirm: vi.fn(), cancel: vi.fn() });
    expect((el.querySelector("#start-import") as HTMLButtonElement).disabled).toBe(true);
    expect(el.querySelector("#preview-problem")!.textContent).toContain("没有金额列");
  });

  it("limits the import to a period", () => {
    const change = vi.fn();
    const el = preview(result(), { change, confirm: vi.fn(), cancel: vi.fn() });
    const from = el.querySelector("#period-from") as HTMLInputElement;
    from.value = "2025-01-01";
    from.dispatchEvent(new Event("change"));
    expect(change.mock.calls[0][0].period).toEqual({ from: "2025-01-01", to: null });
  });

  it("says when a remembered mapping was applied", () => {
    const el = preview(result({ remembered: true }), { change: vi.fn(), confirm: vi.fn(), cancel: vi.fn() });
    expect(el.querySelector("#remembered")).not.toBeNull();
  });

  it("starts the import on Enter, but not from a field or while the plan has a problem", () => {
    const confirm = vi.fn();
    const el = preview(result(), { change: vi.fn(), confirm, cancel: vi.fn() });
    el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(confirm).toHaveBeenCalledTimes(1);
    (el.querySelector("#header-row") as HTMLInputElement).dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(confirm).toHaveBeenCalledTimes(1);
    const problem = { code: "import.no_data_rows", params: {}, message: "只有表头。" };
    const blocked = preview(result({ problem }), { change: vi.fn(), confirm, cancel: vi.fn() });
    blocked.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});
