// The printable report: a preview on screen (the core renders it; the bundled
// report.css styles it exactly as the saved file), Print through the system
// dialog (which also saves PDF), Save as HTML, and the report settings: company
// name and the per-tier strategy playbook.
import type { Playbook } from "../api/bindings/Playbook";
import type { ReportSettings } from "../api/bindings/ReportSettings";
import { h, replace } from "../dom";
import { t, type Key } from "../i18n";

export interface ReportDeps {
  preview: () => Promise<string>;
  settings: () => Promise<ReportSettings>;
  saveSettings: (company: string, playbook: Playbook | null) => Promise<void>;
  saveHtml: () => void;
  onError: (e: unknown) => void;
}

/** Prints only the report: the page is swapped for it while the dialog is open. */
export function printReport(body: string): void {
  let root = document.getElementById("print-root");
  if (!root) {
    root = h("div", { id: "print-root" });
    document.body.appendChild(root);
  }
  root.innerHTML = body;
  document.body.classList.add("printing");
  const done = () => {
    document.body.classList.remove("printing");
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
  // Some webviews print synchronously and never fire afterprint.
  setTimeout(done, 1000);
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

  constructor(private deps: ReportDeps) {
    this.page = h("div", { class: "report-page", id: "report-preview" });
    this.settingsHost = h("div", { class: "report-settings-host", hidden: true });
    this.el = h(
      "section",
      { class: "report-tab" },
      h(
        "div",
        { class: "report-toolbar" },
        h("button", { class: "primary", id: "print-report", onclick: () => this.print() }, t("report.print")),
        h("button", { class: "secondary", id: "save-report", onclick: () => this.deps.saveHtml() }, t("report.saveHtml")),
        h("button", { class: "link", id: "toggle-report-settings", onclick: () => void this.toggleSettings() }, t("report.settings")),
        h("span", { class: "muted" }, t("report.printHint")),
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

  print(): void {
    if (this.body) printReport(this.body);
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
