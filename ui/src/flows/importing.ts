// Opening a ledger: pick or drop a file, preview the detected (or remembered)
// mapping, correct it, import with progress (cancellable).
import { api, pickLedger } from "../api";
import type { ImportOptions } from "../api/bindings/ImportOptions";
import type { InspectResult } from "../api/bindings/InspectResult";
import { replace } from "../dom";
import { clearError } from "../features/errors";
import { preview } from "../features/import/preview";
import { progress } from "../features/import/progress";
import { t } from "../i18n";
import type { Shell } from "./shell";

export async function pick(app: Shell): Promise<void> {
  const path = await app.attempt(() => pickLedger(app.info, t("dialog.ledgerFilter")));
  if (path) await open(app, path);
}

/** Opens a file: the mapping preview with the detected (or remembered) columns. */
export async function open(app: Shell, path: string): Promise<void> {
  clearError(app.errors);
  const r = await app.attempt(() => api.inspectLedger(path, null));
  if (!r) return;
  app.path = path;
  showPreview(app, r);
}

function showPreview(app: Shell, r: InspectResult): void {
  replace(
    app.screen,
    preview(r, {
      change: (o) => void reinspect(app, o),
      confirm: (o) => void runImport(app, o),
      cancel: () => app.back(),
    }),
  );
}

async function reinspect(app: Shell, options: ImportOptions): Promise<void> {
  const path = app.path;
  if (!path) return;
  const r = await app.attempt(() => api.inspectLedger(path, options));
  if (r) showPreview(app, r);
}

async function runImport(app: Shell, options: ImportOptions): Promise<void> {
  const path = app.path;
  if (!path) return;
  const file = path.split(/[\\/]/).pop() ?? path;
  const view = progress(file, () => void api.cancelImport());
  replace(app.screen, view.el);
  const outcome = await app.attempt(() => api.importLedger(path, options, (p) => view.update(p.rows)));
  if (outcome) app.showOutcome(outcome);
  else app.back();
}
