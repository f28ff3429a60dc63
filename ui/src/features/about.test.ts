import { describe, expect, it, vi } from "vitest";
import { setLang } from "../i18n";
import { aboutDialog } from "./about";

describe("帮助 → 关于", () => {
  setLang("zh");
  it("shows the version, the workspace and the log folder, and opens the folder", () => {
    const openLogFolder = vi.fn();
    const close = vi.fn();
    const el = aboutDialog({ version: "0.1.0", workspace: "/home/wang/.local/share/tierbook/workspace.tierbook", log_dir: "/home/wang/.local/share/tierbook/logs" }, { close, openLogFolder });
    expect(el.querySelector("#about-version")!.textContent).toBe("0.1.0");
    expect(el.querySelector("#about-workspace")!.textContent).toContain("workspace.tierbook");
    (el.querySelector("#about-open-log") as HTMLButtonElement).click();
    expect(openLogFolder).toHaveBeenCalled();
    el.querySelector(".modal")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(close).toHaveBeenCalled();
  });

  it("says when there is no workspace or log folder", () => {
    const el = aboutDialog({ version: "0.1.0", workspace: null, log_dir: null }, { close: vi.fn(), openLogFolder: vi.fn() });
    expect(el.querySelector("#about-workspace")!.textContent).toBe("（无）");
    expect(el.querySelector("#about-open-log")).toBeNull();
  });
});
