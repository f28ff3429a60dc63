import { describe, expect, it } from "vitest";
import { nextTab } from "./main";

describe("the tab list's keyboard", () => {
  it("moves between tabs with the arrow keys, wrapping around, and to the ends with Home and End", () => {
    expect(nextTab("table", "ArrowRight")).toBe("dashboard");
    expect(nextTab("print", "ArrowRight")).toBe("table");
    expect(nextTab("table", "ArrowLeft")).toBe("print");
    expect(nextTab("report", "Home")).toBe("table");
    expect(nextTab("dashboard", "End")).toBe("print");
    expect(nextTab("table", "a")).toBeNull();
  });
});
