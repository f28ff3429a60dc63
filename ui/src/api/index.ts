// One typed wrapper over Tauri's invoke. Types come from Rust (./bindings).
// Tests replace the IPC with mockIPC from @tauri-apps/api/mocks.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { AppInfo } from "./bindings/AppInfo";
import type { PrintJobView } from "./bindings/PrintJobView";
import type { MoveOutcome } from "./bindings/MoveOutcome";
import type { TeamServer } from "./bindings/TeamServer";
import type { Charts } from "./bindings/Charts";
import type { ExportOutcome } from "./bindings/ExportOutcome";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { InspectResult } from "./bindings/InspectResult";
import type { IpcError } from "./bindings/IpcError";
import type { Lang } from "./bindings/Lang";
import type { WelcomeFacts } from "./bindings/WelcomeFacts";
import type { GroupChoices } from "./bindings/GroupChoices";
import type { AboutView } from "./bindings/AboutView";
import type { Unit } from "../format";
import type { Method } from "./bindings/Method";
import type { Page } from "./bindings/Page";
import type { PageQuery } from "./bindings/PageQuery";
import type { Playbook } from "./bindings/Playbook";
import type { ReportSettings } from "./bindings/ReportSettings";
import type { ReportView } from "./bindings/ReportView";
import type { Summary } from "./bindings/Summary";
import type { Tier } from "./bindings/Tier";
import type { TierPolicy } from "./bindings/TierPolicy";
import type { ComparisonView } from "./bindings/ComparisonView";
import type { CustomerPage } from "./bindings/CustomerPage";
import type { CustomerRecord } from "./bindings/CustomerRecord";
import type { DeleteOutcome } from "./bindings/DeleteOutcome";
import type { Granularity } from "./bindings/Granularity";
import type { WorkspaceView } from "./bindings/WorkspaceView";

import { t } from "../i18n";

export const LEDGER_EXTENSIONS = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"];

/** True for the `{code, params, message}` errors commands reject with. */
export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Any thrown value as an IpcError (a dialog failure, a bug): the window's own
 * words, with the raw text kept as a parameter only. */
export function asIpcError(e: unknown): IpcError {
  if (isIpcError(e)) return e;
  return { code: "app.internal", params: { detail: String(e) }, message: t("error.app.internal") };
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  setLanguage: (lang: Lang) => invoke<void>("set_language", { lang }),
  connectTeam: (server: TeamServer, password: string) => invoke<AppInfo>("connect_team", { server, password }),
  useLocalWorkspace: () => invoke<AppInfo>("use_local_workspace"),
  moveToTeam: (server: TeamServer, password: string) => invoke<MoveOutcome>("move_to_team", { server, password }),
  moveToLocal: () => invoke<MoveOutcome>("move_to_local"),
  inspectLedger: (path: string, options: ImportOptions | null) =>
    invoke<InspectResult>("inspect_ledger", { path, options }),
  importLedger: (path: string, options: ImportOptions, onProgress: (p: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return invoke<ImportOutcome>("import_ledger", { path, options, onProgress: channel });
  },
  cancelImport: () => invoke<void>("cancel_import"),
  policyPreset: (method: Method) => invoke<TierPolicy>("policy_preset", { method }),
  applyPolicy: (policy: TierPolicy) => invoke<Summary>("apply_policy", { policy }),
  currentSummary: () => invoke<Summary>("current_summary"),
  loadPolicy: (path: string) => invoke<Summary>("load_policy", { path }),
  savePolicy: (path: string) => invoke<void>("save_policy", { path }),
  tablePage: (query: PageQuery) => invoke<Page>("table_page", { query }),
  groupChoices: () => invoke<GroupChoices>("group_choices"),
  setNeeds: (customer: string, text: string) => invoke<void>("set_needs", { customer, text }),
  setOverride: (customer: string, tier: Tier | null, reason: string) =>
    invoke<Summary>("set_override", { customer, tier, reason }),
  charts: (lang: Lang, rfmByCount = false) => invoke<Charts>("charts", { lang, rfmByCount }),
  reportPreview: (lang: Lang) => invoke<ReportView>("report_preview", { lang }),
  saveReportHtml: (path: string, lang: Lang) => invoke<void>("save_report_html", { path, lang }),
  printReport: (lang: Lang, suggested: string) => invoke<void>("print_report", { lang, suggested }),
  // The print window's side (ui/src/print/main.ts).
  printJob: () => invoke<PrintJobView>("print_job"),
  printReady: (pages: number) => invoke<void>("print_ready", { pages }),
  printFailed: (detail: string) => invoke<void>("print_failed", { detail }),
  reportSettings: (lang: Lang) => invoke<ReportSettings>("report_settings", { lang }),
  setReportSettings: (company: string, playbook: Playbook | null) => invoke<void>("set_report_settings", { company, playbook }),
  exportWorkbook: (path: string, lang: Lang, unit: Unit) => invoke<ExportOutcome>("export_workbook", { path, lang, unit }),
  revealInFolder: (path: string) => invoke<void>("reveal_in_folder", { path }),
  openExported: (path: string) => invoke<void>("open_exported", { path }),
  takeOpenedFile: () => invoke<string | null>("take_opened_file"),
  welcomeFacts: (lang: Lang) => invoke<WelcomeFacts>("welcome_facts", { lang }),
  about: () => invoke<AboutView>("about"),
  openLogFolder: () => invoke<void>("open_log_folder"),
  workspaceOverview: (lang: Lang) => invoke<WorkspaceView>("workspace_overview", { lang }),
  openRun: (runId: number) => invoke<ImportOutcome>("open_run", { runId }),
  tierPeriods: (ledgerId: number, per: Granularity, lang: Lang) => invoke<WorkspaceView>("tier_periods", { ledgerId, per, lang }),
  deleteLedger: (ledgerId: number, lang: Lang) => invoke<DeleteOutcome>("delete_ledger", { ledgerId, lang }),
  compareRuns: (before: number, after: number, lang: Lang) => invoke<ComparisonView>("compare_runs", { before, after, lang }),
  exportComparison: (before: number, after: number, path: string, lang: Lang) =>
    invoke<ExportOutcome>("export_comparison", { before, after, path, lang }),
  customerPage: (customer: string) => invoke<CustomerPage>("customer_page", { customer }),
  saveCustomer: (record: CustomerRecord) => invoke<CustomerPage>("save_customer", { record }),
};

let testPicks = 0;

/** The open dialog, or the test hooks' paths in turn when end-to-end tests run. */
export async function pickLedger(info: AppInfo, filterName: string): Promise<string | null> {
  if (info.test_ledgers.length) return info.test_ledgers[testPicks++ % info.test_ledgers.length];
  const picked = await open({ multiple: false, directory: false, filters: [{ name: filterName, extensions: LEDGER_EXTENSIONS }] });
  return typeof picked === "string" ? picked : null;
}

/** Open or save dialogs for policy files (JSON). */
export async function pickPolicy(mode: "open" | "save", filterName: string, defaultPath: string): Promise<string | null> {
  const filters = [{ name: filterName, extensions: ["json"] }];
  if (mode === "save") return (await save({ defaultPath, filters })) ?? null;
  const picked = await open({ multiple: false, directory: false, filters });
  return typeof picked === "string" ? picked : null;
}

/** The save dialog, or the test hook's path (with the extension asked for). */
export async function pickSavePath(info: AppInfo, filterName: string, defaultPath: string, extension = "xlsx"): Promise<string | null> {
  if (info.test_save) return info.test_save.replace(/\.[^./\\]+$/, "") + "." + extension;
  const picked = await save({ defaultPath, filters: [{ name: filterName, extensions: [extension] }] });
  return picked ?? null;
}
