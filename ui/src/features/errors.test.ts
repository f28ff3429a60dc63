import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { errorText, showError } from "./errors";

describe("error display", () => {
  afterEach(() => setLang("zh"));

  it("translates a code with its parameters in the user's language", () => {
    const e = { code: "import.password_protected", params: { file: "台账.xlsx" }, message: "raw" };
    setLang("zh");
    expect(errorText(e)).toContain("工作簿“台账.xlsx”设置了打开密码");
    setLang("en");
    expect(errorText(e)).toContain("“台账.xlsx” is password-protected");
  });

  it("names the sheet and row for a header without an amount column", () => {
    const e = { code: "import.no_amount_column", params: { file: "a.csv", sheet: "a.csv", row: "3" }, message: "raw" };
    expect(errorText(e)).toBe("“a.csv”工作表“a.csv”第 3 行的表头中没有金额列。请在下方把某一列设为“金额”。");
  });

  it("falls back to the backend's message for a code this UI does not know", () => {
    expect(errorText({ code: "future.thing", params: {}, message: "后端的说明" })).toBe("后端的说明");
  });

  it("shows a dismissible alert and never raw Rust text for known codes", () => {
    const host = document.createElement("div");
    showError(host, { code: "export.target_in_use", params: { path: "/x/表.xlsx" }, message: "Os { code: 32 }" });
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.getAttribute("data-code")).toBe("export.target_in_use");
    expect(alert.textContent).toContain("正在被其他程序（如 Excel）打开");
    expect(alert.textContent).not.toContain("Os {");
    (host.querySelector("button") as HTMLButtonElement).click();
    expect(host.children.length).toBe(0);
  });
});
