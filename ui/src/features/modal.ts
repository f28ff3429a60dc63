// The shell every dialog shares: a backdrop, a modal box that Escape closes,
// Tab kept inside it (a focus trap, so the page behind is never reached), and
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
          else if (k.key === "Tab") trapTab(k);
          else o.onKey?.(k);
        },
      },
      children,
    ),
  );
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function trapTab(e: KeyboardEvent): void {
  const box = e.currentTarget as HTMLElement;
  const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) return;
  const [first, last] = [items[0], items[items.length - 1]];
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !box.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !box.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}
