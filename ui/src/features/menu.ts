// The app's own context menu, in place of WebKit's browser menu (whose
// “Reload” dropped the user back to the welcome screen). Keyboard: arrows move,
// Enter chooses, Escape closes; a click anywhere else closes it.
import { h } from "../dom";

export interface MenuItem {
  id: string;
  label: string;
  action: () => void;
}

let open: HTMLElement | null = null;

export function closeMenu(): void {
  open?.remove();
  open = null;
}

/** Shows `items` at (x, y), kept inside the window. */
export function showMenu(x: number, y: number, items: MenuItem[]): HTMLElement {
  closeMenu();
  const buttons = items.map((it) =>
    h(
      "button",
      {
        class: "menu-item",
        role: "menuitem",
        id: `menu-${it.id}`,
        onclick: () => {
          closeMenu();
          it.action();
        },
      },
      it.label,
    ),
  );
  const menu = h("div", { class: "context-menu", role: "menu", id: "context-menu" }, buttons);
  menu.addEventListener("keydown", (e) => {
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") closeMenu();
    else if (e.key === "ArrowDown") buttons[(i + 1) % buttons.length]?.focus();
    else if (e.key === "ArrowUp") buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
  });
  document.body.appendChild(menu);
  const w = menu.offsetWidth || 180;
  const hgt = menu.offsetHeight || items.length * 32;
  menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - w - 4))}px`;
  menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - hgt - 4))}px`;
  open = menu;
  buttons[0]?.focus();
  setTimeout(() => document.addEventListener("mousedown", outside, { once: true }), 0);
  return menu;
}

function outside(e: MouseEvent): void {
  if (open && !open.contains(e.target as Node)) closeMenu();
  else if (open) document.addEventListener("mousedown", outside, { once: true });
}

/** Whether the browser's own menu is the right one (text fields: cut, copy, paste). */
export function nativeMenuWanted(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && !["button", "checkbox", "radio"].includes((el as HTMLInputElement).type)));
}
