import { describe, expect, it, vi } from "vitest";
import type { Charts } from "../api/bindings/Charts";
import type { Summary } from "../api/bindings/Summary";
import { setLang } from "../i18n";
import { dashboard } from "./dashboard";

const summary = { customers: 3, total_sales: 1000, total_profit: null, tiers: [] } as unknown as Summary;
const charts: Charts = {
  pareto: "<svg></svg>",
  pyramid: "<svg></svg>",
  shares: "<svg></svg>",
  distribution: "<svg></svg>",
  rfm: "<svg><title>R=5 F=5</title></svg>",
  clv: null,
  matrix: "<svg></svg>",
  segments: [
    { segment: "important_value", tier: "A", customers: 2, sales: 800_000, sales_share: 0.8 },
    { segment: "general_retain", tier: "C", customers: 1, sales: 200_000, sales_share: 0.2 },
  ],
};

describe("the dashboard", () => {
  setLang("zh");

  it("lists the RFM segments with their tier and share of sales", () => {
    const el = dashboard(summary, charts);
    const rows = el.querySelectorAll("#segment-table tbody tr");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain("重要价值客户");
    expect(rows[0].textContent).toContain("80.00万元");
    expect(rows[0].textContent).toContain("80.0%");
    expect(el.querySelector("#chart-rfm svg")).not.toBeNull();
  });

  it("shows the CLV quadrant scatter only when lifetime values exist, and the value matrix always", () => {
    const without = dashboard(summary, charts);
    expect(without.querySelector("#chart-clv")).toBeNull();
    expect(without.querySelector("#chart-matrix svg")).not.toBeNull();
    const withClv = dashboard(summary, { ...charts, clv: "<svg><title>甲（A类客户）</title></svg>" });
    expect(withClv.querySelector("#chart-clv title")?.textContent).toBe("甲（A类客户）");
  });

  it("shows the customers to watch and opens them in the table", () => {
    expect(dashboard({ ...summary, warnings: 0, warning_share: 0 }, charts).querySelector("#kpi-watch")).toBeNull();
    const showWarnings = vi.fn();
    const el = dashboard({ ...summary, warnings: 8, warning_share: 0.1438 }, charts, { byCount: false, rfmByCount: vi.fn(), showWarnings });
    const card = el.querySelector("#kpi-watch")!;
    expect(card.textContent).toContain("8");
    expect(card.textContent).toContain("14.4%");
    (card.querySelector("#show-warnings") as HTMLButtonElement).click();
    expect(showWarnings).toHaveBeenCalled();
  });

  it("recolours the heat map by customer count on request", () => {
    const rfmByCount = vi.fn();
    const el = dashboard(summary, charts, { byCount: false, rfmByCount });
    const box = el.querySelector("#rfm-by-count") as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    expect(rfmByCount).toHaveBeenCalledWith(true);
  });
});
