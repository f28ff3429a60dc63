// The first screen: drop a ledger, pick one, or open the bundled sample.
import { h } from "../dom";
import { t } from "../i18n";

export interface WelcomeActions {
  sample: string | null;
  openSample: () => void;
  pick: () => void;
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
    ),
  );
}
