import { afterEach, describe, expect, it } from "vitest";
import { asIpcError } from "../api";
import { setLang } from "../i18n";
import { errorText, showError } from "./errors";

describe("error display", () => {
  afterEach(() => setLang("zh"));

  it("shows the engine's message as it is: the engine owns the text", () => {
    const message = "“a.csv”工作表“a.csv”第 3 行的表头中没有金额列。请添加“销售额”或“金额”列，或指定哪一列是金额。";
    const e = { code: "import.no_amount_column", params: { file: "a.csv", sheet: "a.csv", row: "3" }, message };
    expect(errorText(e)).toBe(message);
  });

  it("words a thrown value that is not an engine error itself, never raw text", () => {
    const e = asIpcError(new Error("TypeError: x is undefined"));
    expect(e.code).toBe("app.internal");
    expect(errorText(e)).toBe("处理时发生意外错误，请重试。");
    setLang("en");
    expect(errorText(asIpcError("boom"))).not.toContain("boom");
  });

  it("shows a dismissible alert with the code for tests and logs", () => {
    const host = document.createElement("div");
    showError(host, { code: "export.target_in_use", params: { path: "/x/表.xlsx" }, message: "“/x/表.xlsx”正在被其他程序（如 Excel）打开。" });
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.getAttribute("data-code")).toBe("export.target_in_use");
    expect(alert.textContent).toContain("正在被其他程序（如 Excel）打开");
    (host.querySelector("button") as HTMLButtonElement).click();
    expect(host.children.length).toBe(0);
  });
});
