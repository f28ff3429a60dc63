// The first screen: drop a ledger, pick one, or open the bundled sample; after
// the first day also "continue with the last run" and the ledgers imported
// lately, so a restart does not start over.
import type { WelcomeFacts } from "../api/bindings/WelcomeFacts";
import { h, replace } from "../dom";
import { when } from "./history/workspace";
import { t } from "../i18n";

export interface WelcomeActions {
  sample: string | null;
  openSample: () => void;
  pick: () => void;
  /** Opens a saved run. */
  openRun?: (id: number) => void;
  /** Opens a ledger by its path (a recent one). */
  openPath?: (path: string) => void;
}

export function welcome(a: WelcomeActions): HTMLElement {
  return h(
    "section",
    { class: "welcome", "data-screen": "welcome" },
    h(
      "div",
      { class: "dropzone", id: "dropzone" },
      h("div", { class: "drop-icon", "aria-hidden": "true" }, "⇩"),
      h("h1", {}, t("welcome.heading")),
      h("p", { class: "lead" }, t("welcome.lead")),
      h(
        "div",
        { class: "actions" },
        a.sample
          ? h("button", { class: "primary", id: "open-sample", onclick: a.openSample }, t("welcome.sample"))
          : null,
        h("button", { class: a.sample ? "secondary" : "primary", id: "pick-file", onclick: a.pick }, t("welcome.pick")),
      ),
      a.sample ? h("p", { class: "hint" }, t("welcome.sampleHint")) : null,
      h("div", { class: "welcome-more", id: "welcome-more" }),
    ),
  );
}

/** Adds what the welcome knows of earlier days: the run to continue with and
 * the recent ledgers (moved or deleted ones listed, not offered). */
export function showWelcomeFacts(screen: HTMLElement, f: WelcomeFacts, a: WelcomeActions): void {
  const host = screen.querySelector("#welcome-more");
  if (!host || (!f.last_run && !f.recent.length)) return;
  const last = f.last_run;
  replace(
    host as HTMLElement,
    last && a.openRun
      ? h(
          "div",
          { class: "continue" },
          h(
            "button",
            { class: "primary", id: "continue-run", onclick: () => a.openRun?.(last.id) },
            t("welcome.continue", { label: last.label, file: last.file_name }),
          ),
          h("span", { class: "hint" }, t("welcome.savedAt", { when: when(last.created_at) })),
        )
      : null,
    f.recent.length && a.openPath
      ? h(
          "div",
          { class: "recent" },
          h("h2", {}, t("welcome.recent")),
          h(
            "ul",
            { id: "recent-ledgers" },
            f.recent.map((r) =>
              h(
                "li",
                {},
                r.exists
                  ? h("button", { class: "link", title: r.path, "data-path": r.path, onclick: () => a.openPath?.(r.path) }, r.name)
                  : h("span", { class: "muted", title: r.path }, `${r.name}（${t("welcome.missing")}）`),
                h("span", { class: "hint" }, r.folder),
              ),
            ),
          ),
        )
      : null,
  );
  // With a run to go on with, the sample steps back.
  if (last) screen.querySelector("#open-sample")?.classList.replace("primary", "secondary");
}
