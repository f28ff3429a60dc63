// Writing files the user asked for: the tier workbook, the report as HTML,
// the comparison workbook; then a notice with the way to the folder.
import { api, pickSavePath } from "../api";
import { h, replace } from "../dom";
import { lang, t } from "../i18n";
import type { Shell } from "./shell";

export async function exportWorkbook(app: Shell): Promise<void> {
  const path = await app.attempt(() => pickSavePath(app.info, t("dialog.workbookFilter"), t("dialog.defaultExport")));
  if (!path) return;
  const out = await app.attempt(() => api.exportWorkbook(path, lang()));
  if (out) app.showToast(out.path);
}

export async function saveReportHtml(app: Shell): Promise<void> {
  const path = await app.attempt(() => pickSavePath(app.info, t("dialog.htmlFilter"), t("dialog.defaultReport"), "html"));
  if (!path) return;
  const saved = await app.attempt(async () => {
    await api.saveReportHtml(path, lang());
    return true;
  });
  if (saved) app.showToast(path, false);
}

export async function exportComparison(app: Shell): Promise<void> {
  const pair = app.compared;
  if (!pair) return;
  const path = await app.attempt(() => pickSavePath(app.info, t("dialog.workbookFilter"), t("dialog.defaultComparison")));
  if (!path) return;
  const out = await app.attempt(() => api.exportComparison(pair[0], pair[1], path, lang()));
  if (out) app.showToast(out.path);
}

/** The notice after a save, with the way to the file's folder. */
export function toast(app: Shell, host: HTMLElement, path: string, reveal: boolean, dismiss: () => void): void {
  replace(
    host,
    h(
      "div",
      { class: "toast", id: "export-toast" },
      h("span", {}, t("export.done", { path })),
      reveal ? h("button", { class: "link", id: "reveal", onclick: () => void app.attempt(() => api.revealInFolder(path)) }, t("export.openFolder")) : null,
      h("button", { class: "link", onclick: dismiss }, t("toast.close")),
    ),
  );
}

