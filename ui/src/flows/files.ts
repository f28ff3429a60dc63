// Writing files the user asked for: the tier workbook, the report as HTML,
// the comparison workbook; then a notice with the way to the folder.
import { api, pickSavePath } from "../api";
import { h, replace } from "../dom";
import { amountUnit } from "../format";
import { lang, t } from "../i18n";
import type { Shell } from "./shell";

/** Where the save dialog starts: the ledger's folder, with a name that says
 * the period (客户分级管理表_2025年.xlsx), as a clerk would name it. */
export function suggestedPath(defaultName: string, runLabel: string | null | undefined, ledgerPath: string | null): string {
  const dot = defaultName.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [defaultName.slice(0, dot), defaultName.slice(dot)] : [defaultName, ""];
  const label = (runLabel ?? "").replace(/[\\/:*?"<>|]+/g, "-").replace(/\s+/g, "");
  const name = label ? `${stem}_${label}${ext}` : defaultName;
  const cut = ledgerPath ? Math.max(ledgerPath.lastIndexOf("/"), ledgerPath.lastIndexOf("\\")) : -1;
  return ledgerPath && cut > 0 ? `${ledgerPath.slice(0, cut + 1)}${name}` : name;
}

export async function exportWorkbook(app: Shell): Promise<void> {
  const suggested = suggestedPath(t("dialog.defaultExport"), app.summary?.run_label, app.path);
  const path = await app.attempt(() => pickSavePath(app.info, t("dialog.workbookFilter"), suggested));
  if (!path) return;
  // The tier table's amounts in the unit the window shows them in.
  const out = await app.attempt(() => api.exportWorkbook(path, lang(), amountUnit()));
  if (out) app.showToast(out.path);
}

export async function saveReportHtml(app: Shell): Promise<void> {
  const suggested = suggestedPath(t("dialog.defaultReport"), app.summary?.run_label, app.path);
  const path = await app.attempt(() => pickSavePath(app.info, t("dialog.htmlFilter"), suggested, "html"));
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
      reveal ? h("button", { class: "link", id: "open-exported", onclick: () => void app.attempt(() => api.openExported(path)) }, t("export.openFile")) : null,
      reveal ? h("button", { class: "link", id: "reveal", onclick: () => void app.attempt(() => api.revealInFolder(path)) }, t("export.openFolder")) : null,
      h("button", { class: "link", onclick: dismiss }, t("toast.close")),
    ),
  );
}

