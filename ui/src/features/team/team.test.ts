import { describe, expect, it, vi } from "vitest";
import type { AppInfo } from "../../api/bindings/AppInfo";
import { setLang } from "../../i18n";
import { readServer, teamDialog, workspaceBadge } from "./team";

const base = { version: "0.1.0", sample: null, lang: "zh", first_run: false, test_ledgers: [], test_save: null, workspace: "/ws.tierbook", workspace_problem: null, team: null } as AppInfo;

describe("the team workspace dialog", () => {
  it("reads the server as typed, with the usual port, and names the first empty field", () => {
    expect(readServer({ host: " fs01 ", port: "", database: "tierbook", user: "王会计" })).toEqual({ host: "fs01", port: 5432, database: "tierbook", user: "王会计" });
    expect(readServer({ host: "", port: "5432", database: "t", user: "u" })).toBe("host");
    expect(readServer({ host: "h", port: "99999", database: "t", user: "u" })).toBe("port");
    expect(readServer({ host: "h", port: "5432", database: "t", user: " " })).toBe("user");
  });

  it("connects with the server and password typed, and says which field is missing", async () => {
    setLang("zh");
    const connect = vi.fn(async () => "无法打开工作区“tierbook@fs01”（password authentication failed）。");
    const el = teamDialog(base, { connect, useLocal: vi.fn(), close: vi.fn() });
    (el.querySelector("#team-connect") as HTMLButtonElement).click();
    expect(connect).not.toHaveBeenCalled();
    expect(el.querySelector("#team-hint")!.textContent).toContain("服务器");
    (el.querySelector("#team-host") as HTMLInputElement).value = "fs01";
    (el.querySelector("#team-user") as HTMLInputElement).value = "王会计";
    (el.querySelector("#team-password") as HTMLInputElement).value = "secret";
    (el.querySelector("#team-connect") as HTMLButtonElement).click();
    expect(connect).toHaveBeenCalledWith({ host: "fs01", port: 5432, database: "tierbook", user: "王会计" }, "secret");
    await new Promise((r) => setTimeout(r, 0));
    // The server's refusal is said in the dialog, which stays open for another try.
    expect(el.querySelector("#team-hint")!.textContent).toContain("password authentication failed");
    expect(el.querySelector("#team-local")).toBeNull();
  });

  it("remembers the server but never the password, and offers this PC's workspace back", () => {
    const info = { ...base, team: { server: { host: "fs01", port: 5433, database: "tb", user: "李经理" }, connected: false, role: null } } as AppInfo;
    const useLocal = vi.fn();
    const el = teamDialog(info, { connect: vi.fn(async () => undefined), useLocal, close: vi.fn() });
    expect((el.querySelector("#team-port") as HTMLInputElement).value).toBe("5433");
    expect((el.querySelector("#team-password") as HTMLInputElement).value).toBe("");
    (el.querySelector("#team-local") as HTMLButtonElement).click();
    expect(useLocal).toHaveBeenCalled();
  });

  it("the header says which workspace the window is on, with the role on a team server", () => {
    setLang("zh");
    expect(workspaceBadge(base, vi.fn()).textContent).toBe("本机工作区");
    const team = { ...base, team: { server: { host: "fs01", port: 5432, database: "tierbook", user: "王会计" }, connected: true, role: "finance" } } as AppInfo;
    const badge = workspaceBadge(team, vi.fn());
    expect(badge.textContent).toBe("团队工作区（财务）");
    expect(badge.title).toContain("tierbook@fs01，用户 王会计");
  });
});
