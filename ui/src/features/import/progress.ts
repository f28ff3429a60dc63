// The import in progress: rows read so far and a Cancel button.
import { h } from "../../dom";
import { grouped } from "../../format";
import { t } from "../../i18n";

export interface ProgressView {
  el: HTMLElement;
  update: (rows: number) => void;
}

export function progress(file: string, onCancel: () => void): ProgressView {
  const count = h("p", { class: "progress-count", id: "progress-count" }, t("progress.rows", { rows: 0 }));
  const bar = h("div", { class: "progress-bar indeterminate" }, h("div", { class: "progress-fill" }));
  const el = h(
    "section",
    { class: "progress", "data-screen": "progress" },
    h("h2", {}, t("progress.heading", { file })),
    bar,
    count,
    h("button", { class: "secondary", id: "cancel-import", onclick: onCancel }, t("progress.cancel")),
  );
  return {
    el,
    update: (rows: number) => {
      count.textContent = t("progress.rows", { rows: grouped(rows) });
    },
  };
}
