// The app: a router over the screens (welcome → preview → progress → main,
// the workspace and the comparison), the header, the language, the keyboard
// shortcuts, and the one error guard every flow goes through. What a user does
// lives in flows/, one file per thing.
import { api, asIpcError } from "./api";
import type { AppInfo } from "./api/bindings/AppInfo";
import type { ImportOutcome } from "./api/bindings/ImportOutcome";
import type { Summary } from "./api/bindings/Summary";
import { UndoStack } from "./flows/undo";
import { focusWhenShown, h, replace } from "./dom";
import { aboutDialog } from "./features/about";
import { clearError, showError } from "./features/errors";
import { teamDialog, workspaceBadge } from "./features/team/team";
import { showWelcomeFacts, welcome } from "./features/welcome";
import { exportWorkbook, toast } from "./flows/files";
import { open, pick } from "./flows/importing";
import { MainScreen, TABS } from "./flows/main";
import { isCancel, isConflict, type Shell } from "./flows/shell";
import { showCompare, showWorkspace } from "./flows/workspace";
import { isoDate } from "./format";
import { lang, setLang, t } from "./i18n";

/** Whether a key went to a text field (its own Ctrl+Z undoes typing). */
function editingText(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export class App implements Shell {
  info!: AppInfo;
  readonly screen: HTMLElement;
  readonly modal: HTMLElement;
  readonly errors: HTMLElement;
  private header: HTMLElement;
  private toastHost: HTMLElement;
  path: string | null = null;
  outcome: ImportOutcome | null = null;
  summary: Summary | null = null;
  compared: [number, number] | null = null;
  readonly undo = new UndoStack();
  private main = new MainScreen(this);
  /** The notice shown, re-drawn in the new language when the language changes. */
  private shownToast: { path: string; reveal: boolean } | null = null;

  constructor(root: HTMLElement) {
    this.header = h("header", { class: "topbar" });
    this.errors = h("div", { class: "errors", id: "errors" });
    this.screen = h("main", { class: "screen", id: "screen" });
    this.toastHost = h("div", { class: "toast-host", id: "toast", "aria-live": "polite" });
    this.modal = h("div", { class: "modal-host" });
    replace(root, this.header, this.errors, this.screen, this.toastHost, this.modal);
  }

  async start(): Promise<void> {
    const info = await this.attempt(() => api.appInfo());
    if (!info) return;
    this.info = info;
    setLang(info.lang);
    this.renderHeader();
    this.showWelcome();
    if (info.workspace_problem) this.fail(info.workspace_problem);
    // A team workspace remembered: its password is asked for at each start.
    else if (info.team && !info.team.connected) this.openTeam();
    // Started with a ledger ("Open with Tierbook"): open it.
    const opened = await this.attempt(() => api.takeOpenedFile());
    if (opened) await this.open(opened);
  }

  /** The 团队工作区 dialog: connect to the team's server, or back to this PC's
   * workspace; with `move`, this PC's workspace is moved up to the server first. */
  openTeam(move = false): void {
    const close = () => replace(this.modal);
    const switched = (info: AppInfo, moved?: string) => {
      close();
      this.info = info;
      this.outcome = null;
      this.summary = null;
      clearError(this.errors);
      this.renderHeader();
      this.showWelcome();
      if (info.workspace_problem) this.fail(info.workspace_problem);
      if (moved) this.notify(moved);
    };
    replace(
      this.modal,
      teamDialog(
        this.info,
        {
          connect: async (server, password) => {
            try {
              if (move) {
                const out = await api.moveToTeam(server, password);
                switched(out.info, out.text);
              } else switched(await api.connectTeam(server, password));
              return undefined;
            } catch (e) {
              return asIpcError(e).message;
            }
          },
          useLocal: () => void this.attempt(() => api.useLocalWorkspace()).then((info) => info && switched(info)),
          close,
        },
        move,
      ),
    );
  }

  async moveToLocal(): Promise<void> {
    const out = await this.attempt(() => api.moveToLocal());
    if (!out) return;
    this.info = out.info;
    this.outcome = null;
    this.summary = null;
    this.renderHeader();
    this.showWelcome();
    this.notify(out.text);
  }

  notify(text: string | null, ms?: number): void {
    if (text === null) {
      this.errors.querySelector("#notice")?.remove();
      return;
    }
    const note = h("p", { class: "notice", id: "notice", role: "status" }, text);
    replace(this.errors, note);
    if (ms) setTimeout(() => note.isConnected && note.remove(), ms);
  }

  get hasWorkspace(): boolean {
    return Boolean(this.info?.workspace) && !this.info.workspace_problem;
  }

  async attempt<T>(job: () => Promise<T>): Promise<T | undefined> {
    try {
      return await job();
    } catch (e) {
      if (!isCancel(e)) this.fail(e);
      return undefined;
    }
  }

  fail(e: unknown): void {
    showError(this.errors, asIpcError(e));
    if (isConflict(e)) void this.reloadAfterConflict();
  }

  /** 帮助 → 关于 (F1): version, workspace, log folder. */
  async openAbout(): Promise<void> {
    const about = await this.attempt(() => api.about());
    if (!about) return;
    const opener = document.activeElement as HTMLElement | null;
    const close = () => {
      replace(this.modal);
      opener?.focus();
    };
    replace(this.modal, aboutDialog(about, { close, openLogFolder: () => void this.attempt(() => api.openLogFolder()) }));
    (this.modal.querySelector("#about-close") as HTMLElement | null)?.focus();
  }

  /** Opens a saved run from the welcome screen ("continue with the last run"). */
  private async continueRun(id: number): Promise<void> {
    const out = await this.attempt(() => api.openRun(id));
    if (out) this.showOutcome(out);
  }

  /** Someone else changed the open run meanwhile: the edit was refused (the
   * banner says by whom); show the run as it is now, so the next edit is
   * made on it. */
  private async reloadAfterConflict(): Promise<void> {
    const id = this.outcome?.run_id;
    if (id === null || id === undefined) return;
    replace(this.modal);
    try {
      this.showOutcome(await api.openRun(id));
    } catch (e) {
      showError(this.errors, asIpcError(e));
    }
  }

  /** Opens a ledger file (the welcome's button, a drop on the window). */
  open(path: string): Promise<void> {
    return open(this, path);
  }

  /** Keyboard access: Ctrl+O opens a ledger, Ctrl+E exports, Ctrl+1…4 switch tabs, Ctrl+H the workspace, Ctrl+P prints, Ctrl+Z undoes the last tier or needs edit. */
  handleKey(e: KeyboardEvent): void {
    if (e.key === "F1") {
      e.preventDefault();
      void this.openAbout();
      return;
    }
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "o") {
      e.preventDefault();
      void pick(this);
    } else if (k === "e" && this.summary) {
      e.preventDefault();
      void exportWorkbook(this);
    } else if (["1", "2", "3", "4"].includes(k) && this.summary) {
      e.preventDefault();
      this.main.setTab(TABS[Number(k) - 1]);
    } else if (k === "h" && this.hasWorkspace) {
      e.preventDefault();
      void showWorkspace(this);
    } else if (k === "z" && !e.shiftKey && this.summary && !editingText(e.target)) {
      // Ctrl+Z in a text field undoes typing there; elsewhere, the last edit.
      e.preventDefault();
      void this.undo.undo().then((label) => label && this.notify(t("undo.done", { what: label }), 6000));
    } else if (k === "p" && this.summary) {
      // Ctrl+P prints the tier report, not the screen.
      e.preventDefault();
      if (this.main.tab === "print" && this.main.reportTab) void this.main.reportTab.print();
      else this.main.setTab("print");
    }
  }

  renderHeader(): void {
    const s = this.summary;
    const file = s ? `${s.file} · ${isoDate(s.period_start, lang())} – ${isoDate(s.period_end, lang())}` : "";
    replace(
      this.header,
      h("div", { class: "brand" }, h("img", { src: "/icon.png", alt: "", class: "logo" }), h("span", {}, t("app.title"))),
      s
        ? h(
            "span",
            { class: "file", id: "current-file", title: `${s.run_label ? `${s.run_label} · ` : ""}${file}` },
            s.run_label ? h("strong", {}, `${s.run_label} · `) : null,
            file,
          )
        : h("span", {}),
      h(
        "div",
        { class: "top-actions" },
        this.hasWorkspace ? h("button", { class: "secondary", id: "open-workspace", title: t("ws.buttonTitle"), onclick: () => void showWorkspace(this) }, t("ws.button")) : null,
        this.hasWorkspace ? h("button", { class: "secondary", id: "open-compare", onclick: () => void showCompare(this, null) }, t("cmp.button")) : null,
        h("button", { class: "secondary", id: "open-ledger", title: t("app.openTitle"), onclick: () => void pick(this) }, t("app.open")),
        s ? h("button", { class: "primary", id: "export", title: t("app.exportTitle"), onclick: () => void exportWorkbook(this) }, t("app.export")) : null,
        workspaceBadge(this.info, () => this.openTeam()),
        h("button", { class: "link", id: "switch-lang", title: t("app.languageTitle"), onclick: () => void this.switchLanguage() }, t("app.language")),
        h("button", { class: "link", id: "open-about", title: t("about.title"), "aria-label": t("about.title"), onclick: () => void this.openAbout() }, "?"),
      ),
    );
  }

  private async switchLanguage(): Promise<void> {
    const next = lang() === "zh" ? "en" : "zh";
    setLang(next);
    await this.attempt(() => api.setLanguage(next));
    this.info.lang = next;
    // Texts the backend writes (the method in words) follow the new language.
    if (this.summary) this.summary = (await api.currentSummary().catch(() => null)) ?? this.summary;
    this.renderHeader();
    if (this.outcome && this.summary) this.showMain();
    else this.showWelcome();
    if (this.shownToast) this.showToast(this.shownToast.path, this.shownToast.reveal);
  }

  showWelcome(): void {
    const actions = {
      sample: this.info.sample,
      openSample: () => this.info.sample && void open(this, this.info.sample),
      pick: () => void pick(this),
      openRun: this.hasWorkspace ? (id: number) => void this.continueRun(id) : undefined,
      openPath: (path: string) => void open(this, path),
    };
    replace(this.screen, welcome(actions));
    // What earlier days left (a run to continue, recent ledgers); the welcome works without it.
    const screen = this.screen;
    api
      .welcomeFacts(lang())
      .then((f) => screen.querySelector('[data-screen="welcome"]') && showWelcomeFacts(screen, f, actions))
      .catch(() => {});
  }

  showOutcome(outcome: ImportOutcome): void {
    this.undo.clear();
    this.outcome = outcome;
    this.summary = outcome.summary;
    this.main.reset();
    this.showMain();
    // The import (or the reopened run) is done: the keyboard starts at the table.
    focusWhenShown('#tier-table .filter[aria-selected="true"]');
  }

  showMain(): void {
    this.main.show();
  }

  refreshMain(keepScroll: boolean): void {
    this.main.refresh(keepScroll);
  }

  back(): void {
    if (this.outcome && this.summary) this.showMain();
    else this.showWelcome();
  }

  showToast(path: string, reveal = true): void {
    this.shownToast = { path, reveal };
    toast(this, this.toastHost, path, reveal, () => {
      this.shownToast = null;
      replace(this.toastHost);
    });
  }
}
