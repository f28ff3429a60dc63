// A customer's page, as a dialog over the table or the comparison: the record
// (客户档案, editable), the tier and results in every saved run, and the history
// of overrides, needs and record edits with who and when.
import type { CustomerPage } from "../../api/bindings/CustomerPage";
import type { CustomerRecord } from "../../api/bindings/CustomerRecord";
import { h } from "../../dom";
import type { RowView } from "../../api/bindings/RowView";
import { grouped, money, percent } from "../../format";
import { lang, t, type Key } from "../../i18n";
import { modal } from "../modal";
import { creditCell } from "../table/table";
import { when } from "./workspace";

export interface CustomerActions {
  save: (record: CustomerRecord) => void;
  close: () => void;
}

const FIELDS: { key: keyof CustomerRecord; label: Key; long?: boolean }[] = [
  { key: "name", label: "cust.name" },
  { key: "manager", label: "cust.manager" },
  { key: "contact", label: "cust.contact" },
  { key: "industry", label: "cust.industry" },
  { key: "region", label: "cust.region" },
  { key: "notes", label: "cust.notes", long: true },
];

function action(code: string): string {
  const key = `cust.action.${code}` as Key;
  const text = t(key);
  return text === key ? code : text;
}

/** The customer through the value lenses in the open run, as label–value pairs. */
function lensFacts(r: RowView): HTMLElement {
  const facts: [Key, string][] = [
    ["col.rfm", `${r.rfm} ${r.segment}`],
    ["col.stage", r.stage || "—"],
    ["col.level", r.level],
    ["col.quadrant", r.quadrant || "—"],
    ["col.alive", r.p_alive === null ? "—" : percent(r.p_alive)],
    ["col.expected", r.expected_purchases === null ? "—" : r.expected_purchases.toFixed(1)],
    ["col.potential", r.potential.toFixed(0)],
    ["col.growth", r.growth === null ? "—" : percent(r.growth)],
    ["col.gap", r.mean_gap_days === null ? "—" : t("lens.ageDays", { n: Math.round(r.mean_gap_days) })],
    ["col.loyalty", r.loyalty],
    ["col.credit", creditCell(r) || t("cust.noWarning")],
  ];
  return h("dl", { class: "facts", id: "customer-lenses" }, facts.map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, v)]));
}

/** Who made an audited edit: the PC's user, and on a team server the
 * database user the server recorded, when they differ. */
export function who(e: { who: string; db_user: string | null }): string {
  return e.db_user && e.db_user !== e.who ? `${e.who}（${e.db_user}）` : e.who;
}

export function customerDialog(p: CustomerPage, a: CustomerActions, saved = false): HTMLElement {
  const l = lang();
  const inputs = new Map<keyof CustomerRecord, HTMLInputElement | HTMLTextAreaElement>();
  const form = h(
    "form",
    {
      class: "record-form",
      id: "customer-form",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const rec: CustomerRecord = { ...p.record };
        for (const [k, el] of inputs) rec[k] = el.value;
        a.save(rec);
      },
    },
    h("label", {}, t("cust.id"), h("input", { value: p.record.id, disabled: true })),
    FIELDS.map((f) => {
      const el = f.long ? h("textarea", { id: `cust-${f.key}`, rows: 2 }) : h("input", { id: `cust-${f.key}`, value: p.record[f.key] });
      if (f.long) el.value = p.record[f.key];
      inputs.set(f.key, el);
      return h("label", { class: f.long ? "wide" : "" }, t(f.label), el);
    }),
    p.record.needs ? h("p", { class: "wide muted small" }, `${t("cust.needs")}：${p.record.needs}`) : null,
    h("div", { class: "actions wide" }, saved ? h("span", { class: "ok", id: "customer-saved" }, t("cust.saved")) : null, h("button", { class: "primary", type: "submit", id: "customer-save" }, t("cust.save"))),
  );
  const periods = p.periods.length
    ? h(
        "table",
        { class: "grid compact", id: "customer-periods" },
        h("thead", {}, h("tr", {}, [t("cust.colPeriod"), t("cust.colTier"), t("cust.colSales"), t("cust.colProfit"), t("cust.colFreq")].map((x) => h("th", {}, x)))),
        h(
          "tbody",
          {},
          p.periods.map((x) =>
            h(
              "tr",
              {},
              h("td", {}, x.label),
              h(
                "td",
                {},
                h("span", { class: `tier-badge tier-${x.tier}` }, t(`tier.${x.tier}` as Key)),
                x.override_reason ? h("span", { class: "muted small" }, t("cust.byHand", { tier: t(`tier.${x.computed}` as Key), reason: x.override_reason })) : null,
              ),
              h("td", { class: "num" }, money(x.sales, l)),
              h("td", { class: "num" }, x.profit === null ? "—" : money(x.profit, l)),
              h("td", { class: "num" }, x.frequency === null ? "—" : grouped(x.frequency)),
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, t("cust.noPeriods"));
  const history = p.audit.length
    ? h(
        "table",
        { class: "grid compact", id: "customer-audit" },
        h("thead", {}, h("tr", {}, [t("cust.colWhen"), t("cust.colWho"), t("cust.colWhat")].map((x) => h("th", {}, x)))),
        h("tbody", {}, p.audit.map((e) => h("tr", {}, h("td", {}, when(e.at)), h("td", {}, who(e)), h("td", {}, h("strong", {}, action(e.action)), " ", e.detail)))),
      )
    : h("p", { class: "muted" }, t("cust.noHistory"));
  return modal(
    { id: "customer-dialog", close: a.close, wide: true },
    h("div", { class: "screen-head" }, h("h3", {}, t("cust.title", { name: p.record.name || p.record.id })), h("button", { class: "link", id: "customer-close", onclick: a.close }, t("cust.close"))),
    form,
    p.current ? [h("h4", {}, t("cust.lenses")), lensFacts(p.current)] : null,
    h("h4", {}, t("cust.periods")),
    periods,
    h("h4", {}, t("cust.history")),
    history,
  );
}
