// A confirmation dialog for actions that cannot be undone. Escape cancels; the
// safe choice has the focus.
import { h } from "../../dom";
import { modal } from "../modal";

export interface ConfirmText {
  id: string;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
}

export function confirmDialog(text: ConfirmText, onConfirm: () => void, onCancel: () => void): HTMLElement {
  const cancel = h("button", { class: "secondary", id: `${text.id}-cancel`, onclick: onCancel }, text.cancel);
  const dialog = modal(
    { id: text.id, close: onCancel, role: "alertdialog" },
    h("h3", {}, text.title),
    h("p", {}, text.body),
    h("div", { class: "actions" }, cancel, h("button", { class: "danger", id: `${text.id}-ok`, onclick: onConfirm }, text.confirm)),
  );
  queueMicrotask(() => cancel.focus());
  return dialog;
}
