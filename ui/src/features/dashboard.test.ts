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
  tracking: null,
  calibration: null,
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

  it("lists the at-risk key accounts and opens them all in the table", () => {
    expect(dashboard(summary, charts).querySelector("#kpi-at-risk")).toBeNull();
    const showAtRisk = vi.fn();
    const atRisk = {
      ...summary,
      policy: { lenses: { at_risk_alive: 0.5 } },
      at_risk_count: 4,
      at_risk_share: 0.125,
      at_risk: [{ id: "K1", name: "华东精工", tier: "A", sales: 1_250_000, p_alive: 0.31, last_purchase: "2025-03-02", expected_purchases: 0.4 }],
    } as unknown as Summary;
    const card = dashboard(atRisk, charts, { byCount: false, rfmByCount: vi.fn(), showAtRisk }).querySelector("#kpi-at-risk")!;
    expect(card.textContent).toContain("存活概率低于 50.0%");
    expect(card.textContent).toContain("4 位客户，占销售额 12.5%");
    expect(card.textContent).toContain("华东精工：125.00万元，存活概率 31.0%，最近购买 2025-03-02");
    (card.querySelector("#show-at-risk") as HTMLButtonElement).click();
    expect(showAtRisk).toHaveBeenCalled();
  });

  it("shows the model check's sentence, its charts and the lifetime value's basis, or why there is none", () => {
    const done = {
      ...summary,
      clv_text: "预测模型（BG/NBD + Gamma-Gamma，销售额口径）",
      model_check: {
        sentence: "用前 8 个月预测后 4 个月：预测复购 320 次，实际 338 次，少估 5.4%",
        unavailable: null,
        value_text: "利润口径",
        backtest: { customers: 99, purchases_mae: 1.43, predicted_value: 100, actual_value: 120 },
      },
    } as unknown as Summary;
    const el = dashboard(done, { ...charts, tracking: "<svg><title>t</title></svg>", calibration: "<svg></svg>" });
    expect(el.querySelector("#model-check-sentence")?.textContent).toBe("用前 8 个月预测后 4 个月：预测复购 320 次，实际 338 次，少估 5.4%");
    expect(el.querySelector("#clv-basis")?.textContent).toContain("销售额口径");
    expect(el.querySelector("#chart-tracking svg")).not.toBeNull();
    expect(el.querySelector("#chart-calibration svg")).not.toBeNull();
    const not = dashboard(
      { ...summary, clv_text: "", model_check: { sentence: null, unavailable: "台账没有交易日期", value_text: "", backtest: null } } as unknown as Summary,
      charts,
    );
    expect(not.querySelector("#model-check-unavailable")?.textContent).toContain("台账没有交易日期");
    expect(dashboard(summary, charts).querySelector("#model-check")).toBeNull();
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

describe("clicking a chart's tier", () => {
  it("reads the tier from the colour of the bar clicked, nothing from the axes", async () => {
    const { tierAt } = await import("./dashboard");
    const fig = document.createElement("figure");
    fig.innerHTML = '<svg><g><rect fill="#C65911" id="a"/><rect fill="#2F75B5" id="b"/><rect fill="#A6A6A6" id="c"/><text id="label">A类客户</text><rect fill="#FFFFFF" id="bg"/></g></svg>';
    const at = (id: string) => tierAt(fig.querySelector(`#${id}`), fig);
    expect([at("a"), at("b"), at("c")]).toEqual(["A", "B", "C"]);
    expect(at("label")).toBeNull();
    expect(at("bg")).toBeNull();
  });
});
