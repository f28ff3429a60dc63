import { describe, expect, it, vi } from "vitest";
import { setLang } from "../i18n";
import { showWelcomeFacts, welcome } from "./welcome";

describe("the welcome screen after the first day", () => {
  setLang("zh");
  const facts = {
    last_run: { id: 7, label: "2025年", file_name: "2025销售台账.xlsx", created_at: "2026-12-01T02:42:00Z" },
    recent: [
      { path: "/账/2025销售台账.xlsx", name: "2025销售台账.xlsx", folder: "/账", exists: true },
      { path: "/旧/2023.xlsx", name: "2023.xlsx", folder: "/旧", exists: false },
    ],
  };

  it("offers to continue with the last run and lists recent ledgers", () => {
    const openRun = vi.fn();
    const openPath = vi.fn();
    const actions = { sample: "/s.xlsx", openSample: vi.fn(), pick: vi.fn(), openRun, openPath };
    const screen = document.createElement("div");
    screen.append(welcome(actions));
    showWelcomeFacts(screen, facts, actions);
    const cont = screen.querySelector("#continue-run") as HTMLButtonElement;
    expect(cont.textContent).toBe("继续上次的分级：2025年 · 2025销售台账.xlsx");
    cont.click();
    expect(openRun).toHaveBeenCalledWith(7);
    const recent = screen.querySelectorAll("#recent-ledgers li");
    expect(recent.length).toBe(2);
    (recent[0].querySelector("button") as HTMLButtonElement).click();
    expect(openPath).toHaveBeenCalledWith("/账/2025销售台账.xlsx");
    expect(recent[1].querySelector("button")).toBeNull();
    expect(recent[1].textContent).toContain("文件已移动或删除");
    expect(screen.querySelector("#open-sample")!.className).toBe("secondary");
  });

  it("on the first day shows only the first steps", () => {
    const actions = { sample: null, openSample: vi.fn(), pick: vi.fn() };
    const screen = document.createElement("div");
    screen.append(welcome(actions));
    showWelcomeFacts(screen, { last_run: null, recent: [] }, actions);
    expect(screen.querySelector("#welcome-more")!.children.length).toBe(0);
  });
});
