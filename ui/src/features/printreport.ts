// The printable report: a preview on screen (the core renders it; the bundled
// report.css styles it exactly as the saved file), Print (the report as its own
// document in numbered A4 sheets, through the system dialog, which also saves
// PDF: flows/printing.ts), Save as HTML, and the report settings: company name
// and the per-tier strategy playbook.
import type { Playbook } from "../api/bindings/Playbook";
import type { ReportSettings } from "../api/bindings/ReportSettings";
import { h, replace } from "../dom";
import { t, type Key } from "../i18n";

export interface ReportDeps {
  preview: () => Promise<string>;
  settings: () => Promise<ReportSettings>;
  saveSettings: (company: string, playbook: Playbook | null) => Promise<void>;
  saveHtml: () => void;
  /** Prints the report; resolves when the print is over. */
  print: () => Promise<void>;
  onError: (e: unknown) => void;
}

/** What the print dialog of this platform calls saving a PDF. */
export function printHint(userAgent: string): Key {
  if (/Windows/.test(userAgent)) return "report.printHint.windows";
  if (/Macintosh|Mac OS X/.test(userAgent)) return "report.printHint.mac";
  return "report.printHint.linux";
}

const FIELDS: [keyof Omit<Playbook["tiers"][number], "actions">, Key][] = [
  ["service_model", "report.service"],
  ["visit_frequency", "report.visits"],
  ["responsible", "report.responsible"],
  ["coverage", "report.coverage"],
];

export function settingsForm(s: ReportSettings, save: (company: string, playbook: Playbook | null) => void): HTMLElement {
  const company = h("input", { type: "text", id: "report-company", value: s.company, placeholder: t("report.companyPlaceholder") });
  const inputs = s.playbook.tiers.map((tier, i) => {
    const fields = FIELDS.map(([k]) => h("input", { type: "text", "data-tier": i, "data-field": k, value: tier[k] }));
    const actions = h("textarea", { rows: 3, "data-tier": i, "data-field": "actions" });
    actions.value = tier.actions.join("\n");
    return { fields, actions };
  });
  const collect = (): Playbook => ({
    tiers: inputs.map(({ fields, actions }) => ({
      service_model: fields[0].value.trim(),
      visit_frequency: fields[1].value.trim(),
      responsible: fields[2].value.trim(),
      coverage: fields[3].value.trim(),
      actions: actions.value.split("\n").map((a) => a.trim()).filter(Boolean),
    })) as Playbook["tiers"],
  });
  return h(
    "form",
    {
      class: "report-settings",
      id: "report-settings",
      onsubmit: (e: Event) => {
        e.preventDefault();
        save(company.value, collect());
      },
    },
    h("label", { class: "field" }, h("span", {}, t("report.company")), company),
    inputs.map(({ fields, actions }, i) =>
      h(
        "fieldset",
        {},
        h("legend", {}, t(`tier.${["A", "B", "C"][i]}` as Key)),
        FIELDS.map(([, label], j) => h("label", { class: "field" }, h("span", {}, t(label)), fields[j])),
        h("label", { class: "field" }, h("span", {}, t("report.actions")), actions),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "secondary", id: "playbook-defaults", onclick: () => save(company.value, null) }, t("report.defaults")),
      h("button", { type: "submit", class: "primary", id: "report-settings-save" }, t("report.saveSettings")),
    ),
  );
}

export class ReportTab {
  readonly el: HTMLElement;
  private page: HTMLElement;
  private settingsHost: HTMLElement;
  private body = "";
  private printButton: HTMLButtonElement;

  constructor(private deps: ReportDeps) {
    this.page = h("div", { class: "report-page", id: "report-preview" });
    this.settingsHost = h("div", { class: "report-settings-host", hidden: true });
    this.printButton = h("button", { class: "primary", id: "print-report", onclick: () => void this.print() }, t("report.print"));
    this.el = h(
      "section",
      { class: "report-tab" },
      h(
        "div",
        { class: "report-toolbar" },
        this.printButton,
        h("button", { class: "secondary", id: "save-report", onclick: () => this.deps.saveHtml() }, t("report.saveHtml")),
        h("button", { class: "link", id: "toggle-report-settings", onclick: () => void this.toggleSettings() }, t("report.settings")),
        h("span", { class: "muted", id: "print-hint" }, t(printHint(navigator.userAgent))),
      ),
      this.settingsHost,
      h("div", { class: "report-scroll" }, this.page),
    );
  }

  async load(): Promise<void> {
    try {
      this.body = await this.deps.preview();
      this.page.innerHTML = this.body;
    } catch (e) {
      this.deps.onError(e);
    }
  }

  /** Prints once at a time: the button waits until the print is over. */
  async print(): Promise<void> {
    if (!this.body || this.printButton.disabled) return;
    this.printButton.disabled = true;
    try {
      await this.deps.print();
    } finally {
      this.printButton.disabled = false;
    }
  }

  private async toggleSettings(): Promise<void> {
    if (!this.settingsHost.hidden) {
      this.settingsHost.hidden = true;
      return;
    }
    try {
      const s = await this.deps.settings();
      replace(
        this.settingsHost,
        settingsForm(s, (company, playbook) => {
          this.deps
            .saveSettings(company, playbook)
            .then(() => {
              this.settingsHost.hidden = true;
              return this.load();
            })
            .catch((e) => this.deps.onError(e));
        }),
      );
      this.settingsHost.hidden = false;
    } catch (e) {
      this.deps.onError(e);
    }
  }
}
