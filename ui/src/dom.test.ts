import { describe, expect, it } from "vitest";
import { h, keepingFocus, replace } from "./dom";

describe("a redraw keeps the keyboard focus", () => {
  it("on the control with the same id", () => {
    const host = h("div", {}, h("select", { id: "method" }));
    document.body.append(host);
    (host.querySelector("#method") as HTMLElement).focus();
    keepingFocus(host, () => replace(host, h("select", { id: "method" })));
    expect(document.activeElement).toBe(host.querySelector("#method"));
    host.remove();
  });

  it("on the column header sorted by", () => {
    const head = () => h("div", { "data-sort": "sales", tabindex: 0 }, "购买力");
    const host = h("div", {}, head());
    document.body.append(host);
    (host.firstElementChild as HTMLElement).focus();
    keepingFocus(host, () => replace(host, head()));
    expect((document.activeElement as HTMLElement).dataset.sort).toBe("sales");
    host.remove();
  });

  it("leaves the focus alone when it was elsewhere", () => {
    const outside = h("button", {}, "x");
    const host = h("div", {}, h("select", { id: "method" }));
    document.body.append(outside, host);
    outside.focus();
    keepingFocus(host, () => replace(host, h("select", { id: "method" })));
    expect(document.activeElement).toBe(outside);
    outside.remove();
    host.remove();
  });
});
