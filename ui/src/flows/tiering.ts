// Changing how customers are tiered: the method panel's policy, a policy
// file loaded or saved, and one customer's manual tier.
import { api, pickPolicy } from "../api";
import type { RowView } from "../api/bindings/RowView";
import type { Summary } from "../api/bindings/Summary";
import type { Tier } from "../api/bindings/Tier";
import type { TierPolicy } from "../api/bindings/TierPolicy";
import { focusWhenShown, replace } from "../dom";
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
  // Closing hands the focus back to the customer's tier badge (drawn anew).
  const close = () => {
    replace(app.modal);
    // (A customer moved out of the filtered tier: the filter, then.)
    focusWhenShown(`.trow[data-id="${row.id.replace(/["\\]/g, "\\$&")}"] [data-action="override"]`, '#tier-table .filter[aria-selected="true"]');
  };
  // What Ctrl+Z puts back: the manual tier the customer had, or none.
  const before: [Tier | null, string] = row.override_reason !== null ? [row.tier, row.override_reason] : [null, ""];
  const set = async (tier: Tier | null, reason: string) => {
    if (!(await applyOverride(app, row.id, tier, reason))) return;
    close();
    app.undo.push({ label: t("undo.override", { name: row.name }), run: () => applyOverride(app, row.id, ...before) });
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

/** Sets (or, with `tier` null, undoes) a manual tier and shows the re-tiered run. */
async function applyOverride(app: Shell, customer: string, tier: Tier | null, reason: string): Promise<boolean> {
  const s = await app.attempt(() => api.setOverride(customer, tier, reason));
  if (!s) return false;
  app.summary = s;
  app.refreshMain(true);
  return true;
}

/** Sets a customer's 需求和行为模式 text, remembering the one before for Ctrl+Z. */
export async function setNeeds(app: Shell, customer: string, name: string, text: string, before: string): Promise<void> {
  await api.setNeeds(customer, text);
  app.undo.push({
    label: t("undo.needs", { name }),
    run: async () => {
      const done = await app.attempt(async () => (await api.setNeeds(customer, before), true));
      if (!done) return false;
      app.refreshMain(true);
      return true;
    },
  });
}
