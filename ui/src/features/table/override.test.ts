import { describe, expect, it, vi } from "vitest";
import type { RowView } from "../../api/bindings/RowView";
import { overrideDialog } from "./override";

const row = { id: "KH1090", name: "合肥中联机电有限公司", tier: "C", computed: "C", override_reason: null } as unknown as RowView;

describe("the override dialog", () => {
  it("will not save without a reason, and saves the tier with the trimmed reason", () => {
    const save = vi.fn();
    const el = overrideDialog(row, { save, undo: vi.fn(), close: vi.fn() });
    const hint = el.querySelector("#override-hint") as HTMLElement;
    (el.querySelector("#override-save") as HTMLButtonElement).click();
    expect(save).not.toHaveBeenCalled();
    expect(hint.hidden).toBe(false);
    const reason = el.querySelector("#override-reason") as HTMLTextAreaElement;
    reason.value = "  行业龙头  ";
    reason.dispatchEvent(new Event("input"));
    expect(hint.hidden).toBe(true);
    (el.querySelector("#override-tier") as HTMLSelectElement).value = "A";
    (el.querySelector("#override-save") as HTMLButtonElement).click();
    expect(save).toHaveBeenCalledWith("A", "行业龙头");
  });

  it("offers undo only for a manual tier", () => {
    expect(overrideDialog(row, { save: vi.fn(), undo: vi.fn(), close: vi.fn() }).querySelector("#override-undo")).toBeNull();
    const undo = vi.fn();
    const el = overrideDialog({ ...row, tier: "A", override_reason: "战略意义" }, { save: vi.fn(), undo, close: vi.fn() });
    (el.querySelector("#override-undo") as HTMLButtonElement).click();
    expect(undo).toHaveBeenCalled();
    expect((el.querySelector("#override-reason") as HTMLTextAreaElement).value).toBe("战略意义");
  });
});
