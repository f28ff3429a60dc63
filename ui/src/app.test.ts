import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./app";

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the app over a mocked IPC", () => {
  afterEach(() => clearMocks());

  it("offers the sample on first run and previews it in one click", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "app_info") return { version: "0.1.0", sample: "/opt/tierbook/samples/2025销售台账.xlsx", lang: "zh", first_run: true, test_ledgers: [], test_save: null, workspace: null, workspace_problem: null };
      if (cmd === "inspect_ledger")
        return {
          inspection: { file: "2025销售台账.xlsx", format: "xlsx", shape: "transactions", sheets: [{ name: "销售明细", included: true, skip: null, header: { row: 3, columns: [{ index: 0, header: "客户编号", role: "customer_id", unit: "yuan" }, { index: 1, header: "含税金额（元）", role: "amount", unit: "yuan" }] }, rows: [[4, ["KH1001", "100"]]] }] },
          options: { mapping: {}, header_row: null, sheets: null, units: {}, period: { from: null, to: null } },
          remembered: false,
          problem: null,
        };
      return null;
    });
    const root = document.createElement("div");
    const app = new App(root);
    await app.start();
    const sample = root.querySelector("#open-sample") as HTMLButtonElement;
    expect(sample.textContent).toBe("打开示例台账");
    sample.click();
    await flush();
    await flush();
    expect(calls.find(([c]) => c === "inspect_ledger")?.[1]).toMatchObject({ path: "/opt/tierbook/samples/2025销售台账.xlsx", options: null });
    expect(root.querySelector('[data-screen="preview"]')).not.toBeNull();
    expect((root.querySelector("#header-row") as HTMLInputElement).value).toBe("4");
  });

  it("after an edit refused because someone else changed the run, says by whom and reloads the run", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "app_info") return { version: "0.1.0", sample: null, lang: "zh", first_run: false, test_ledgers: [], test_save: null, workspace: "/ws.tierbook", workspace_problem: null };
      if (cmd === "open_run") throw { code: "store.no_such_run", params: { id: "7" }, message: "工作区中没有编号为 7 的分级记录。" };
      return null;
    });
    const root = document.createElement("div");
    const app = new App(root);
    await app.start();
    app.outcome = { run_id: 7 } as unknown as typeof app.outcome;
    app.fail({ code: "store.conflict", params: { who: "王会计", at: "2026-12-01T02:42:00Z" }, message: "这项内容已被 王会计 在 10:42 修改，你的修改未保存。" });
    expect(root.querySelector("#errors")!.textContent).toContain("已被 王会计");
    await flush();
    await flush();
    expect(calls.find(([c]) => c === "open_run")?.[1]).toMatchObject({ runId: 7 });
  });

  it("shows a failed open with the engine's message and stays on the welcome screen", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") return { version: "0.1.0", sample: null, lang: "en", first_run: true, test_ledgers: ["/data/bad.xlsx"], test_save: null, workspace: null, workspace_problem: null };
      if (cmd === "inspect_ledger") throw { code: "import.empty_file", params: { file: "bad.xlsx" }, message: "“bad.xlsx” is empty (0 bytes). Export the ledger again, then import it." };
      return null;
    });
    const root = document.createElement("div");
    const app = new App(root);
    await app.start();
    (root.querySelector("#pick-file") as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(root.querySelector("#errors")!.textContent).toContain("“bad.xlsx” is empty (0 bytes)");
    expect(root.querySelector('[data-screen="welcome"]')).not.toBeNull();
  });

  it("takes a cancelled import back without an error banner: cancelling is not an error", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") return { version: "0.1.0", sample: null, lang: "zh", first_run: true, test_ledgers: ["/data/台账.xlsx"], test_save: null, workspace: null, workspace_problem: null };
      if (cmd === "inspect_ledger")
        return {
          inspection: { file: "台账.xlsx", format: "xlsx", shape: "transactions", sheets: [{ name: "销售明细", included: true, skip: null, header: { row: 0, columns: [{ index: 0, header: "客户编号", role: "customer_id", unit: "yuan" }, { index: 1, header: "金额", role: "amount", unit: "yuan" }] }, rows: [[1, ["KH1001", "100"]]] }] },
          options: { mapping: {}, header_row: null, sheets: null, units: {}, period: { from: null, to: null } },
          remembered: false,
          problem: null,
          assumptions: [],
        };
      if (cmd === "import_ledger") throw { code: "import.cancelled", params: {}, message: "导入已取消。" };
      return null;
    });
    const root = document.createElement("div");
    const app = new App(root);
    await app.start();
    await app.open("/data/台账.xlsx");
    (root.querySelector("#start-import") as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(root.querySelector("#errors")!.children.length).toBe(0);
    expect(root.querySelector('[data-screen="welcome"]')).not.toBeNull();
  });
});
