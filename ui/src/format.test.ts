import { afterEach, describe, expect, it } from "vitest";
import { exact, money, setAmountUnit, unitSuffix } from "./format";

describe("amounts in 元, 万元 and 亿元", () => {
  afterEach(() => setAmountUnit("yuan"));

  it("in 元, cards pick 万元 or 亿元 by size and the table stays exact", () => {
    expect(money(8500, "zh")).toBe("8,500元");
    expect(money(146218367.99, "zh")).toBe("1.46亿元");
    expect(money(35690858, "zh")).toBe("3,569.09万元");
    expect(exact(636729.1799999999)).toBe("¥636,729.18");
    expect(unitSuffix("zh")).toBe("");
  });

  it("in 万元, everything is in 万元 and the headers say so", () => {
    setAmountUnit("wan");
    expect(money(146218367.99, "zh")).toBe("14,621.84万元");
    expect(exact(44004262.15)).toBe("4,400.43");
    expect(unitSuffix("zh")).toBe("（万元）");
    expect(unitSuffix("en")).toBe(" (10k yuan)");
  });

  it("in 亿元, to four decimals, and the choice is remembered", () => {
    setAmountUnit("yi");
    expect(money(146218367.99, "zh")).toBe("1.4622亿元");
    expect(exact(44004262.15)).toBe("0.4400");
    expect(localStorage.getItem("tierbook.unit")).toBe("yi");
  });
});
