// The main screen of an open run: the method panel, the banner, notes, and the
// tabs (table, dashboard, import report, printable report). Built once per
// run; later changes only refresh it, keeping the table's filter and sort.
import { api } from "../api";
import type { NoteView } from "../api/bindings/NoteView";
import type { RowView } from "../api/bindings/RowView";
import { h, replace } from "../dom";
import { refreshDashboard } from "../features/dashboard";
import { when } from "../features/history/workspace";
import { PolicyPanel } from "../features/policy/panel";
import { ReportTab } from "../features/printreport";
import { printReport } from "./printing";
import { banner, reportPanel } from "../features/report";
import { TierTableView } from "../features/table/table";
import { lang, t, type Key } from "../i18n";
import { saveReportHtml } from "./files";
import type { Shell } from "./shell";
import { applyPolicy, loadPolicy, openOverride, savePolicy, setNeeds } from "./tiering";
import { openCustomer } from "./workspace";

export type Tab = "table" | "dashboard" | "report" | "print";
export const TABS: Tab[] = ["table", "dashboard", "report", "print"];

/** The tab an arrow key moves to from `current` (the tab list's keyboard
 * convention: ← → wrap around, Home and End go to the ends), or null. */
export function nextTab(current: Tab, key: string): Tab | null {
  const i = TABS.indexOf(current);
  switch (key) {
    case "ArrowRight":
      return TABS[(i + 1) % TABS.length];
    case "ArrowLeft":
      return TABS[(i + TABS.length - 1) % TABS.length];
    case "Home":
      return TABS[0];
    case "End":
      return TABS[TABS.length - 1];
    default:
      return null;
  }
}

export class MainScreen {
  tab: Tab = "table";
  private table: TierTableView | null = null;
  private panel: PolicyPanel | null = null;
  private tabHost: HTMLElement | null = null;
  private tabsHost: HTMLElement | null = null;
  reportTab: ReportTab | null = null;
  private policyText: HTMLElement | null = null;
  private notesHost: HTMLElement | null = null;

  constructor(private readonly app: Shell) {}

  /** A new run opens on its table tab. */
  reset(): void {
    this.tab = "table";
    this.table = null;
  }

  show(): void {
    const app = this.app;
    const s = app.summary;
    const o = app.outcome;
    if (!s || !o) return;
    app.renderHeader();
    this.panel = new PolicyPanel({
      apply: (p) => void applyPolicy(app, p).then((s) => s && this.panel?.setCuts(s.rfm_cuts)),
      preset: (m) => api.policyPreset(m),
      load: () => void loadPolicy(app).then((s) => s && this.panel?.show(s.policy, s.rfm_cuts)),
      save: () => void savePolicy(app),
    });
    this.panel.show(s.policy, s.rfm_cuts);
    if (readOnly(app)) this.panel.lock(t(app.info.team?.role === "account" ? "team.lockedAccount" : "team.locked"));
    this.table = null;
    this.policyText = h("p", { class: "policy-text", id: "policy-text" });
    this.notesHost = h("div", {});
    this.tabsHost = h("nav", { class: "tabs", role: "tablist" });
    this.tabHost = h("div", { class: "tab-body" });
    replace(
      app.screen,
      h(
        "div",
        { class: "main-layout", "data-screen": "main" },
        this.panel.el,
        h("div", { class: "content" }, banner(o.report, s.confidence, () => this.setTab("report")), this.policyText, this.notesHost, this.tabsHost, this.tabHost),
      ),
    );
    this.refresh(false);
  }

  refresh(keepScroll: boolean): void {
    const app = this.app;
    const s = app.summary;
    if (!s || !this.policyText || !this.notesHost) return;
    this.policyText.textContent = s.policy_text;
    const already = app.outcome?.already;
    replace(this.notesHost, already ? h("p", { class: "notice", id: "already-imported" }, t("already.notice", { date: when(already) })) : null, notes(s.notes));
    const showScore = s.policy.method === "score" || (s.policy.method === "thresholds" && s.policy.thresholds.combine === "points");
    if (!this.table || this.table.showScore !== showScore) {
      this.table = new TierTableView(
        {
          fetch: (q) => api.tablePage(q),
          groups: () => api.groupChoices(),
          // A read-only user of a team workspace is offered no edit.
          ...(readOnly(app) ? {} : { setNeeds: (c: string, text: string, was: { name: string; before: string }) => setNeeds(app, c, was.name, text, was.before), openOverride: (r: RowView) => openOverride(app, r) }),
          openCustomer: app.hasWorkspace ? (id) => void openCustomer(app, id) : undefined,
          onError: (e) => app.fail(e),
          onUnitChange: () => this.renderTab(),
        },
        showScore,
      );
      keepScroll = false;
    }
    this.table.setSummary(s, keepScroll);
    this.renderTabs();
    this.renderTab();
  }

  setTab(tab: Tab): void {
    this.tab = tab;
    this.renderTabs();
    this.renderTab();
  }

  private renderTabs(): void {
    if (!this.tabsHost) return;
    replace(
      this.tabsHost,
      TABS.map((x) =>
        h(
          "button",
          {
            class: `tab ${this.tab === x ? "active" : ""}`,
            role: "tab",
            id: `tab-${x}`,
            "aria-selected": this.tab === x ? "true" : "false",
            // One stop for Tab; the arrow keys move between the tabs.
            tabindex: this.tab === x ? 0 : -1,
            onclick: () => this.setTab(x),
            onkeydown: (e: Event) => {
              const next = nextTab(x, (e as KeyboardEvent).key);
              if (!next) return;
              e.preventDefault();
              this.setTab(next);
              (this.tabsHost?.querySelector(`#tab-${next}`) as HTMLElement | null)?.focus();
            },
          },
          t(`tab.${x}` as Key),
        ),
      ),
    );
  }

  private renderTab(): void {
    const app = this.app;
    const host = this.tabHost;
    const s = app.summary;
    if (!host || !s || !app.outcome) return;
    if (this.tab === "table" && this.table) {
      if (this.table.el.parentElement !== host) replace(host, this.table.el);
    }
    if (this.tab === "report") replace(host, reportPanel(app.outcome.report, s.confidence));
    if (this.tab === "print") {
      const tab = new ReportTab({
        preview: async () => (await api.reportPreview(lang())).body,
        settings: () => api.reportSettings(lang()),
        saveSettings: (company, playbook) => api.setReportSettings(company, playbook),
        saveHtml: () => void saveReportHtml(app),
        print: async () => void (await printReport(app)),
        onError: (e) => app.fail(e),
      });
      this.reportTab = tab;
      replace(host, tab.el);
      void tab.load();
    }
    if (this.tab === "dashboard") {
      refreshDashboard(host, s, null);
      const load = async (byCount: boolean) => {
        const c = await app.attempt(() => api.charts(lang(), byCount));
        if (!c || this.tab !== "dashboard" || app.summary !== s) return;
        refreshDashboard(host, s, c, {
          byCount,
          rfmByCount: (b) => void load(b),
          showWarnings: () => {
            this.table?.setLens("credit_risk");
            this.setTab("table");
          },
          showAtRisk: () => {
            this.table?.setLens("at_risk");
            this.setTab("table");
          },
          showTier: (t) => {
            this.table?.setTier(t);
            this.setTab("table");
          },
        });
      };
      void load(false);
    }
  }
}

/** The run's notes, in the engine's words (why a dimension is left out, why
 * RFM gives no A, why 利润贡献 is empty). */
function notes(list: NoteView[]): HTMLElement | null {
  if (!list.length) return null;
  return h(
    "ul",
    { class: "notes", id: "run-notes" },
    list.map((n) => h("li", { "data-code": n.code }, n.text)),
  );
}

/** Whether the window is on a team workspace as a read-only user (只读 or
 * 客户经理). */
export function readOnly(app: Shell): boolean {
  const role = app.info.team?.connected ? app.info.team.role : null;
  return role === "viewer" || role === "account";
}
