// The workspace: every import and run kept, tiering per period, deleting an
// import (asked first), comparing two runs, and a customer's own page.
import { api } from "../api";
import type { ComparisonView } from "../api/bindings/ComparisonView";
import type { CustomerRecord } from "../api/bindings/CustomerRecord";
import type { LedgerView } from "../api/bindings/LedgerView";
import type { WorkspaceView } from "../api/bindings/WorkspaceView";
import { replace } from "../dom";
import { clearError } from "../features/errors";
import { compareView } from "../features/history/compare";
import { confirmDialog } from "../features/history/confirm";
import { customerDialog } from "../features/history/customer";
import { workspaceView } from "../features/history/workspace";
import { lang, t } from "../i18n";
import { exportComparison } from "./files";
import type { Shell } from "./shell";

export async function showWorkspace(app: Shell, view?: WorkspaceView): Promise<void> {
  clearError(app.errors);
  const w = view ?? (await app.attempt(() => api.workspaceOverview(lang())));
  if (!w) return;
  replace(
    app.screen,
    workspaceView(w, {
      openRun: (r) => void openRun(app, r.id),
      tierPeriods: (l, per) =>
        void app.attempt(() => api.tierPeriods(l.id, per, lang())).then((v) => v && showWorkspace(app, v)),
      deleteLedger: (l) => confirmDelete(app, l),
      compare: (a, b) => void showCompare(app, [a, b]),
      back: () => app.back(),
      ...(app.info.team?.connected ? { moveDown: () => void app.moveToLocal() } : { moveUp: () => app.openTeam(true) }),
    }),
  );
}

function confirmDelete(app: Shell, l: LedgerView): void {
  const close = () => replace(app.modal);
  const remove = async () => {
    close();
    const out = await app.attempt(() => api.deleteLedger(l.id, lang()));
    if (!out) return;
    if (out.closed) {
      app.outcome = null;
      app.summary = null;
      app.renderHeader();
    }
    await showWorkspace(app, out.workspace);
  };
  replace(
    app.modal,
    confirmDialog(
      {
        id: "confirm-delete",
        title: t("confirm.deleteTitle", { file: l.file_name }),
        body: t("confirm.deleteBody", { rows: l.rows_imported.toLocaleString(), runs: l.runs }),
        confirm: t("confirm.delete"),
        cancel: t("confirm.cancel"),
      },
      () => void remove(),
      close,
    ),
  );
}

export async function openRun(app: Shell, runId: number): Promise<void> {
  clearError(app.errors);
  const outcome = await app.attempt(() => api.openRun(runId));
  if (outcome) app.showOutcome(outcome);
}

/** The comparison screen; without a pair, the two latest periods. */
export async function showCompare(app: Shell, pair: [number, number] | null): Promise<void> {
  clearError(app.errors);
  const w = await app.attempt(() => api.workspaceOverview(lang()));
  if (!w) return;
  const selected = pair ?? app.compared ?? w.pair;
  const valid = selected && w.runs.some((r) => r.id === selected[0]) && w.runs.some((r) => r.id === selected[1]) ? selected : w.pair;
  app.compared = valid;
  const actions = {
    pick: (a: number, b: number) => void showCompare(app, [a, b]),
    exportXlsx: () => void exportComparison(app),
    openCustomer: (id: string) => void openCustomer(app, id),
    back: () => app.back(),
  };
  replace(app.screen, compareView(w.runs, null, valid, actions));
  if (!valid || valid[0] === valid[1]) return;
  const c: ComparisonView | undefined = await app.attempt(() => api.compareRuns(valid[0], valid[1], lang()));
  if (c && app.compared === valid) replace(app.screen, compareView(w.runs, c, valid, actions));
}

export async function openCustomer(app: Shell, id: string): Promise<void> {
  const page = await app.attempt(() => api.customerPage(id));
  if (page) showCustomer(app, page, false);
}

function showCustomer(app: Shell, page: Awaited<ReturnType<typeof api.customerPage>>, saved: boolean): void {
  const close = () => replace(app.modal);
  replace(
    app.modal,
    customerDialog(
      page,
      {
        save: (rec: CustomerRecord) => void app.attempt(() => api.saveCustomer(rec)).then((p) => p && showCustomer(app, p, true)),
        close,
      },
      saved,
    ),
  );
}
