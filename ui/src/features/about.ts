// 帮助 → 关于 (F1): the version, the workspace in use and the log folder —
// what support asks for when a clerk calls.
import type { AboutView } from "../api/bindings/AboutView";
import { h } from "../dom";
import { t } from "../i18n";
import { modal } from "./modal";

export interface AboutActions {
  close: () => void;
  openLogFolder: () => void;
}

export function aboutDialog(a: AboutView, act: AboutActions): HTMLElement {
  const row = (label: string, value: string | null, id: string) =>
    h("div", { class: "field" }, h("span", { class: "muted" }, label), h("code", { id, class: "about-value" }, value ?? t("about.none")));
  return modal(
    { id: "about-dialog", close: act.close },
    h("h3", {}, t("app.title")),
    row(t("about.version"), a.version, "about-version"),
    row(t("about.workspace"), a.workspace, "about-workspace"),
    row(t("about.log"), a.log_dir, "about-log"),
    h(
      "div",
      { class: "actions" },
      a.log_dir ? h("button", { class: "secondary", id: "about-open-log", onclick: act.openLogFolder }, t("about.openLog")) : null,
      h("button", { class: "primary", id: "about-close", onclick: act.close }, t("toast.close")),
    ),
  );
}
