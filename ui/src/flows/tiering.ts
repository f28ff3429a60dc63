// Changing how customers are tiered: the method panel's policy, a policy
// file loaded or saved, and one customer's manual tier.
import { api, pickPolicy } from "../api";
import type { RowView } from "../api/bindings/RowView";
import type { Summary } from "../api/bindings/Summary";
import type { Tier } from "../api/bindings/Tier";
import type { TierPolicy } from "../api/bindings/TierPolicy";
import { replace } from "../dom";
import { clearError } from "../features/errors";
import { overrideDialog } from "../features/table/override";
import { t } from "../i18n";
import type { Shell } from "./shell";

/** Re-tiers under `p`; returns the new summary (or undefined when refused). */
export async function applyPolicy(app: Shell, p: TierPolicy): Promise<Summary | undefined> {
  const s = await app.attempt(() => api.applyPolicy(p));
  if (!s) return undefined;
  app.summary = s;
  clearError(app.errors);
  app.refreshMain(false);
  return s;
}

/** Loads a policy file; returns the new summary. */
export async function loadPolicy(app: Shell): Promise<Summary | undefined> {
  const path = await app.attempt(() => pickPolicy("open", t("dialog.policyFilter"), ""));
  if (!path) return undefined;
  const s = await app.attempt(() => api.loadPolicy(path));
  if (!s) return undefined;
  app.summary = s;
  app.refreshMain(false);
  return s;
}

export async function savePolicy(app: Shell): Promise<void> {
  const path = await app.attempt(() => pickPolicy("save", t("dialog.policyFilter"), t("dialog.defaultPolicy")));
  if (path) await app.attempt(() => api.savePolicy(path));
}

export function openOverride(app: Shell, row: RowView): void {
  const close = () => replace(app.modal);
  const set = async (tier: Tier | null, reason: string) => {
    const s = await app.attempt(() => api.setOverride(row.id, tier, reason));
    if (!s) return;
    close();
    app.summary = s;
    app.refreshMain(true);
  };
  replace(
    app.modal,
    overrideDialog(row, {
      save: (tier, reason) => void set(tier, reason),
      undo: () => void set(null, ""),
      close,
    }),
  );
}
