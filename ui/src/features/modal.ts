// The shell every dialog shares: a backdrop, a modal box that Escape closes, and
// optional extra keys (Ctrl+Enter to save, for instance).
import { h, type Child } from "../dom";

export interface ModalOptions {
  /** Element id of the backdrop (tests and e2e find dialogs by it). */
  id: string;
  /** Escape calls this. */
  close: () => void;
  /** `alertdialog` for confirmations. */
  role?: "dialog" | "alertdialog";
  /** A wider box for pages with tables. */
  wide?: boolean;
  /** Other keys. */
  onKey?: (e: KeyboardEvent) => void;
}

export function modal(o: ModalOptions, ...children: Child[]): HTMLElement {
  return h(
    "div",
    { class: "modal-backdrop", id: o.id },
    h(
      "div",
      {
        class: o.wide ? "modal wide-modal" : "modal",
        role: o.role ?? "dialog",
        "aria-modal": "true",
        onkeydown: (e: Event) => {
          const k = e as KeyboardEvent;
          if (k.key === "Escape") o.close();
          else o.onKey?.(k);
        },
      },
      children,
    ),
  );
}
