// The app controller: which screen is shown, and the flow between them:
// welcome → preview (mapping) → progress → main (table, dashboard, report).
import { api, asIpcError, pickLedger, pickPolicy, pickSavePath } from "./api";
import type { AppInfo } from "./api/bindings/AppInfo";
import type { ImportOptions } from "./api/bindings/ImportOptions";
import type { ImportOutcome } from "./api/bindings/ImportOutcome";
import type { InspectResult } from "./api/bindings/InspectResult";
import type { RowView } from "./api/bindings/RowView";
import type { Summary } from "./api/bindings/Summary";
import type { TierNote } from "./api/bindings/TierNote";
import type { TierPolicy } from "./api/bindings/TierPolicy";
import { h, replace } from "./dom";
import { isoDate } from "./format";
import { refreshDashboard } from "./features/dashboard";
import { clearError, showError } from "./features/errors";
import { preview } from "./features/import/preview";
import { progress } from "./features/import/progress";
import { PolicyPanel } from "./features/policy/panel";
import { banner, reportPanel } from "./features/report";
import { ReportTab } from "./features/printreport";
import { overrideDialog } from "./features/table/override";
import { TierTableView } from "./features/table/table";
import { welcome } from "./features/welcome";
import { compareView } from "./features/history/compare";
import { confirmDialog } from "./features/history/confirm";
import { customerDialog } from "./features/history/customer";
import { workspaceView, when } from "./features/history/workspace";
import type { ComparisonView } from "./api/bindings/ComparisonView";
import type { CustomerRecord } from "./api/bindings/CustomerRecord";
import type { LedgerView } from "./api/bindings/LedgerView";
import type { WorkspaceView } from "./api/bindings/WorkspaceView";
import { lang, setLang, t, type Key } from "./i18n";

type Tab = "table" | "dashboard" | "report" | "print";

export class App {
  private info!: AppInfo;
  private header: HTMLElement;
  private errors: HTMLElement;
  private screen: HTMLElement;
  private toast: HTMLElement;
  private modal: HTMLElement;
  private path: string | null = null;
  private outcome: ImportOutcome | null = null;
  private summary: Summary | null = null;
  private tab: Tab = "table";
  private table: TierTableView | null = null;
  private panel: PolicyPanel | null = null;
  private tabHost: HTMLElement | null = null;
  private tabsHost: HTMLElement | null = null;
  private reportTab: ReportTab | null = null;
  private policyText: HTMLElement | null = null;
  private notesHost: HTMLElement | null = null;
  private compared: [number, number] | null = null;

  constructor(root: HTMLElement) {
    this.header = h("header", { class: "topbar" });
    this.errors = h("div", { class: "errors", id: "errors" });
    this.screen = h("main", { class: "screen", id: "screen" });
    this.toast = h("div", { class: "toast-host", id: "toast", "aria-live": "polite" });
    this.modal = h("div", { class: "modal-host" });
    replace(root, this.header, this.errors, this.screen, this.toast, this.modal);
  }

  async start(): Promise<void> {
    try {
      this.info = await api.appInfo();
      setLang(this.info.lang);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.renderHeader();
    this.showWelcome();
    if (this.info.workspace_problem) this.fail(this.info.workspace_problem);
  }

  private get hasWorkspace(): boolean {
    return Boolean(this.info?.workspace) && !this.info.workspace_problem;
  }

  /** Keyboard access: Ctrl+O opens a ledger, Ctrl+E exports, Ctrl+1/2/3 switch tabs. */
  handleKey(e: KeyboardEvent): void {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "o") {
      e.preventDefault();
      void this.pick();
    } else if (k === "e" && this.summary) {
      e.preventDefault();
      void this.exportWorkbook();
    } else if (["1", "2", "3", "4"].includes(k) && this.summary) {
      e.preventDefault();
      this.setTab((["table", "dashboard", "report", "print"] as Tab[])[Number(k) - 1]);
    } else if (k === "h" && this.hasWorkspace) {
      e.preventDefault();
      void this.showWorkspace();
    } else if (k === "p" && this.summary) {
      // Ctrl+P prints the tier report, not the screen.
      e.preventDefault();
      if (this.tab === "print" && this.reportTab) this.reportTab.print();
      else this.setTab("print");
    }
  }

  fail(e: unknown): void {
    showError(this.errors, asIpcError(e));
  }

  private renderHeader(): void {
    const s = this.summary;
    replace(
      this.header,
      h("div", { class: "brand" }, h("img", { src: "/icon.png", alt: "", class: "logo" }), h("span", {}, t("app.title"))),
      s
        ? h(
            "span",
            { class: "file", id: "current-file" },
            s.run_label ? h("strong", {}, `${s.run_label} · `) : null,
            `${s.file} · ${isoDate(s.period_start, lang())} – ${isoDate(s.period_end, lang())}`,
          )
        : h("span", {}),
      h(
        "div",
        { class: "top-actions" },
        this.hasWorkspace ? h("button", { class: "secondary", id: "open-workspace", title: t("ws.buttonTitle"), onclick: () => void this.showWorkspace() }, t("ws.button")) : null,
        this.hasWorkspace ? h("button", { class: "secondary", id: "open-compare", onclick: () => void this.showCompare(null) }, t("cmp.button")) : null,
        h("button", { class: "secondary", id: "open-ledger", title: t("app.openTitle"), onclick: () => void this.pick() }, t("app.open")),
        s ? h("button", { class: "primary", id: "export", title: t("app.exportTitle"), onclick: () => void this.exportWorkbook() }, t("app.export")) : null,
        h("button", { class: "link", id: "switch-lang", title: t("app.languageTitle"), onclick: () => void this.switchLanguage() }, t("app.language")),
      ),
    );
  }

  private async switchLanguage(): Promise<void> {
    const next = lang() === "zh" ? "en" : "zh";
    setLang(next);
    await api.setLanguage(next).catch((e) => this.fail(e));
    this.info.lang = next;
    // Texts the backend writes (the method in words) follow the new language.
    if (this.summary) this.summary = await api.currentSummary().catch(() => this.summary);
    this.renderHeader();
    if (this.outcome && this.summary) this.showMain();
    else this.showWelcome();
    if (this.shownToast) this.showToast(this.shownToast.path, this.shownToast.reveal);
  }

  showWelcome(): void {
    replace(this.screen, welcome({ sample: this.info.sample, openSample: () => this.info.sample && void this.open(this.info.sample), pick: () => void this.pick() }));
  }

  async pick(): Promise<void> {
    try {
      const path = await pickLedger(this.info, t("dialog.ledgerFilter"));
      if (path) await this.open(path);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Opens a file: the mapping preview with the detected (or remembered) columns. */
  async open(path: string): Promise<void> {
    clearError(this.errors);
    try {
      const r = await api.inspectLedger(path, null);
      this.path = path;
      this.showPreview(r);
    } catch (e) {
      this.fail(e);
    }
  }

  private showPreview(r: InspectResult): void {
    replace(
      this.screen,
      preview(r, {
        change: (o) => void this.reinspect(o),
        confirm: (o) => void this.runImport(o),
        cancel: () => (this.outcome ? this.showMain() : this.showWelcome()),
      }),
    );
  }

  private async reinspect(options: ImportOptions): Promise<void> {
    if (!this.path) return;
    try {
      this.showPreview(await api.inspectLedger(this.path, options));
    } catch (e) {
      this.fail(e);
    }
  }

  private async runImport(options: ImportOptions): Promise<void> {
    if (!this.path) return;
    const file = this.path.split(/[\\/]/).pop() ?? this.path;
    const view = progress(file, () => void api.cancelImport());
    replace(this.screen, view.el);
    try {
      this.showOutcome(await api.importLedger(this.path, options, (p) => view.update(p.rows)));
    } catch (e) {
      this.fail(e);
      if (this.outcome) this.showMain();
      else this.showWelcome();
    }
  }

  /** Opens a freshly imported or reopened run on its table tab. */
  private showOutcome(outcome: ImportOutcome): void {
    this.outcome = outcome;
    this.summary = outcome.summary;
    this.tab = "table";
    this.table = null;
    this.showMain();
  }

  /** Builds the main screen once per import; later changes only refresh it. */
  private showMain(): void {
    const s = this.summary;
    const o = this.outcome;
    if (!s || !o) return;
    this.renderHeader();
    this.panel = new PolicyPanel({
      apply: (p) => void this.applyPolicy(p),
      preset: (m) => api.policyPreset(m),
      load: () => void this.loadPolicy(),
      save: () => void this.savePolicy(),
    });
    this.panel.show(s.policy, s.rfm_cuts);
    this.table = null;
    this.policyText = h("p", { class: "policy-text", id: "policy-text" });
    this.notesHost = h("div", {});
    this.tabsHost = h("nav", { class: "tabs", role: "tablist" });
    this.tabHost = h("div", { class: "tab-body" });
    replace(
      this.screen,
      h(
        "div",
        { class: "main-layout", "data-screen": "main" },
        this.panel.el,
        h("div", { class: "content" }, banner(o.report, s.confidence, () => this.setTab("report")), this.policyText, this.notesHost, this.tabsHost, this.tabHost),
      ),
    );
    this.refreshMain(false);
  }

  /** Brings the main screen up to date with the summary, keeping the table's
   * filter and sort (and its scroll position when `keepScroll`). */
  private refreshMain(keepScroll: boolean): void {
    const s = this.summary;
    if (!s || !this.policyText || !this.notesHost) return;
    this.policyText.textContent = s.policy_text;
    const already = this.outcome?.already;
    replace(this.notesHost, already ? h("p", { class: "notice", id: "already-imported" }, t("already.notice", { date: when(already) })) : null, this.notes(s.notes));
    const showScore = s.policy.method === "score" || (s.policy.method === "thresholds" && s.policy.thresholds.combine === "points");
    if (!this.table || this.table.showScore !== showScore) {
      this.table = new TierTableView(
        {
          fetch: (q) => api.tablePage(q),
          setNeeds: (c, text) => api.setNeeds(c, text),
          openOverride: (r) => this.openOverride(r),
          openCustomer: this.hasWorkspace ? (id) => void this.openCustomer(id) : undefined,
          onError: (e) => this.fail(e),
        },
        showScore,
      );
      keepScroll = false;
    }
    this.table.setSummary(s, keepScroll);
    this.renderTabs();
    this.renderTab();
  }

  private notes(notes: TierNote[]): HTMLElement | null {
    if (!notes.length) return null;
    return h(
      "ul",
      { class: "notes" },
      notes.map((n) => {
        const params: Record<string, string> = {};
        if (n.code === "dimension_skipped") params.dimension = t(`dim.${n.dimension}` as Key);
        if (n.code === "override_unmatched") params.customer = n.customer;
        return h("li", {}, t(`note.${n.code}` as Key, params));
      }),
    );
  }

  private renderTabs(): void {
    if (!this.tabsHost) return;
    replace(
      this.tabsHost,
      (["table", "dashboard", "report", "print"] as Tab[]).map((x) =>
        h("button", { class: `tab ${this.tab === x ? "active" : ""}`, role: "tab", id: `tab-${x}`, "aria-selected": this.tab === x ? "true" : "false", onclick: () => this.setTab(x) }, t(`tab.${x}` as Key)),
      ),
    );
  }

  private setTab(tab: Tab): void {
    this.tab = tab;
    this.renderTabs();
    this.renderTab();
  }

  private renderTab(): void {
    const host = this.tabHost;
    const s = this.summary;
    if (!host || !s || !this.outcome) return;
    if (this.tab === "table" && this.table) {
      if (this.table.el.parentElement !== host) replace(host, this.table.el);
    }
    if (this.tab === "report") replace(host, reportPanel(this.outcome.report, s.confidence));
    if (this.tab === "print") {
      const tab = new ReportTab({
        preview: async () => (await api.reportPreview(lang())).body,
        settings: () => api.reportSettings(lang()),
        saveSettings: (company, playbook) => api.setReportSettings(company, playbook),
        saveHtml: () => void this.saveReportHtml(),
        onError: (e) => this.fail(e),
      });
      this.reportTab = tab;
      replace(host, tab.el);
      void tab.load();
    }
    if (this.tab === "dashboard") {
      refreshDashboard(host, s, null);
      const load = (byCount: boolean) =>
        api
          .charts(lang(), byCount)
          .then(
            (c) =>
              this.tab === "dashboard" &&
              this.summary === s &&
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
              }),
          )
          .catch((e) => this.fail(e));
      void load(false);
    }
  }

  private async applyPolicy(p: TierPolicy): Promise<void> {
    try {
      this.summary = await api.applyPolicy(p);
      this.panel?.setCuts(this.summary.rfm_cuts);
      clearError(this.errors);
      this.refreshMain(false);
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadPolicy(): Promise<void> {
    try {
      const path = await pickPolicy("open", t("dialog.policyFilter"), "");
      if (!path) return;
      this.summary = await api.loadPolicy(path);
      this.panel?.show(this.summary.policy, this.summary.rfm_cuts);
      this.refreshMain(false);
    } catch (e) {
      this.fail(e);
    }
  }

  private async savePolicy(): Promise<void> {
    try {
      const path = await pickPolicy("save", t("dialog.policyFilter"), t("dialog.defaultPolicy"));
      if (path) await api.savePolicy(path);
    } catch (e) {
      this.fail(e);
    }
  }

  private openOverride(row: RowView): void {
    const close = () => replace(this.modal);
    const done = (s: Summary) => {
      close();
      this.summary = s;
      this.refreshMain(true);
    };
    replace(
      this.modal,
      overrideDialog(row, {
        save: (tier, reason) => void api.setOverride(row.id, tier, reason).then(done).catch((e) => this.fail(e)),
        undo: () => void api.setOverride(row.id, null, "").then(done).catch((e) => this.fail(e)),
        close,
      }),
    );
  }

  /** Back from the workspace or comparison: to the open run, else the welcome. */
  private back(): void {
    if (this.outcome && this.summary) this.showMain();
    else this.showWelcome();
  }

  private async showWorkspace(view?: WorkspaceView): Promise<void> {
    clearError(this.errors);
    try {
      const w = view ?? (await api.workspaceOverview(lang()));
      replace(
        this.screen,
        workspaceView(w, {
          openRun: (r) => void this.openRun(r.id),
          tierPeriods: (l, per) =>
            void api
              .tierPeriods(l.id, per, lang())
              .then((v) => this.showWorkspace(v))
              .catch((e) => this.fail(e)),
          deleteLedger: (l) => this.confirmDelete(l),
          compare: (a, b) => void this.showCompare([a, b]),
          back: () => this.back(),
        }),
      );
    } catch (e) {
      this.fail(e);
    }
  }

  private confirmDelete(l: LedgerView): void {
    const close = () => replace(this.modal);
    replace(
      this.modal,
      confirmDialog(
        {
          id: "confirm-delete",
          title: t("confirm.deleteTitle", { file: l.file_name }),
          body: t("confirm.deleteBody", { rows: l.rows_imported.toLocaleString(), runs: l.runs }),
          confirm: t("confirm.delete"),
          cancel: t("confirm.cancel"),
        },
        () => {
          close();
          void api
            .deleteLedger(l.id, lang())
            .then((out) => {
              if (out.closed) {
                this.outcome = null;
                this.summary = null;
                this.table = null;
                this.renderHeader();
              }
              return this.showWorkspace(out.workspace);
            })
            .catch((e) => this.fail(e));
        },
        close,
      ),
    );
  }

  private async openRun(runId: number): Promise<void> {
    clearError(this.errors);
    try {
      this.showOutcome(await api.openRun(runId));
    } catch (e) {
      this.fail(e);
    }
  }

  /** The comparison screen; without a pair, the two latest periods. */
  private async showCompare(pair: [number, number] | null): Promise<void> {
    clearError(this.errors);
    try {
      const w = await api.workspaceOverview(lang());
      const selected = pair ?? this.compared ?? w.pair;
      const valid = selected && w.runs.some((r) => r.id === selected[0]) && w.runs.some((r) => r.id === selected[1]) ? selected : w.pair;
      this.compared = valid;
      const actions = {
        pick: (a: number, b: number) => void this.showCompare([a, b]),
        exportXlsx: () => void this.exportComparison(),
        openCustomer: (id: string) => void this.openCustomer(id),
        back: () => this.back(),
      };
      replace(this.screen, compareView(w.runs, null, valid, actions));
      if (!valid || valid[0] === valid[1]) return;
      const c: ComparisonView = await api.compareRuns(valid[0], valid[1], lang());
      if (this.compared === valid) replace(this.screen, compareView(w.runs, c, valid, actions));
    } catch (e) {
      this.fail(e);
    }
  }

  private async exportComparison(): Promise<void> {
    const pair = this.compared;
    if (!pair) return;
    try {
      const path = await pickSavePath(this.info, t("dialog.workbookFilter"), t("dialog.defaultComparison"));
      if (!path) return;
      const out = await api.exportComparison(pair[0], pair[1], path, lang());
      this.showToast(out.path);
    } catch (e) {
      this.fail(e);
    }
  }

  private async openCustomer(id: string, saved = false): Promise<void> {
    try {
      const page = await api.customerPage(id);
      this.showCustomer(page, saved);
    } catch (e) {
      this.fail(e);
    }
  }

  private showCustomer(page: Awaited<ReturnType<typeof api.customerPage>>, saved: boolean): void {
    const close = () => replace(this.modal);
    replace(
      this.modal,
      customerDialog(
        page,
        {
          save: (rec: CustomerRecord) =>
            void api
              .saveCustomer(rec)
              .then((p) => this.showCustomer(p, true))
              .catch((e) => this.fail(e)),
          close,
        },
        saved,
      ),
    );
  }

  private async exportWorkbook(): Promise<void> {
    try {
      const path = await pickSavePath(this.info, t("dialog.workbookFilter"), t("dialog.defaultExport"));
      if (!path) return;
      const out = await api.exportWorkbook(path, lang());
      this.showToast(out.path);
    } catch (e) {
      this.fail(e);
    }
  }

  private async saveReportHtml(): Promise<void> {
    try {
      const path = await pickSavePath(this.info, t("dialog.htmlFilter"), t("dialog.defaultReport"), "html");
      if (!path) return;
      await api.saveReportHtml(path, lang());
      this.showToast(path, false);
    } catch (e) {
      this.fail(e);
    }
  }

  /** The notice shown, re-drawn in the new language when the language changes. */
  private shownToast: { path: string; reveal: boolean } | null = null;

  private showToast(path: string, reveal = true): void {
    this.shownToast = { path, reveal };
    replace(
      this.toast,
      h(
        "div",
        { class: "toast", id: "export-toast" },
        h("span", {}, t("export.done", { path })),
        reveal ? h("button", { class: "link", id: "reveal", onclick: () => void api.revealInFolder(path).catch((e) => this.fail(e)) }, t("export.openFolder")) : null,
        h(
          "button",
          {
            class: "link",
            onclick: () => {
              this.shownToast = null;
              replace(this.toast);
            },
          },
          t("toast.close"),
        ),
      ),
    );
  }
}
