// KPI cards per tier and the charts, drawn by the core as SVG (hovering a point
// shows its customer or value through the SVG's own titles).
import type { Charts } from "../api/bindings/Charts";
import type { Summary } from "../api/bindings/Summary";
import type { Tier } from "../api/bindings/Tier";
import { TIER_COLOURS } from "../api/bindings/choices";
import { h, replace } from "../dom";
import { grouped, money, percent } from "../format";
import { lang, t, type Key } from "../i18n";

export function kpiCards(s: Summary, showWarnings?: () => void, showAtRisk?: () => void): HTMLElement {
  const l = lang();
  const value = (v: string, share?: string) => h("span", {}, v, share ? h("span", { class: "share" }, share) : null);
  const card = (title: string, cls: string, customers: HTMLElement, sales: HTMLElement, profit: HTMLElement) =>
    h(
      "div",
      { class: `kpi ${cls}` },
      h("h3", {}, title),
      h("dl", {}, h("dt", {}, t("dash.customers")), h("dd", {}, customers), h("dt", {}, t("dash.sales")), h("dd", {}, sales), h("dt", {}, t("dash.profit")), h("dd", {}, profit)),
    );
  const profitKnown = s.total_profit !== null;
  return h(
    "div",
    { class: "kpis", id: "kpis" },
    card(t("dash.total"), "total", value(grouped(s.customers)), value(money(s.total_sales, l)), value(profitKnown ? money(s.total_profit ?? 0, l) : "—")),
    s.tiers.map((x) =>
      card(
        `${t(`tier.${x.tier}` as Key)} · ${x.name}`,
        `tier-${x.tier}`,
        value(grouped(x.customers), percent(x.customer_share)),
        value(money(x.sales, l), percent(x.sales_share)),
        profitKnown ? value(money(x.profit, l), percent(x.profit_share)) : value("—"),
      ),
    ),
    s.warnings > 0
      ? h(
          "div",
          { class: "kpi watch", id: "kpi-watch" },
          h("strong", {}, t("dash.watch")),
          h("span", {}, t("dash.watchFacts", { n: grouped(s.warnings), share: percent(s.warning_share) })),
          showWarnings ? h("button", { class: "link", id: "show-warnings", onclick: showWarnings }, t("dash.showWarnings")) : null,
        )
      : null,
    s.at_risk_count > 0
      ? h(
          "div",
          { class: "kpi watch at-risk", id: "kpi-at-risk" },
          h("strong", {}, t("dash.atRisk", { limit: percent(s.policy.lenses.at_risk_alive) })),
          h("span", {}, t("dash.atRiskFacts", { n: grouped(s.at_risk_count), share: percent(s.at_risk_share) })),
          h(
            "ul",
            { class: "at-risk-list" },
            s.at_risk.slice(0, 3).map((r) =>
              h(
                "li",
                {},
                t("dash.atRiskLine", {
                  name: r.name,
                  sales: money(r.sales, l),
                  alive: percent(r.p_alive),
                  last: r.last_purchase ?? "—",
                }),
              ),
            ),
          ),
          showAtRisk ? h("button", { class: "link", id: "show-at-risk", onclick: showAtRisk }, t("dash.showAtRisk")) : null,
        )
      : null,
  );
}

/** 模型检验: the backtest's sentence and its two charts, or why it could not be done. */
export function modelCheck(s: Summary, charts: Charts | null): HTMLElement {
  const l = lang();
  const m = s.model_check;
  const b = m?.backtest ?? null;
  return h(
    "section",
    { class: "chart model-check", id: "model-check" },
    h("h3", {}, t("dash.modelCheck")),
    h("p", { class: "muted", id: "clv-basis" }, `${t("dash.clvBasis")}：${s.clv_text}`),
    m?.sentence ? h("p", { class: "sentence", id: "model-check-sentence" }, m.sentence) : null,
    b
      ? h(
          "p",
          { class: "muted" },
          t("dash.modelCheckFacts", {
            n: grouped(b.customers),
            mae: b.purchases_mae.toFixed(2),
            basis: m?.value_text ?? "",
            pv: money(b.predicted_value, l),
            av: money(b.actual_value, l),
          }),
        )
      : null,
    m?.unavailable ? h("p", { class: "muted", id: "model-check-unavailable" }, t("dash.modelCheckUnavailable", { why: m.unavailable })) : null,
    charts?.tracking ? figure("chart-tracking", charts.tracking) : null,
    charts?.calibration ? figure("chart-calibration", charts.calibration) : null,
  );
}


/** The tier a mark of a chart stands for, by its colour: a bar of the
 * pyramid, a segment of the shares, a dot of the CLV chart. */
export function tierAt(target: EventTarget | null, figure: Element): Tier | null {
  for (let el = target as Element | null; el && el !== figure; el = el.parentElement) {
    if (!["rect", "polygon", "path", "circle"].includes(el.tagName.toLowerCase())) continue;
    const fill = (el.getAttribute("fill") ?? "").toLowerCase();
    if (TIER_COLOURS[fill]) return TIER_COLOURS[fill];
  }
  return null;
}

/** Puts an SVG produced by the backend into a figure; with `onTier`, a click
 * on a tier's bar or segment opens the table filtered to that tier. */
function figure(id: string, svg: string, onTier?: (t: Tier) => void): HTMLElement {
  const f = h("figure", { class: onTier ? "chart by-tier" : "chart", id, title: onTier ? t("dash.clickTier") : null });
  f.innerHTML = svg;
  if (onTier)
    f.addEventListener("click", (e) => {
      // A bar's own label may lie over it: then the mark under the pointer counts.
      const under = typeof document.elementsFromPoint === "function" ? document.elementsFromPoint(e.clientX, e.clientY) : [];
      const tier = tierAt(e.target, f) ?? under.map((el) => tierAt(el, f)).find((x) => x !== null) ?? null;
      if (tier) onTier(tier);
    });
  return f;
}

/** The RFM segments with their tier, customers and share of sales. */
export function segmentTable(charts: Charts): HTMLElement {
  const l = lang();
  return h(
    "table",
    { class: "grid compact", id: "segment-table" },
    h("thead", {}, h("tr", {}, [t("col.segment"), t("col.tier"), t("dash.customers"), t("dash.sales"), t("col.share")].map((x) => h("th", {}, x)))),
    h(
      "tbody",
      {},
      charts.segments.map((x) =>
        h(
          "tr",
          { "data-segment": x.segment },
          h("td", {}, t(`seg.${x.segment}` as Key)),
          h("td", {}, h("span", { class: `tier-badge tier-${x.tier}` }, t(`tier.${x.tier}` as Key))),
          h("td", { class: "num" }, grouped(x.customers)),
          h("td", { class: "num" }, money(x.sales, l)),
          h("td", { class: "num" }, percent(x.sales_share)),
        ),
      ),
    ),
  );
}

export interface DashboardActions {
  /** Recolours the RFM heat map by customer count (true) or mean M score. */
  rfmByCount: (byCount: boolean) => void;
  byCount: boolean;
  /** Opens the table filtered to the customers with a warning. */
  showWarnings?: () => void;
  /** Opens the table filtered to the at-risk key accounts. */
  showAtRisk?: () => void;
  /** Opens the table filtered to one tier (a chart's bar clicked). */
  showTier?: (t: Tier) => void;
}

export function dashboard(s: Summary, charts: Charts | null, a?: DashboardActions): HTMLElement {
  return h(
    "section",
    { class: "dashboard", id: "dashboard" },
    kpiCards(s, a?.showWarnings, a?.showAtRisk),
    charts
      ? h(
          "div",
          { class: "charts" },
          figure("chart-pareto", charts.pareto),
          figure("chart-pyramid", charts.pyramid, a?.showTier),
          figure("chart-shares", charts.shares, a?.showTier),
          figure("chart-distribution", charts.distribution, a?.showTier),
          h(
            "div",
            { class: "rfm-block" },
            figure("chart-rfm", charts.rfm),
            a
              ? h(
                  "label",
                  { class: "toggle" },
                  h("input", { type: "checkbox", id: "rfm-by-count", checked: a.byCount, onchange: (e: Event) => a.rfmByCount((e.target as HTMLInputElement).checked) }),
                  " ",
                  t("dash.rfmByCount"),
                )
              : null,
          ),
          charts.clv ? figure("chart-clv", charts.clv, a?.showTier) : null,
          figure("chart-matrix", charts.matrix),
          h("section", { class: "chart segments" }, h("h3", {}, t("dash.segments")), segmentTable(charts)),
          s.model_check ? modelCheck(s, charts) : null,
        )
      : h("p", { class: "muted" }, t("dash.loading")),
  );
}

export function refreshDashboard(host: HTMLElement, s: Summary, charts: Charts | null, a?: DashboardActions): void {
  replace(host, dashboard(s, charts, a));
}
