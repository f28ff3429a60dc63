// The manual-tier dialog: a new tier and a required reason; or undo.
import type { RowView } from "../../api/bindings/RowView";
import type { Tier } from "../../api/bindings/Tier";
import { h } from "../../dom";
import { t, type Key } from "../../i18n";
import { modal } from "../modal";

export interface OverrideActions {
  save: (tier: Tier, reason: string) => void;
  undo: () => void;
  close: () => void;
}

export function overrideDialog(row: RowView, a: OverrideActions): HTMLElement {
  const select = h(
    "select",
    { id: "override-tier" },
    (["A", "B", "C"] as Tier[]).map((x) => h("option", { value: x, selected: x === row.tier }, t(`tier.${x}` as Key))),
  );
  const hint = h("p", { class: "problem", id: "override-hint", hidden: true }, t("override.reasonRequired"));
  const reason = h("textarea", { id: "override-reason", rows: 3, placeholder: t("override.reasonPlaceholder") });
  reason.value = row.override_reason ?? "";
  reason.addEventListener("input", () => {
    if (reason.value.trim()) hint.hidden = true;
  });
  const submit = () => {
    if (!reason.value.trim()) {
      hint.hidden = false;
      reason.focus();
      return;
    }
    a.save(select.value as Tier, reason.value.trim());
  };
  const dialog = modal(
    { id: "override-dialog", close: a.close, onKey: (e) => e.key === "Enter" && e.ctrlKey && submit() },
    h("h3", {}, t("override.heading", { name: row.name })),
    h("label", {}, t("override.tier"), " ", select),
    h("label", { class: "block" }, t("override.reason"), reason),
    hint,
    h(
      "div",
      { class: "actions" },
      row.override_reason ? h("button", { class: "secondary", id: "override-undo", onclick: a.undo }, t("override.undo")) : null,
      h("button", { class: "secondary", onclick: a.close }, t("override.cancel")),
      h("button", { class: "primary", id: "override-save", onclick: submit }, t("override.save")),
    ),
  );
  queueMicrotask(() => reason.focus());
  return dialog;
}
