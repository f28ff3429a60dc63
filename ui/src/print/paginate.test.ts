import { describe, expect, it } from "vitest";
import { paginate, type Sheets } from "./paginate";

/** Sheets without a layout engine: each piece says its height in data-h, and
 * a sheet holds `capacity`. */
function fakeSheets(capacity: number): Sheets & { used: (box: HTMLElement) => number } {
  const used = (box: HTMLElement) => Array.from(box.querySelectorAll<HTMLElement>("[data-h]")).reduce((sum, el) => sum + Number(el.dataset.h), 0);
  return {
    add: () => document.createElement("div"),
    overflows: (box) => used(box) > capacity,
    breaksBefore: (el) => el.classList.contains("new-page"),
    keptWhole: (el) => el.matches("figure, .play"),
    used,
  };
}

function report(html: string): Element {
  const host = document.createElement("div");
  host.innerHTML = `<article class="tb-report" lang="zh-CN">${html}</article>`;
  return host.firstElementChild as Element;
}

const rows = (n: number, h = 10) => Array.from({ length: n }, (_, i) => `<tr data-h="${h}"><td>客户${i + 1}</td></tr>`).join("");
const table = (n: number) => `<table><thead><tr data-h="10"><th>客户名称</th></tr></thead><tbody>${rows(n)}</tbody></table>`;
const names = (box: Element) => Array.from(box.querySelectorAll("tbody td")).map((td) => td.textContent);

describe("laying the report out in sheets", () => {
  it("splits a long table between rows, each sheet repeating its header", () => {
    const sheets = fakeSheets(100);
    const boxes = paginate(report(`<section><h2 data-h="10">A类客户</h2>${table(25)}</section>`), sheets);
    // 10 (heading) + 10 (header) + 8 rows; then header + 9 rows; header + 8 rows.
    expect(boxes.map(names).map((n) => n.length)).toEqual([8, 9, 8]);
    expect(boxes.flatMap(names)).toEqual(Array.from({ length: 25 }, (_, i) => `客户${i + 1}`));
    for (const box of boxes) {
      expect(box.querySelectorAll("thead th")[0].textContent).toBe("客户名称");
      expect(sheets.used(box)).toBeLessThanOrEqual(100);
    }
    expect(boxes[1].querySelector("h2")).toBeNull();
  });

  it("takes a heading along when not one row of its table fits under it", () => {
    const boxes = paginate(report(`<section><p data-h="75">关键数据</p><h2 data-h="10">A类客户</h2>${table(3)}</section>`), fakeSheets(100));
    expect(boxes).toHaveLength(2);
    expect(boxes[0].textContent).toBe("关键数据");
    expect(boxes[1].firstElementChild?.firstElementChild?.tagName).toBe("H2");
    expect(names(boxes[1])).toEqual(["客户1", "客户2", "客户3"]);
    // No empty table is left behind on the first sheet.
    expect(boxes[0].querySelector("table")).toBeNull();
  });

  it("moves a chart that does not fit to the next sheet whole", () => {
    const boxes = paginate(
      report(`<section><h2 data-h="10">客户结构</h2><figure data-h="50"><svg></svg><figcaption>帕累托曲线</figcaption></figure><figure data-h="50"><svg></svg><figcaption>客户金字塔</figcaption></figure></section>`),
      fakeSheets(100),
    );
    expect(boxes.map((b) => b.querySelectorAll("figure").length)).toEqual([1, 1]);
    expect(boxes[1].querySelector("figcaption")?.textContent).toBe("客户金字塔");
  });

  it("starts a section the stylesheet puts on a new page on a new sheet", () => {
    const boxes = paginate(report(`<section><h2 data-h="10">关键数据</h2></section><section class="new-page"><h2 data-h="10">分级管理策略</h2></section>`), fakeSheets(100));
    expect(boxes.map((b) => b.textContent)).toEqual(["关键数据", "分级管理策略"]);
    expect(boxes[1].firstElementChild?.classList.contains("new-page")).toBe(true);
  });

  it("never leaves a sheet empty, and loses nothing taller than a sheet", () => {
    const many = Array.from({ length: 15 }, (_, i) => `<p data-h="10">行动要点${i + 1}</p>`).join("");
    const boxes = paginate(report(`<section class="new-page"><div class="long">${many}</div><figure data-h="150"><figcaption>太高的图</figcaption></figure></section>`), fakeSheets(100));
    const text = boxes.map((b) => b.textContent);
    expect(text.join("")).toBe(Array.from({ length: 15 }, (_, i) => `行动要点${i + 1}`).join("") + "太高的图");
    expect(text.every((t) => t !== "")).toBe(true);
    // The long block went on in a copy of itself.
    expect(boxes[1].querySelector(".long")).not.toBeNull();
  });

  it("keeps a tier's playbook whole", () => {
    const play = (t: string) => `<div class="play"><h3 data-h="10">${t}</h3><p data-h="30">服务模式</p></div>`;
    const boxes = paginate(report(`<section class="playbook">${play("A类客户")}${play("B类客户")}${play("C类客户")}</section>`), fakeSheets(100));
    expect(boxes.map((b) => b.querySelectorAll(".play").length)).toEqual([2, 1]);
    expect(boxes[1].querySelector("h3")?.textContent).toBe("C类客户");
  });
});
