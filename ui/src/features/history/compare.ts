// The comparison screen: two runs picked (the two latest periods by default), the
// migration matrix as a table, the flow and trend charts drawn by the core, and
// the lists of who moved, with export to Excel.
import type { ComparisonView } from "../../api/bindings/ComparisonView";
import type { Mover } from "../../api/bindings/Mover";
import type { RunView } from "../../api/bindings/RunView";
import type { Tier } from "../../api/bindings/Tier";
import { h } from "../../dom";
import { grouped, money } from "../../format";
import { lang, t, type Key } from "../../i18n";

export interface CompareActions {
  pick: (before: number, after: number) => void;
  exportXlsx: () => void;
  openCustomer: (id: string) => void;
  back: () => void;
}

/** Rows listed per list on screen (the workbook has all). */
export const LIST_ROWS = 12;
const TIERS: Tier[] = ["A", "B", "C"];

function runPicker(id: string, runs: RunView[], selected: number): HTMLSelectElement {
  return h(
    "select",
    { id },
    runs.map((r) => h("option", { value: r.id, selected: r.id === selected }, `${r.label} · ${r.file_name}${r.latest ? "" : " *"}`)),
  );
}

function matrix(c: ComparisonView): HTMLElement {
  const l = lang();
  const tierName = (x: Tier) => t(`tier.${x}` as Key);
  const colTotals = TIERS.map((_, j) => c.matrix.reduce((a, row) => a + row[j].customers, 0));
  return h(
    "table",
    { class: "grid matrix", id: "migration-matrix" },
    h("thead", {}, h("tr", {}, h("th", {}, t("cmp.corner")), TIERS.map((x) => h("th", {}, `${c.after.label} ${tierName(x)}`)), h("th", {}, t("cmp.total")))),
    h(
      "tbody",
      {},
      TIERS.map((from, i) =>
        h(
          "tr",
          {},
          h("th", {}, `${c.before.label} ${tierName(from)}`),
          c.matrix[i].map((cell, j) =>
            h(
              "td",
              { class: `num ${i === j ? "stay" : i > j ? "up" : "down"} ${cell.customers ? "" : "zero"}`, "data-from": from, "data-to": TIERS[j] },
              h("strong", {}, grouped(cell.customers)),
              cell.customers ? h("span", { class: "muted" }, ` (${money(cell.sales_after, l)})`) : null,
            ),
          ),
          h("td", { class: "num" }, grouped(c.matrix[i].reduce((a, x) => a + x.customers, 0))),
        ),
      ),
      h("tr", { class: "total" }, h("th", {}, t("cmp.total")), colTotals.map((n) => h("td", { class: "num" }, grouped(n))), h("td", { class: "num" }, grouped(colTotals.reduce((a, b) => a + b, 0)))),
    ),
  );
}

function tierText(x: Tier | null, none: Key): string {
  return x ? t(`tier.${x}` as Key) : t(none);
}

function growth(m: Mover): string {
  return m.sales_before > 0 ? `${((m.sales_after / m.sales_before - 1) * 100).toFixed(1)}%` : "";
}

function list(id: string, title: Key, movers: Mover[], a: CompareActions, why?: (m: Mover) => string): HTMLElement {
  const l = lang();
  const shown = movers.slice(0, LIST_ROWS);
  return h(
    "section",
    { class: "mover-list", id },
    h("h3", {}, t(title), h("span", { class: "count-badge" }, grouped(movers.length))),
    movers.length === 0
      ? h("p", { class: "muted" }, t("cmp.none"))
      : h(
          "table",
          { class: "grid compact" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              [t("cmp.colCustomer"), t("cmp.colBefore"), t("cmp.colAfter"), t("cmp.colSalesBefore"), t("cmp.colSalesAfter"), t("cmp.colGrowth")].map((x) => h("th", {}, x)),
              why ? h("th", {}, t("cmp.colWhy")) : null,
            ),
          ),
          h(
            "tbody",
            {},
            shown.map((m) =>
              h(
                "tr",
                { "data-id": m.id },
                h("td", {}, h("button", { class: "link", title: t("cust.open"), onclick: () => a.openCustomer(m.id) }, m.name || m.id)),
                h("td", {}, tierText(m.before, "cmp.new")),
                h("td", {}, tierText(m.after, "cmp.lost")),
                h("td", { class: "num" }, money(m.sales_before, l)),
                h("td", { class: "num" }, money(m.sales_after, l)),
                h("td", { class: "num" }, growth(m)),
                why ? h("td", {}, why(m)) : null,
              ),
            ),
          ),
        ),
    movers.length > shown.length ? h("p", { class: "muted small" }, t("cmp.more", { n: movers.length - shown.length })) : null,
  );
}

function figure(id: string, svg: string): HTMLElement {
  const f = h("figure", { class: "chart", id });
  f.innerHTML = svg;
  return f;
}

export function compareView(runs: RunView[], c: ComparisonView | null, selected: [number, number] | null, a: CompareActions): HTMLElement {
  const head = h(
    "div",
    { class: "screen-head" },
    h("button", { class: "link", id: "compare-back", onclick: a.back }, `← ${t("ws.back")}`),
    h("h2", {}, t("cmp.title")),
    c ? h("button", { class: "primary", id: "export-comparison", onclick: a.exportXlsx }, t("cmp.export")) : null,
  );
  if (runs.length < 2 || !selected) {
    return h("section", { class: "history-screen", id: "compare", "data-screen": "compare" }, head, h("p", { class: "empty", id: "compare-empty" }, t("cmp.needTwo")));
  }
  const before = runPicker("compare-before", runs, selected[0]);
  const after = runPicker("compare-after", runs, selected[1]);
  const pick = () => a.pick(Number(before.value), Number(after.value));
  before.addEventListener("change", pick);
  after.addEventListener("change", pick);
  const bySlip = new Map(c?.slipping.map((s) => [s.mover.id, s.why]) ?? []);
  return h(
    "section",
    { class: "history-screen", id: "compare", "data-screen": "compare" },
    head,
    h("div", { class: "pickers" }, h("label", {}, t("cmp.before"), " ", before), h("span", {}, "→"), h("label", {}, t("cmp.after"), " ", after)),
    c
      ? [
          h("h3", {}, t("cmp.matrix")),
          matrix(c),
          h("div", { class: "charts" }, figure("chart-flow", c.flow), figure("chart-trend", c.trend)),
          h(
            "div",
            { class: "mover-lists" },
            list("list-upgraded", "cmp.upgraded", c.upgraded, a),
            list("list-downgraded", "cmp.downgraded", c.downgraded, a),
            list("list-rising", "cmp.rising", c.rising_stars, a),
            list("list-slipping", "cmp.slipping", c.slipping.map((s) => s.mover), a, (m) => bySlip.get(m.id) ?? ""),
            list("list-new", "cmp.new", c.new, a),
            list("list-lost", "cmp.lost", c.lost, a),
          ),
        ]
      : selected[0] === selected[1]
        ? h("p", { class: "problem" }, t("cmp.sameRun"))
        : h("p", { class: "muted" }, t("dash.loading")),
  );
}
