// The mapping screen: the detected header row, the first rows, and the role of
// each column, all correctable: header row, roles, unit and sheets. Every change
// asks the backend for a fresh plan.
import type { ImportOptions } from "../../api/bindings/ImportOptions";
import type { InspectResult } from "../../api/bindings/InspectResult";
import type { Role } from "../../api/bindings/Role";
import type { SheetPreview } from "../../api/bindings/SheetPreview";
import type { Unit } from "../../api/bindings/Unit";
import { h } from "../../dom";
import { t, type Key } from "../../i18n";
import { errorText } from "../errors";

export const ROLES: Role[] = [
  "customer_id",
  "customer_name",
  "date",
  "amount",
  "profit",
  "cost",
  "quantity",
  "order_id",
  "product",
  "salesperson",
  "receivable",
  "needs",
  "frequency",
  "clv",
];
const MONEY: Role[] = ["amount", "profit", "cost", "receivable", "clv"];
const UNITS: Unit[] = ["yuan", "thousand", "ten_thousand"];
const UNIT_LABEL: Record<Unit, string> = { yuan: "元", thousand: "千元", ten_thousand: "万元" };

export interface PreviewActions {
  change: (options: ImportOptions) => void;
  confirm: (options: ImportOptions) => void;
  cancel: () => void;
}

function copy(o: ImportOptions): ImportOptions {
  return JSON.parse(JSON.stringify(o)) as ImportOptions;
}

/** The options after giving `header` the role `role` ("" = ignore). */
export function withRole(options: ImportOptions, sheet: SheetPreview, header: string, role: Role | ""): ImportOptions {
  const o = copy(options);
  const current = sheet.header?.columns.find((c) => c.header === header)?.role ?? null;
  if (role === "") {
    // Switch off whatever role the column had.
    if (current) o.mapping[current] = "";
  } else {
    o.mapping[role] = header;
    if (current && current !== role) o.mapping[current] = "";
  }
  return o;
}

export function preview(r: InspectResult, a: PreviewActions): HTMLElement {
  const { inspection, options } = r;
  const primary = inspection.sheets.find((s) => s.included) ?? inspection.sheets.find((s) => s.header);
  const header = primary?.header ?? null;

  const headerRow = h("input", {
    type: "number",
    min: 1,
    max: 30,
    id: "header-row",
    value: header ? header.row + 1 : options.header_row ?? 1,
    onchange: (e: Event) => {
      const o = copy(options);
      const v = Number((e.target as HTMLInputElement).value);
      o.header_row = Number.isFinite(v) && v >= 1 ? Math.floor(v) : null;
      a.change(o);
    },
  });

  const currentUnit = options.units.amount ?? "";
  const unit = h(
    "select",
    {
      id: "unit",
      onchange: (e: Event) => {
        const o = copy(options);
        const v = (e.target as HTMLSelectElement).value as Unit | "";
        o.units = {};
        if (v) for (const m of MONEY) o.units[m] = v;
        a.change(o);
      },
    },
    h("option", { value: "", selected: currentUnit === "" }, t("preview.unitAuto")),
    UNITS.map((u) => h("option", { value: u, selected: currentUnit === u }, UNIT_LABEL[u])),
  );

  const sheets = h(
    "ul",
    { class: "sheet-list" },
    inspection.sheets.map((s) =>
      h(
        "li",
        {},
        h(
          "label",
          {},
          h("input", {
            type: "checkbox",
            "data-sheet": s.name,
            checked: s.included,
            disabled: s.skip !== null && s.skip.code !== "not_selected" && !s.included,
            onchange: (e: Event) => {
              const o = copy(options);
              const chosen = new Set(inspection.sheets.filter((x) => x.included).map((x) => x.name));
              if ((e.target as HTMLInputElement).checked) chosen.add(s.name);
              else chosen.delete(s.name);
              o.sheets = inspection.sheets.map((x) => x.name).filter((n) => chosen.has(n));
              a.change(o);
            },
          }),
          ` ${s.name}`,
        ),
        s.skip && !s.included
          ? h("span", { class: "muted" }, ` — ${t("preview.sheetLeftOut", { reason: t(`sheetskip.${s.skip.code}` as Key) })}`)
          : null,
      ),
    ),
  );

  const columns = header?.columns ?? [];
  const width = Math.max(0, ...columns.map((c) => c.index + 1), ...(primary?.rows ?? []).map(([, cells]) => cells.length));
  const roleSelect = (header: string, role: Role | null, index: number) =>
    h(
      "select",
      {
        class: "role",
        "data-column": index,
        "aria-label": header,
        onchange: (e: Event) => {
          if (!primary) return;
          a.change(withRole(options, primary, header, (e.target as HTMLSelectElement).value as Role | ""));
        },
      },
      h("option", { value: "", selected: role === null }, t("preview.ignore")),
      ROLES.map((x) => h("option", { value: x, selected: role === x }, t(`role.${x}` as Key))),
    );
  const headCells = Array.from({ length: width }, (_, i) => {
    const col = columns.find((c) => c.index === i);
    return h(
      "th",
      { class: col?.role ? "mapped" : "unmapped" },
      h("div", { class: "col-header" }, col?.header ?? ""),
      col ? roleSelect(col.header, col.role, i) : null,
    );
  });
  const dataRows = (primary?.rows ?? []).filter(([r]) => !header || r > header.row).slice(0, 8);
  const grid = h(
    "table",
    { class: "preview-grid", id: "preview-grid" },
    h("thead", {}, h("tr", {}, h("th", { class: "rownum" }, "#"), headCells)),
    h(
      "tbody",
      {},
      dataRows.map(([r, cells]) =>
        h("tr", {}, h("td", { class: "rownum" }, r + 1), Array.from({ length: width }, (_, i) => h("td", {}, cells[i] ?? ""))),
      ),
    ),
  );

  // The period: only rows dated inside it are imported (the others are reported).
  const dateInput = (id: string, value: string | null, put: (o: ImportOptions, v: string | null) => void) =>
    h("input", {
      type: "date",
      id,
      value: value ?? "",
      onchange: (e: Event) => {
        const o = copy(options);
        put(o, (e.target as HTMLInputElement).value || null);
        a.change(o);
      },
    });
  const period =
    inspection.shape === "transactions"
      ? h(
          "label",
          {},
          t("preview.period"),
          " ",
          dateInput("period-from", options.period.from, (o, v) => (o.period.from = v)),
          " – ",
          dateInput("period-to", options.period.to, (o, v) => (o.period.to = v)),
          h("span", { class: "muted" }, ` ${t("preview.periodHint")}`),
        )
      : null;
  const shape = t(`shape.${inspection.shape}` as Key);
  const ready = r.problem === null && header !== null && header !== undefined;
  return h(
    "section",
    {
      class: "preview",
      "data-screen": "preview",
      // Enter anywhere but in a field starts the import: the preview is not
      // a maze of Tabs before 开始导入.
      onkeydown: (e: Event) => {
        const k = e as KeyboardEvent;
        const tag = (k.target as HTMLElement).tagName;
        if (k.key !== "Enter" || k.isComposing || ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(tag) || !ready) return;
        k.preventDefault();
        a.confirm(options);
      },
      tabindex: -1,
    },
    h("h2", {}, t("preview.heading")),
    h("p", { class: "muted" }, t("preview.file", { file: inspection.file, format: inspection.format, shape })),
    r.remembered ? h("p", { class: "notice", id: "remembered" }, t("preview.remembered")) : null,
    r.problem ? h("p", { class: "problem", role: "alert", id: "preview-problem" }, errorText(r.problem)) : null,
    r.assumptions?.length
      ? h("ul", { class: "notice", id: "preview-assumptions" }, r.assumptions.map((a) => h("li", {}, `${t("report.assumed")}：${a}`)))
      : null,
    h(
      "div",
      { class: "preview-controls" },
      h("label", {}, t("preview.headerRow"), " ", headerRow),
      h("label", {}, t("preview.unit"), " ", unit),
      period,
    ),
    h("h3", {}, t("preview.sheets")),
    sheets,
    h("h3", {}, t("preview.firstRows")),
    header ? h("div", { class: "grid-scroll" }, grid) : h("p", { class: "problem" }, t("preview.noHeader")),
    h(
      "div",
      { class: "actions" },
      h("button", { class: "secondary", id: "preview-cancel", onclick: a.cancel }, t("preview.cancel")),
      h(
        "button",
        { class: "primary", id: "start-import", disabled: !ready, onclick: () => a.confirm(options) },
        t("preview.import"),
      ),
    ),
  );
}
