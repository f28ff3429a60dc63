// The workspace screen: every import (with its rows and runs) and every tier run
// (period, method, tier counts), with open, tier-per-period, compare and delete.
import type { Granularity } from "../../api/bindings/Granularity";
import type { LedgerView } from "../../api/bindings/LedgerView";
import type { RunView } from "../../api/bindings/RunView";
import type { WorkspaceView } from "../../api/bindings/WorkspaceView";
import { h } from "../../dom";
import { grouped, isoDate } from "../../format";
import { lang, t } from "../../i18n";

export interface WorkspaceActions {
  openRun: (run: RunView) => void;
  tierPeriods: (ledger: LedgerView, per: Granularity) => void;
  deleteLedger: (ledger: LedgerView) => void;
  compare: (before: number, after: number) => void;
  back: () => void;
  /** Moves this PC's workspace up to a team server (offered on this PC's workspace). */
  moveUp?: () => void;
  /** Moves the team workspace down to this PC (offered on a team server). */
  moveDown?: () => void;
}

/** `2026-11-23T08:05:00Z` as local time, `2026年11月23日 16:05`. */
export function when(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return lang() === "zh"
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${time}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

function range(from: string | null, to: string | null): string {
  return from && to ? `${isoDate(from, lang())} – ${isoDate(to, lang())}` : "";
}

function ledgerRow(l: LedgerView, a: WorkspaceActions): HTMLElement {
  const per = h(
    "select",
    { id: `per-${l.id}`, "aria-label": t("ws.per") },
    (["year", "quarter", "month"] as Granularity[]).map((g) => h("option", { value: g }, t(`ws.${g}`))),
  );
  return h(
    "tr",
    { "data-ledger": l.id },
    h("td", {}, l.file_name),
    h("td", {}, when(l.imported_at), l.imported_by ? h("span", { class: "muted" }, ` · ${l.imported_by}`) : null),
    h("td", {}, range(l.first_date, l.last_date)),
    h("td", { class: "num" }, grouped(l.rows_imported)),
    h("td", { class: "num" }, grouped(l.rows_skipped)),
    h("td", { class: "num" }, grouped(l.runs)),
    h(
      "td",
      { class: "row-actions" },
      per,
      h("button", { class: "secondary", id: `tier-per-${l.id}`, title: t("ws.perTitle"), onclick: () => a.tierPeriods(l, per.value as Granularity) }, t("ws.per")),
      h("button", { class: "link danger-text", id: `delete-ledger-${l.id}`, onclick: () => a.deleteLedger(l) }, t("ws.delete")),
    ),
  );
}

function runRow(r: RunView, a: WorkspaceActions): HTMLElement {
  return h(
    "tr",
    { "data-run": r.id, class: `${r.open ? "current" : ""} ${r.latest ? "" : "superseded"}`, title: r.latest ? null : t("ws.superseded") },
    h("td", {}, h("strong", {}, r.label)),
    h("td", {}, r.file_name),
    h("td", { class: "method" }, r.method),
    h(
      "td",
      { class: "num counts" },
      r.customers.map((n, i) => h("span", { class: `count tier-${"ABC"[i]}` }, grouped(n))),
    ),
    h("td", {}, when(r.created_at), r.created_by ? h("span", { class: "muted" }, ` · ${r.created_by}`) : null),
    h(
      "td",
      { class: "row-actions" },
      r.open ? h("span", { class: "muted" }, t("ws.current")) : h("button", { class: "secondary", id: `open-run-${r.id}`, onclick: () => a.openRun(r) }, t("ws.open")),
    ),
  );
}

export function workspaceView(w: WorkspaceView, a: WorkspaceActions): HTMLElement {
  const pair = w.pair;
  return h(
    "section",
    { class: "history-screen", id: "workspace", "data-screen": "workspace" },
    h(
      "div",
      { class: "screen-head" },
      h("button", { class: "link", id: "workspace-back", onclick: a.back }, `← ${t("ws.back")}`),
      h("h2", {}, t("ws.title")),
      pair ? h("button", { class: "primary", id: "compare-latest", onclick: () => a.compare(pair[0], pair[1]) }, t("ws.compareLatest")) : null,
      a.moveUp && w.ledgers.length > 0 ? h("button", { class: "secondary", id: "move-up", title: t("ws.moveUpTitle"), onclick: a.moveUp }, t("ws.moveUp")) : null,
      a.moveDown ? h("button", { class: "secondary", id: "move-down", title: t("ws.moveDownTitle"), onclick: a.moveDown }, t("ws.moveDown")) : null,
    ),
    w.path ? h("p", { class: "muted small" }, t("ws.path", { path: w.path })) : null,
    w.shared ? h("p", { class: "muted small", "data-testid": "ws-shared" }, t("ws.shared", { kind: w.shared })) : null,
    w.ledgers.length === 0
      ? h("p", { class: "empty" }, t("ws.empty"))
      : [
          h("h3", {}, t("ws.imports")),
          h(
            "table",
            { class: "grid", id: "ledgers" },
            h("thead", {}, h("tr", {}, [t("ws.file"), t("ws.imported"), t("ws.dates"), t("ws.rows"), t("ws.skipped"), t("ws.runs"), t("ws.actions")].map((x) => h("th", {}, x)))),
            h("tbody", {}, w.ledgers.map((l) => ledgerRow(l, a))),
          ),
          h("h3", {}, t("ws.runsHeading")),
          h(
            "table",
            { class: "grid", id: "runs" },
            h("thead", {}, h("tr", {}, [t("ws.label"), t("ws.file"), t("ws.method"), t("ws.counts"), t("ws.saved"), t("ws.actions")].map((x) => h("th", {}, x)))),
            h("tbody", {}, w.runs.map((r) => runRow(r, a))),
          ),
        ],
  );
}
