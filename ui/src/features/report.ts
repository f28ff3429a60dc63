// The import report: counts that add up to the rows read, the check against the
// ledger's own totals, sheets left out, and every skipped or total row.
import type { ConfidenceView } from "../api/bindings/ConfidenceView";
import type { ImportReport } from "../api/bindings/ImportReport";
import type { Reconciliation } from "../api/bindings/Reconciliation";
import type { SkipReason } from "../api/bindings/SkipReason";
import { h } from "../dom";
import { exact, grouped, isoDate, money } from "../format";
import { lang, t, tCode, type Key } from "../i18n";

export function skipText(r: SkipReason): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (k !== "code") params[k] = k === "date" ? isoDate(String(v), lang()) : String(v);
  return tCode("skip", r.code, params) ?? r.code;
}

export function reconText(r: Reconciliation): string {
  const params = { sheet: r.sheet, row: r.row, total: money(r.ledger_total, lang()), imported: money(r.imported_total, lang()) };
  return r.matches ? t("recon.match", params) : t("recon.differ", params);
}

function sum(report: ImportReport, f: (s: ImportReport["sheets"][number]) => number): number {
  return report.sheets.reduce((a, s) => a + f(s), 0);
}

export function counts(report: ImportReport) {
  return {
    read: sum(report, (s) => s.rows_read),
    imported: sum(report, (s) => s.imported),
    skipped: sum(report, (s) => s.skipped),
    totals: sum(report, (s) => s.totals),
    blank: sum(report, (s) => s.blank),
    preamble: sum(report, (s) => s.preamble),
  };
}

/** The one-line summary shown above the table after an import, with the
 * confidence line (what was assumed, what is doubtful) beneath it. */
export function banner(report: ImportReport, confidence: ConfidenceView, showDetails: () => void): HTMLElement {
  const c = counts(report);
  const bad = report.reconciliations.some((r) => !r.matches) || c.skipped > 0 || confidence.doubtful;
  return h(
    "div",
    { class: `import-banner ${bad ? "warn" : "ok"}`, id: "import-banner" },
    h("span", {}, t("banner.counts", c)),
    report.reconciliations.map((r) => h("span", { class: r.matches ? "ok" : "warn" }, ` · ${reconText(r)}`)),
    h("button", { class: "link", onclick: showDetails }, t("banner.details")),
    h("div", { class: `confidence ${confidence.doubtful ? "warn" : "ok"}`, id: "banner-confidence" }, confidence.line),
  );
}

export function reportPanel(report: ImportReport, confidence?: ConfidenceView): HTMLElement {
  const c = counts(report);
  const row = (k: Key, v: string) => h("tr", {}, h("th", {}, t(k)), h("td", {}, v));
  return h(
    "section",
    { class: "report", id: "report-panel" },
    h("h2", {}, t("report.heading")),
    h(
      "table",
      { class: "facts" },
      row("report.read", grouped(c.read)),
      row("report.imported", grouped(c.imported)),
      row("report.skipped", grouped(c.skipped)),
      row("report.totals", grouped(c.totals)),
      row("report.blank", grouped(c.blank)),
      row("report.preamble", grouped(c.preamble)),
      row("report.returns", grouped(report.return_lines)),
      row("report.amount", exact(report.imported_amount)),
    ),
    confidence
      ? [
          h("h3", {}, t("report.confidence")),
          h("p", { class: `confidence ${confidence.doubtful ? "warn" : "ok"}`, id: "confidence-line" }, confidence.line),
          confidence.items.length
            ? h(
                "ul",
                { id: "findings" },
                confidence.items.map(([doubt, text]) => h("li", { class: doubt ? "warn" : "" }, `${doubt ? t("report.doubt") : t("report.assumed")}：${text}`)),
              )
            : null,
        ]
      : null,
    h("h3", {}, t("report.reconcile")),
    report.reconciliations.length
      ? h("ul", {}, report.reconciliations.map((r) => h("li", { class: r.matches ? "ok" : "warn" }, reconText(r))))
      : h("p", { class: "muted" }, t("recon.none")),
    report.skipped_sheets.length
      ? [
          h("h3", {}, t("report.sheetsLeftOut")),
          h("ul", {}, report.skipped_sheets.map((s) => h("li", {}, `${s.sheet}：${t(`sheetskip.${s.reason.code}` as Key)}`))),
        ]
      : null,
    report.name_conflicts.length
      ? [
          h("h3", {}, t("report.nameConflicts")),
          h("ul", {}, report.name_conflicts.map((n) => h("li", {}, `${n.customer}：${n.names.map(([name, k]) => `${name}（${k}）`).join("、")}`))),
        ]
      : null,
    h("h3", {}, t("report.skippedRows")),
    h(
      "table",
      { class: "rows", id: "skipped-rows" },
      h("thead", {}, h("tr", {}, h("th", {}, t("report.sheet")), h("th", {}, t("report.row")), h("th", {}, t("report.reason")))),
      h("tbody", {}, report.skipped_rows.map((s) => h("tr", {}, h("td", {}, s.at.sheet), h("td", { class: "num" }, s.at.row), h("td", {}, skipText(s.reason))))),
    ),
    h("h3", {}, t("report.totalRows")),
    h(
      "table",
      { class: "rows" },
      h("thead", {}, h("tr", {}, h("th", {}, t("report.sheet")), h("th", {}, t("report.row")), h("th", {}, t("report.label")), h("th", {}, ""))),
      h(
        "tbody",
        {},
        report.total_rows.map((r) =>
          h("tr", {}, h("td", {}, r.at.sheet), h("td", { class: "num" }, r.at.row), h("td", {}, r.label), h("td", { class: "num" }, r.amount === null ? "" : exact(r.amount))),
        ),
      ),
    ),
  );
}
