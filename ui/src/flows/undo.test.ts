import { describe, expect, it } from "vitest";
import { UndoStack } from "./undo";

describe("Ctrl+Z's stack of edits", () => {
  it("undoes the newest edit first, each once", async () => {
    const done: string[] = [];
    const s = new UndoStack();
    s.push({ label: "tier of KH1", run: async () => (done.push("KH1"), true) });
    s.push({ label: "needs of KH2", run: async () => (done.push("KH2"), true) });
    expect(await s.undo()).toBe("needs of KH2");
    expect(await s.undo()).toBe("tier of KH1");
    expect(await s.undo()).toBeNull();
    expect(done).toEqual(["KH2", "KH1"]);
  });

  it("keeps an edit whose undo failed, to be tried again", async () => {
    const s = new UndoStack();
    let ok = false;
    s.push({ label: "x", run: async () => ok });
    expect(await s.undo()).toBeNull();
    expect(s.size).toBe(1);
    ok = true;
    expect(await s.undo()).toBe("x");
  });

  it("forgets the edits of a run when another is opened", async () => {
    const s = new UndoStack();
    s.push({ label: "x", run: async () => true });
    s.clear();
    expect(await s.undo()).toBeNull();
  });
});
