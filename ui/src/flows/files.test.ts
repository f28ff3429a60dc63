import { describe, expect, it } from "vitest";
import { suggestedPath } from "./files";

describe("the save dialog's suggestion", () => {
  it("starts in the ledger's folder with a name that says the period", () => {
    expect(suggestedPath("客户分级管理表.xlsx", "2025年", "/home/kuaiji/台账/2025销售台账.xlsx")).toBe("/home/kuaiji/台账/客户分级管理表_2025年.xlsx");
    expect(suggestedPath("客户分级管理表.xlsx", "2025年7月1日 至 2025年12月31日", "C:\\财务\\台账.xlsx")).toBe("C:\\财务\\客户分级管理表_2025年7月1日至2025年12月31日.xlsx");
    expect(suggestedPath("tier-report.html", "2025 Q1", null)).toBe("tier-report_2025Q1.html");
    expect(suggestedPath("客户分级管理表.xlsx", null, "台账.xlsx")).toBe("客户分级管理表.xlsx");
    expect(suggestedPath("a.xlsx", "x/y:z", "/d/f.xlsx")).toBe("/d/a_x-y-z.xlsx");
  });
});
