import { describe, expect, it, vi } from "vitest";
import { h } from "../dom";
import { modal } from "./modal";

describe("a dialog", () => {
  it("keeps Tab inside itself and closes on Escape", () => {
    const close = vi.fn();
    const el = modal({ id: "d", close }, h("input", { id: "a" }), h("button", { id: "b" }, "OK"), h("button", { id: "c" }, "Cancel"));
    document.body.appendChild(el);
    const box = el.querySelector(".modal") as HTMLElement;
    const key = (k: string, shift = false) => {
      const e = new KeyboardEvent("keydown", { key: k, shiftKey: shift, bubbles: true, cancelable: true });
      (document.activeElement ?? box).dispatchEvent(e);
      return e;
    };
    (el.querySelector("#c") as HTMLElement).focus();
    expect(key("Tab").defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe("a");
    expect(key("Tab", true).defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe("c");
    (el.querySelector("#b") as HTMLElement).focus();
    expect(key("Tab").defaultPrevented).toBe(false);
    key("Escape");
    expect(close).toHaveBeenCalled();
    el.remove();
  });
});
