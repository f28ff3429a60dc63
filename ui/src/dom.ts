// A tiny element builder: h("div", { class: "x", onclick }, child, "text").
// Text is always set as text, never parsed as HTML.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v as EventListener);
    } else if (k === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(v);
    } else if (k === "checked" && "checked" in el) {
      (el as HTMLInputElement).checked = Boolean(v);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

/** Where the focus is inside `host`, as a selector that finds the same control
 * after `host` is drawn again (its id, or its data-sort / data-tier key). */
export function focusKey(host: Element): string | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || !host.contains(el)) return null;
  const quoted = (v: string) => `"${v.replace(/["\\]/g, "\\$&")}"`;
  // A control in a table row: the same control of the same customer's row.
  const row = el.closest("[data-id]");
  const action = el.getAttribute("data-action");
  if (row && action) return `[data-id=${quoted(row.getAttribute("data-id") ?? "")}] [data-action=${quoted(action)}]`;
  for (const attr of ["id", "data-sort", "data-tier", "data-segment"]) {
    const v = el.getAttribute(attr);
    if (v) return `[${attr}=${quoted(v)}]`;
  }
  return null;
}

/** Redraws `host` with `draw`, the keyboard focus staying on the same control
 * (a method changed, a column sorted): a redraw must not send a keyboard user
 * back to the top of the window. */
export function keepingFocus(host: Element, draw: () => void): void {
  const key = focusKey(host);
  draw();
  if (key) (host.querySelector(key) as HTMLElement | null)?.focus();
}

/** Focuses what `selector` finds once it is drawn (a row after the table
 * reloaded), trying for about a second; used to hand the focus back to what
 * opened a dialog. */
export function focusWhenShown(selector: string, fallback?: string, tries = 20): void {
  const el = document.querySelector(selector) as HTMLElement | null;
  if (el) el.focus();
  else if (tries > 0) setTimeout(() => focusWhenShown(selector, fallback, tries - 1), 50);
  else if (fallback) (document.querySelector(fallback) as HTMLElement | null)?.focus();
}
