// The 客户分级管理表 in the window. Rows are virtualised: only those on screen
// exist in the DOM, and the backend sends pages of PAGE rows as they come into
// view, so 50,000 customers scroll as smoothly as 50.
import type { Page } from "../../api/bindings/Page";
import type { PageQuery } from "../../api/bindings/PageQuery";
import type { RowView } from "../../api/bindings/RowView";
import type { GroupChoices } from "../../api/bindings/GroupChoices";
import type { GroupDim } from "../../api/bindings/GroupDim";
import type { GroupFilter } from "../../api/bindings/GroupFilter";
import type { LensFilter } from "../../api/bindings/LensFilter";
import type { SortKey } from "../../api/bindings/SortKey";
import type { Summary } from "../../api/bindings/Summary";
import type { Tier } from "../../api/bindings/Tier";
import { focusKey, h, keepingFocus, replace } from "../../dom";
import { showMenu, type MenuItem } from "../menu";
import { amountUnit, exact, grouped, percent, setAmountUnit, unitName, unitSuffix, UNITS, type Unit } from "../../format";
import { lang, t, type Key } from "../../i18n";

export const ROW_HEIGHT = 32;
export const PAGE = 100;
const OVERSCAN = 10;

/** Columns that always show: who the customer is and its tier. */
const FIXED: SortKey[] = ["id", "name", "tier"];
const HIDDEN_KEY = "tierbook.hiddenColumns";
const WIDTHS_KEY = "tierbook.columnWidths";

/** Column widths the user dragged, by column. */
function savedWidths(): Partial<Record<SortKey, string>> {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(WIDTHS_KEY) ?? "{}") as Record<string, unknown>;
    return Object.fromEntries(Object.entries(v).filter(([, w]) => typeof w === "string" && /^\d+px$/.test(w as string))) as Partial<Record<SortKey, string>>;
  } catch {
    return {};
  }
}

function saveWidth(key: SortKey, width: string | null): void {
  try {
    const all = savedWidths();
    if (width) all[key] = width;
    else delete all[key];
    globalThis.localStorage?.setItem(WIDTHS_KEY, JSON.stringify(all));
  } catch {
    /* not remembered */
  }
}

/** The columns the user hid, as remembered. */
function hiddenColumns(): Set<SortKey> {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(HIDDEN_KEY) ?? "[]") as unknown;
    return new Set(Array.isArray(v) ? (v.filter((k) => typeof k === "string") as SortKey[]) : []);
  } catch {
    return new Set();
  }
}

function saveHiddenColumns(keys: Set<SortKey>): void {
  try {
    globalThis.localStorage?.setItem(HIDDEN_KEY, JSON.stringify([...keys]));
  } catch {
    /* not remembered: the choice still holds for this run */
  }
}

interface Column {
  key: SortKey;
  label: Key;
  width: string;
  num?: boolean;
  /** An amount: shown in the chosen unit, the header naming it. */
  money?: boolean;
  cell: (r: RowView) => string;
}

/** A column's header text, with the amount unit when it is not 元. */
function heading(c: Column): string {
  return c.money ? `${t(c.label)}${unitSuffix(lang())}` : t(c.label);
}

const COLUMNS: Column[] = [
  { key: "id", label: "col.id", width: "110px", cell: (r) => r.id },
  { key: "name", label: "col.name", width: "minmax(180px, 1.2fr)", cell: (r) => r.name },
  { key: "tier", label: "col.tier", width: "110px", cell: (r) => t(`tier.${r.tier}` as Key) },
  { key: "sales", label: "col.sales", width: "140px", num: true, money: true, cell: (r) => exact(r.sales) },
  { key: "frequency", label: "col.frequency", width: "80px", num: true, cell: (r) => (r.frequency === null ? "" : grouped(r.frequency)) },
  { key: "profit", label: "col.profit", width: "130px", num: true, money: true, cell: (r) => (r.profit === null ? "" : exact(r.profit)) },
  { key: "clv", label: "col.clv", width: "140px", num: true, money: true, cell: (r) => (r.clv === null ? "" : exact(r.clv)) },
  { key: "needs", label: "col.needs", width: "minmax(200px, 1.5fr)", cell: (r) => r.needs },
  { key: "share", label: "col.share", width: "80px", num: true, cell: (r) => percent(r.share, 2) },
  { key: "rank", label: "col.rank", width: "60px", num: true, cell: (r) => String(r.rank) },
  { key: "recency", label: "col.recency", width: "96px", num: true, cell: (r) => (r.recency_days === null ? "" : String(r.recency_days)) },
  { key: "margin", label: "col.margin", width: "72px", num: true, cell: (r) => (r.margin === null ? "" : percent(r.margin)) },
  { key: "score", label: "col.score", width: "64px", num: true, cell: (r) => (r.score === null ? "" : r.score.toFixed(1)) },
  { key: "rfm", label: "col.rfm", width: "64px", cell: (r) => r.rfm },
  { key: "segment", label: "col.segment", width: "130px", cell: (r) => r.segment },
  { key: "stage", label: "col.stage", width: "80px", cell: (r) => r.stage },
  { key: "level", label: "col.level", width: "170px", cell: (r) => r.level },
  { key: "quadrant", label: "col.quadrant", width: "80px", cell: (r) => r.quadrant },
  { key: "loyalty", label: "col.loyalty", width: "130px", cell: (r) => r.loyalty },
  { key: "alive", label: "col.alive", width: "80px", num: true, cell: (r) => (r.p_alive === null ? "" : percent(r.p_alive)) },
  { key: "expected", label: "col.expected", width: "96px", num: true, cell: (r) => (r.expected_purchases === null ? "" : r.expected_purchases.toFixed(1)) },
  { key: "gap", label: "col.gap", width: "96px", num: true, cell: (r) => (r.mean_gap_days === null ? "" : t("lens.ageDays", { n: Math.round(r.mean_gap_days) })) },
  { key: "growth", label: "col.growth", width: "150px", num: true, cell: (r) => (r.growth === null ? "" : percent(r.growth)) },
  { key: "potential", label: "col.potential", width: "64px", num: true, cell: (r) => r.potential.toFixed(0) },
  { key: "credit", label: "col.credit", width: "280px", cell: creditCell },
];

/** The least width of the columns: each one's fixed or minimum width in px. */
export function tableWidth(columns: { width: string }[]): number {
  return columns.reduce((sum, c) => sum + Number(/(\d+)px/.exec(c.width)?.[1] ?? 100), 0);
}

/** The warnings with the unpaid share and its age: "⚠ 欠款逾期（12.5%，291天）". */
export function creditCell(r: RowView): string {
  if (!r.credit) return "";
  const facts = [
    r.unpaid_share === null ? null : percent(r.unpaid_share),
    r.unpaid_age_days === null ? null : t("lens.ageDays", { n: r.unpaid_age_days }),
  ].filter((x): x is string => x !== null);
  return facts.length ? `⚠ ${r.credit}${t("lens.facts", { facts: facts.join(t("lens.factSep")) })}` : `⚠ ${r.credit}`;
}

export interface TableDeps {
  fetch: (q: PageQuery) => Promise<Page>;
  /** Edits: left out for a read-only user of a team workspace (the server
   * would refuse them), and the table then offers none. */
  /** Saves a 需求和行为模式 text; `was` is the customer's name and the text before. */
  setNeeds?: (customer: string, text: string, was: { name: string; before: string }) => Promise<void>;
  openOverride?: (row: RowView) => void;
  /** Opens the customer's page (when the workspace is available). */
  openCustomer?: (id: string) => void;
  onError: (e: unknown) => void;
  /** The amount unit was switched (the cards follow it). */
  onUnitChange?: () => void;
  /** The 业务员, 地区 and 行业 to filter by (none: no such filter). */
  groups?: () => Promise<GroupChoices>;
}

const raf: (f: () => void) => void =
  typeof window.requestAnimationFrame === "function" ? (f) => window.requestAnimationFrame(f) : (f) => setTimeout(f, 16);

export class TierTableView {
  readonly el: HTMLElement;
  private viewport: HTMLElement;
  private spacer: HTMLElement;
  private layer: HTMLElement;
  private headerRow: HTMLElement;
  private countLabel: HTMLElement;
  private filters: HTMLElement;
  private sort: SortKey = "tier";
  private descending = false;
  private tier: Tier | null = null;
  private search = "";
  private lens: LensFilter | null = null;
  /** Only one 业务员's / 地区's / 行业's customers (null: all). */
  private group: GroupFilter | null = null;
  private groupBox: HTMLSelectElement;
  private clvTitle = "";
  private profitTitle = "";
  private lensBox: HTMLSelectElement | null = null;
  /** The row control to focus once its page arrives (see `render`). */
  private pendingFocus: string | null = null;
  private total = 0;
  private pages = new Map<number, RowView[]>();
  private pending = new Set<number>();
  private generation = 0;
  private scheduled = false;
  private editing: string | null = null;
  /** Selected rows by id, and the row a Shift+click extends from. */
  private selected = new Set<string>();
  private summary: Summary | null = null;
  private anchor: number | null = null;
  private columns: Column[];

  constructor(
    private deps: TableDeps,
    readonly showScore: boolean,
  ) {
    this.columns = this.shownColumns();
    this.headerRow = h("div", { class: "trow thead", role: "row" });
    this.spacer = h("div", { class: "spacer" });
    this.layer = h("div", { class: "rows-layer" });
    this.viewport = h("div", { class: "viewport", id: "table-viewport", tabindex: 0, onscroll: () => this.schedule() }, this.spacer, this.layer);
    // Ctrl+C (or the menu's copy) puts the selected rows on the clipboard as
    // tab-separated text with the header, so Excel and WPS paste columns.
    this.viewport.addEventListener("copy", (e) => {
      const text = this.copyText();
      const data = (e as ClipboardEvent).clipboardData;
      if (text === null || !data) return;
      data.setData("text/plain", text);
      e.preventDefault();
    });
    this.sizeColumns();
    this.countLabel = h("span", { class: "muted", id: "table-count" });
    this.filters = h("div", { class: "tier-filter", role: "tablist" });
    let composing = false;
    const searchBox = h("input", {
      type: "search",
      id: "table-search",
      placeholder: t("search.placeholder"),
      // While a pinyin (or other IME) word is being composed, its steps are
      // not searches: search once on compositionend.
      oninput: (e: Event) => {
        if (composing) return;
        this.search = (e.target as HTMLInputElement).value;
        this.reload();
      },
      oncompositionstart: () => (composing = true),
      oncompositionend: (e: Event) => {
        composing = false;
        this.search = (e.target as HTMLInputElement).value;
        this.reload();
      },
    });
    this.groupBox = h("select", {
      id: "group-filter",
      "aria-label": t("group.filter"),
      hidden: true,
      onchange: (e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        const at = v.indexOf(":");
        this.group = at > 0 ? { dim: v.slice(0, at) as GroupDim, value: v.slice(at + 1) } : null;
        this.reload();
      },
    });
    const lensBox = (this.lensBox = h(
      "select",
      {
        id: "lens-filter",
        "aria-label": t("lens.filter"),
        onchange: (e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          this.lens = v ? (v as LensFilter) : null;
          this.reload();
        },
      },
      h("option", { value: "" }, t("lens.all")),
      (["credit_risk", "at_risk", "exploration", "build_up", "maturity", "decline"] as LensFilter[]).map((f) => h("option", { value: f }, t(`lens.${f}` as Key))),
    ));
    this.el = h(
      "section",
      { class: "tier-table", id: "tier-table" },
      h("div", { class: "table-toolbar" }, this.filters, lensBox, this.groupBox, searchBox, this.unitBox(), this.columnChooser(), this.countLabel),
      h(
        "div",
        {
          class: "table-frame",
          role: "table",
          // 客户编号 and 客户名称 stay in view when the 25 columns scroll sideways:
          // they are moved back by the distance scrolled (sticky positioning
          // cannot see this frame's scroll from inside the rows' own scroller).
          onscroll: (e: Event) => {
            const frame = e.currentTarget as HTMLElement;
            frame.style.setProperty("--scroll-x", `${frame.scrollLeft}px`);
            frame.classList.toggle("scrolled-x", frame.scrollLeft > 0);
          },
        },
        this.headerRow,
        this.viewport,
      ),
    );
    this.renderHeader();
  }

  /** New tiers (after an import or a policy change): keep sort and filter, reload
   * rows; `keepScroll` keeps the position (after a manual tier change). */
  setSummary(s: Summary, keepScroll = false): void {
    this.summary = s;
    this.loadGroups();
    // The lifetime value's basis (profit or sales, the model, or why none) on its
    // column's header, so a number is never read without what it counts.
    // Likewise why 利润贡献 is empty, when the ledger has no profit or cost.
    const profit = s.profit_text ?? "";
    if (this.clvTitle !== s.clv_text || this.profitTitle !== profit) {
      this.clvTitle = s.clv_text;
      this.profitTitle = profit;
      this.renderHeader();
    }
    const counts: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (const x of s.tiers) counts[x.tier] = x.customers;
    const button = (tier: Tier | null, label: string) =>
      h(
        "button",
        {
          class: `filter ${this.tier === tier ? "active" : ""}`,
          role: "tab",
          "data-tier": tier ?? "all",
          "aria-selected": this.tier === tier ? "true" : "false",
          onclick: () => {
            this.tier = tier;
            this.setSummary(s);
          },
        },
        label,
      );
    keepingFocus(this.filters, () =>
      replace(
        this.filters,
        button(null, `${t("filter.all")} ${grouped(s.customers)}`),
        (["A", "B", "C"] as Tier[]).map((x) => button(x, `${t(`tier.${x}` as Key)} ${grouped(counts[x])}`)),
      ),
    );
    this.reload(keepScroll);
  }

  /** The columns shown: all but those the user hid (remembered), the score
   * only for methods that score. */
  private shownColumns(): Column[] {
    const hidden = hiddenColumns();
    const widths = savedWidths();
    return COLUMNS.filter((c) => (this.showScore || c.key !== "score") && !hidden.has(c.key)).map((c) => ({ ...c, width: widths[c.key] ?? c.width }));
  }

  /** Drags a column's right edge to a new width (at least 48 px), as in
   * Excel; the width is remembered. A double-click gives the default back. */
  private startResize(e: MouseEvent, key: SortKey, cell: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const col = this.columns.find((c) => c.key === key);
    if (!col) return;
    const x0 = e.clientX;
    const w0 = cell.getBoundingClientRect().width;
    const move = (m: MouseEvent) => {
      col.width = `${Math.max(48, Math.round(w0 + m.clientX - x0))}px`;
      this.sizeColumns();
    };
    const up = () => {
      document.removeEventListener("mousemove", move);
      document.removeEventListener("mouseup", up);
      saveWidth(key, col.width);
    };
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", up);
  }

  private resetWidth(key: SortKey): void {
    const col = this.columns.find((c) => c.key === key);
    const first = COLUMNS.find((c) => c.key === key);
    if (!col || !first) return;
    col.width = first.width;
    saveWidth(key, null);
    this.sizeColumns();
  }

  /** The grid and the widths of the columns shown: the header and the rows'
   * viewport are as wide as the columns need, so scrolling the frame sideways
   * brings the last columns' rows along too. */
  private sizeColumns(): void {
    const minWidth = `${tableWidth(this.columns)}px`;
    const template = this.columns.map((c) => c.width).join(" ");
    this.headerRow.style.gridTemplateColumns = template;
    this.headerRow.style.minWidth = minWidth;
    if (this.viewport) this.viewport.style.minWidth = minWidth;
    for (const row of this.layer?.children ?? []) (row as HTMLElement).style.gridTemplateColumns = template;
  }

  /** The 列 button: a list of the columns to show or hide (客户编号, 客户名称
   * and 客户等级 always show), remembered for the next start. */
  private columnChooser(): HTMLElement {
    const list = h("div", { class: "column-list", id: "column-list", role: "group", "aria-label": t("columns.choose"), hidden: true });
    const fill = () => {
      const hidden = hiddenColumns();
      replace(
        list,
        COLUMNS.filter((c) => !FIXED.includes(c.key) && (this.showScore || c.key !== "score")).map((c) =>
          h(
            "label",
            {},
            h("input", {
              type: "checkbox",
              "data-column": c.key,
              checked: !hidden.has(c.key),
              onchange: (e: Event) => {
                const now = hiddenColumns();
                if ((e.target as HTMLInputElement).checked) now.delete(c.key);
                else now.add(c.key);
                saveHiddenColumns(now);
                this.columns = this.shownColumns();
                this.sizeColumns();
                this.renderHeader();
                this.render();
              },
            }),
            heading(c),
          ),
        ),
      );
    };
    const button = h(
      "button",
      {
        class: "secondary",
        id: "column-chooser",
        "aria-expanded": "false",
        title: t("columns.choose"),
        onclick: () => {
          const open = list.hidden;
          if (open) fill();
          list.hidden = !open;
          button.setAttribute("aria-expanded", String(open));
        },
      },
      t("columns.button"),
    );
    list.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        list.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
    return h("span", { class: "column-chooser" }, button, list);
  }

  /** Fills the 业务员 / 地区 / 行业 / 产品 filter with the groups the run's customers
   * fall into (hidden when there are none), keeping the one chosen. */
  private loadGroups(): void {
    this.deps
      .groups?.()
      .then((g) => {
        const chosen = this.group ? `${this.group.dim}:${this.group.value}` : "";
        const part = (dim: GroupDim, label: Key, list: [string, number][]) =>
          list.length ? h("optgroup", { label: t(label) }, list.map(([v, n]) => h("option", { value: `${dim}:${v}`, selected: chosen === `${dim}:${v}` }, `${v}（${grouped(n)}）`))) : null;
        replace(
          this.groupBox,
          h("option", { value: "" }, t("group.all")),
          part("salesperson", "group.salesperson", g.salespeople),
          part("region", "group.region", g.regions),
          part("industry", "group.industry", g.industries),
          part("product", "group.product", g.products),
        );
        this.groupBox.hidden = !(g.salespeople.length || g.regions.length || g.industries.length || g.products.length);
      })
      .catch((e) => this.deps.onError(e));
  }

  /** The 元 / 万元 / 亿元 switch. */
  private unitBox(): HTMLSelectElement {
    return h(
      "select",
      {
        id: "unit-switch",
        "aria-label": t("unit.label"),
        title: t("unit.label"),
        onchange: (e: Event) => {
          setAmountUnit((e.target as HTMLSelectElement).value as Unit);
          this.renderHeader();
          this.render();
          this.deps.onUnitChange?.();
        },
      },
      UNITS.map((u) => h("option", { value: u, selected: amountUnit() === u }, unitName(u, lang()))),
    );
  }

  private renderHeader(): void {
    replace(
      this.headerRow,
      this.columns.map((c) =>
        h(
          "div",
          {
            class: `th ${c.num ? "num" : ""} ${this.sort === c.key ? "sorted" : ""}`,
            role: "columnheader",
            "data-sort": c.key,
            tabindex: 0,
            "aria-sort": this.sort === c.key ? (this.descending ? "descending" : "ascending") : "none",
            // The full name on hover (a long one is cut with …), or what the
            // column counts in when the engine says so.
            title: c.key === "clv" && this.clvTitle ? this.clvTitle : c.key === "profit" && this.profitTitle ? this.profitTitle : heading(c),
            onclick: () => this.sortBy(c.key, c.num === true),
            onkeydown: (e: Event) => {
              if ((e as KeyboardEvent).key === "Enter") this.sortBy(c.key, c.num === true);
            },
          },
          heading(c),
          this.sort === c.key ? (this.descending ? " ▼" : " ▲") : "",
          h("span", {
            class: "col-resize",
            "aria-hidden": "true",
            title: t("columns.resize"),
            onclick: (e: Event) => e.stopPropagation(),
            onmousedown: (e: Event) => this.startResize(e as MouseEvent, c.key, (e.target as HTMLElement).parentElement as HTMLElement),
            ondblclick: (e: Event) => {
              e.stopPropagation();
              this.resetWidth(c.key);
            },
          }),
        ),
      ),
    );
  }

  /** The header drawn again, the focus staying on the column sorted from the keyboard. */
  private redrawHeader(): void {
    keepingFocus(this.headerRow, () => this.renderHeader());
  }

  private sortBy(key: SortKey, numeric: boolean): void {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = numeric;
    }
    this.redrawHeader();
    this.reload();
  }

  private query(offset: number): PageQuery {
    return { offset, limit: PAGE, sort: this.sort, descending: this.descending, tier: this.tier, search: this.search, lens: this.lens, group: this.group ?? undefined, lang: lang() };
  }

  /** Drops cached rows and fetches what is on screen again (from the top unless
   * `keepScroll`). */
  /** Shows only the customers of a lifecycle stage or with a warning (null: all). */
  /** Shows only one tier's customers (a chart's bar clicked). */
  setTier(tier: Tier | null): void {
    this.tier = tier;
    if (this.summary) this.setSummary(this.summary);
  }

  setLens(lens: LensFilter | null): void {
    this.lens = lens;
    if (this.lensBox) this.lensBox.value = lens ?? "";
    this.reload();
  }

  reload(keepScroll = false): void {
    this.generation += 1;
    if (!keepScroll) {
      // Another filter or order is another list: nothing stays selected.
      this.selected.clear();
      this.anchor = null;
    }
    this.pages.clear();
    this.pending.clear();
    if (!keepScroll) this.viewport.scrollTop = 0;
    const [first] = this.visible();
    this.ensure(Math.floor(first / PAGE));
  }

  private ensure(page: number): void {
    if (this.pages.has(page) || this.pending.has(page)) return;
    const gen = this.generation;
    this.pending.add(page);
    this.deps
      .fetch(this.query(page * PAGE))
      .then((p) => {
        if (gen !== this.generation) return;
        this.pending.delete(page);
        this.total = p.total;
        this.pages.set(page, p.rows);
        this.spacer.style.height = `${this.total * ROW_HEIGHT}px`;
        this.countLabel.textContent = t("table.count", { n: grouped(this.total) });
        this.render();
      })
      .catch((e) => {
        this.pending.delete(page);
        this.deps.onError(e);
      });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    raf(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private visible(): [number, number] {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    return [first, last];
  }

  private row(i: number): RowView | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  /** Draws the rows on screen; asks for pages not yet here. */
  render(): void {
    if (this.editing) return;
    const [first, last] = this.visible();
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) this.ensure(p);
    const template = this.columns.map((c) => c.width).join(" ");
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const r = this.row(i);
      const el = r ? this.rowEl(r, i) : h("div", { class: "trow loading" }, "…");
      el.style.top = `${i * ROW_HEIGHT}px`;
      el.style.gridTemplateColumns = template;
      rows.push(el);
    }
    // A control of a row keeps the focus through the redraw (an override
    // saved, a page arrived); when its customer has left the view, the focus
    // goes to the tier filter rather than to nowhere.
    const key = focusKey(this.layer) ?? this.pendingFocus;
    replace(this.layer, rows);
    if (!key) return;
    const again = this.layer.querySelector(key) as HTMLElement | null;
    this.pendingFocus = null;
    if (again) again.focus();
    else if (rows.some((r) => r.classList.contains("loading"))) this.pendingFocus = key;
    else (this.filters.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus();
  }

  /** Selects rows as a spreadsheet does: a click selects one, Ctrl+click adds
   * or removes one, Shift+click selects the range from the last click. */
  select(index: number, mode: "one" | "toggle" | "range"): void {
    const r = this.row(index);
    if (!r) return;
    if (mode === "range" && this.anchor !== null) {
      const [a, b] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      this.selected.clear();
      for (let i = a; i <= b; i++) {
        const x = this.row(i);
        if (x) this.selected.add(x.id);
      }
    } else if (mode === "toggle") {
      if (this.selected.has(r.id)) this.selected.delete(r.id);
      else this.selected.add(r.id);
      this.anchor = index;
    } else {
      this.selected = new Set([r.id]);
      this.anchor = index;
    }
    this.render();
  }

  /** A row's menu: copy, open the customer, set the tier, show only its tier. */
  private rowMenu(x: number, y: number, r: RowView): void {
    const items: MenuItem[] = [
      {
        id: "copy",
        label: t("menu.copy"),
        action: () => {
          // The copy event carries the rows (see the viewport's listener).
          this.viewport.focus();
          document.execCommand("copy");
        },
      },
    ];
    if (this.deps.openCustomer) {
      const open = this.deps.openCustomer;
      items.push({ id: "customer", label: t("menu.openCustomer"), action: () => open(r.id) });
    }
    const override = this.deps.openOverride;
    if (override) items.push({ id: "tier", label: t("menu.setTier"), action: () => override(r) });
    items.push({
      id: "filter",
      label: t("menu.onlyTier", { tier: t(`tier.${r.tier}` as Key) }),
      action: () => {
        this.tier = r.tier;
        if (this.summary) this.setSummary(this.summary);
      },
    });
    showMenu(x, y, items);
  }

  /** The selected rows (those loaded) as tab-separated text under the header
   * row, in table order; null when nothing is selected. */
  copyText(): string | null {
    if (this.selected.size === 0) return null;
    const clean = (v: string) => v.replace(/[\t\r\n]+/g, " ");
    const lines = [this.columns.map((c) => clean(heading(c))).join("\t")];
    const indices = [...this.pages.keys()].sort((a, b) => a - b);
    for (const p of indices) {
      for (const r of this.pages.get(p) ?? []) {
        if (this.selected.has(r.id)) lines.push(this.columns.map((c) => clean(c.cell(r))).join("\t"));
      }
    }
    return lines.join("\r\n");
  }

  private rowEl(r: RowView, index: number): HTMLElement {
    const selected = this.selected.has(r.id);
    return h(
      "div",
      {
        class: `trow tier-${r.tier} ${r.override_reason ? "overridden" : ""} ${selected ? "selected" : ""}`,
        role: "row",
        "aria-selected": selected ? "true" : "false",
        "data-id": r.id,
        "data-index": index,
        onclick: (e: Event) => {
          const m = e as MouseEvent;
          // Buttons, links and the needs editor keep their own clicks.
          if ((m.target as HTMLElement).closest("button, input, [data-action]")) return;
          this.select(index, m.shiftKey ? "range" : m.ctrlKey || m.metaKey ? "toggle" : "one");
        },
        oncontextmenu: (e: Event) => {
          const m = e as MouseEvent;
          m.preventDefault();
          if (!this.selected.has(r.id)) this.select(index, "one");
          this.rowMenu(m.clientX, m.clientY, r);
        },
      },
      this.columns.map((c) => {
        const open = this.deps.openOverride;
        if (c.key === "tier" && !open) {
          return h("div", { class: "td" }, h("span", { class: `tier-badge tier-${r.tier}`, title: r.override_reason ?? "" }, c.cell(r)));
        }
        if (c.key === "tier" && open) {
          const title = r.override_reason
            ? t("table.overridden", { was: t(`tier.${r.computed}` as Key), reason: r.override_reason })
            : t("table.changeTier");
          return h(
            "div",
            { class: "td" },
            h(
              "button",
              { class: `tier-badge tier-${r.tier}`, title, "data-action": "override", onclick: () => open(r) },
              c.cell(r),
              r.override_reason ? " ✎" : "",
            ),
          );
        }
        if (c.key === "name" && this.deps.openCustomer) {
          const open = this.deps.openCustomer;
          return h("div", { class: "td" }, h("button", { class: "link customer-link", title: t("cust.open"), "data-action": "customer", onclick: () => open(r.id) }, c.cell(r)));
        }
        if (c.key === "needs" && this.deps.setNeeds) {
          return h("div", { class: "td needs", title: t("table.editNeeds"), tabindex: 0, "data-action": "needs", onclick: (e: Event) => this.editNeeds(e.currentTarget as HTMLElement, r), onkeydown: (e: Event) => {
            // Only the cell's own Enter opens the editor, never the editor's Enter bubbling up.
            if ((e as KeyboardEvent).key === "Enter" && e.target === e.currentTarget) this.editNeeds(e.currentTarget as HTMLElement, r);
          } }, c.cell(r));
        }
        return h("div", { class: `td ${c.num ? "num" : ""}`, title: c.cell(r) }, c.cell(r));
      }),
    );
  }

  private editNeeds(cell: HTMLElement, r: RowView): void {
    if (this.editing || !cell.isConnected) return;
    this.editing = r.id;
    const input = h("input", { type: "text", class: "needs-input", value: r.needs });
    let done = false;
    const finish = (saveIt: boolean) => {
      if (done) return;
      done = true;
      this.editing = null;
      const text = input.value.trim();
      if (saveIt && text !== r.needs) {
        const was = { name: r.name, before: r.needs };
        r.needs = text;
        this.deps.setNeeds?.(r.id, text, was).catch((e) => this.deps.onError(e));
      }
      this.render();
    };
    input.addEventListener("keydown", (e) => {
      // The Enter that picks a pinyin candidate belongs to the input method.
      if (e.isComposing || e.keyCode === 229) return;
      if (e.key === "Enter" || e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        finish(e.key === "Enter");
      }
    });
    input.addEventListener("blur", () => finish(true));
    replace(cell, input);
    input.focus();
    input.select();
  }
}
