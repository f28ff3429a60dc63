// Lays the report out in page-sized sheets, so every engine prints the same
// pages: WebKitGTK has no @page margin boxes (no page numbers) and breaks
// where it likes (a chart cut in two), so the pages are made here and each
// sheet carries its own footer.
//
// The rule is the printed book's: fill a sheet until the next piece does not
// fit. A table is split between rows, its header repeated; a heading goes
// with what follows it; what the stylesheet keeps whole (figures, a tier's
// playbook, a row) moves to the next sheet whole; a section that the
// stylesheet starts on a new page starts a new sheet. Measuring is the
// caller's (`Sheets`), so the rules are tested without a layout engine.

/** Where the sheets are made and how they are measured. */
export interface Sheets {
  /** A new empty sheet, in the document; returns the box its content goes in. */
  add(): HTMLElement;
  /** Whether what is in the box is taller than the box. */
  overflows(box: HTMLElement): boolean;
  /** Whether the report's stylesheet starts `el` on a new page. */
  breaksBefore(el: Element): boolean;
  /** Whether the stylesheet keeps `el` whole on one page. */
  keptWhole(el: Element): boolean;
}

const HEADINGS = new Set(["H1", "H2", "H3", "H4", "H5", "H6"]);
/** A table's parts that every piece of it repeats. */
const REPEATED = new Set(["CAPTION", "COLGROUP", "THEAD"]);

/** Lays `report`'s children out in sheets; returns the sheets' content boxes. */
export function paginate(report: Element, sheets: Sheets): HTMLElement[] {
  return new Paginator(sheets).run(report);
}

class Paginator {
  private boxes: HTMLElement[] = [];
  /** The source elements being split, outermost first, and their copies on the current sheet. */
  private open: Element[] = [];
  private shells: Element[] = [];
  /** Copies that only repeat a table's header: not content of their own. */
  private repeated = new WeakSet<Node>();
  /** Pieces placed on the current sheet. */
  private placed = 0;

  constructor(private sheets: Sheets) {}

  run(report: Element): HTMLElement[] {
    this.newSheet();
    for (const child of Array.from(report.childNodes)) this.place(child);
    return this.boxes;
  }

  private get box(): HTMLElement {
    return this.boxes[this.boxes.length - 1];
  }

  /** Where the next piece goes: the innermost open copy, or the sheet. */
  private get here(): Element {
    return this.shells[this.shells.length - 1] ?? this.box;
  }

  private fits(): boolean {
    return !this.sheets.overflows(this.box);
  }

  private place(node: Node): void {
    if (!(node instanceof Element)) {
      if ((node.textContent ?? "").trim()) this.here.append(node.cloneNode(true));
      return;
    }
    if (this.placed > 0 && this.sheets.breaksBefore(node)) this.nextSheet();
    if (this.splitsFreely(node)) return this.split(node);
    const copy = node.cloneNode(true) as Element;
    this.here.append(copy);
    if (this.fits()) return void this.placed++;
    copy.remove();
    if (this.placed > 0) {
      this.nextSheet();
      this.here.append(copy);
      if (this.fits()) return void this.placed++;
      copy.remove();
    }
    // Taller than a whole sheet: split it after all, if it has parts.
    if (node.children.length > 0 && !node.matches("tr, figure, svg")) return this.split(node);
    this.here.append(copy);
    this.placed++;
  }

  /** Sections and tables fill the rest of a sheet before going on to the next. */
  private splitsFreely(el: Element): boolean {
    if (el.tagName === "TABLE" || el.tagName === "TBODY") return true;
    return this.open.length === 0 && !this.sheets.keptWhole(el);
  }

  private split(el: Element): void {
    this.open.push(el);
    this.shells.push(this.here.appendChild(this.shell(el)));
    for (const child of Array.from(el.childNodes)) {
      if (el.tagName === "TABLE" && child instanceof Element && REPEATED.has(child.tagName)) continue;
      this.place(child);
    }
    this.open.pop();
    const shell = this.shells.pop();
    if (shell && !this.hasContent(shell)) shell.remove();
  }

  /** An empty copy of `el` to fill; a table's copy repeats its header. */
  private shell(el: Element): Element {
    const copy = el.cloneNode(false) as Element;
    if (el.tagName === "TABLE") {
      for (const part of Array.from(el.children)) {
        if (!REPEATED.has(part.tagName)) continue;
        const repeat = part.cloneNode(true);
        this.repeated.add(repeat);
        copy.append(repeat);
      }
    }
    return copy;
  }

  private hasContent(el: Element): boolean {
    return Array.from(el.childNodes).some((n) => (n instanceof Element ? this.isContent(n) : (n.textContent ?? "").trim() !== ""));
  }

  /** Not a repeated header, nor a copy still waiting for its first piece. */
  private isContent(el: Element): boolean {
    return !this.repeated.has(el) && !(this.shells.includes(el) && !this.hasContent(el));
  }

  /** Starts the next sheet, where the open sections and tables go on; a
   * heading left last on the sheet goes along with what it heads. */
  private nextSheet(): void {
    const carried = this.headingsToCarry();
    for (let i = this.shells.length - 1; i >= 0; i--) {
      if (!this.hasContent(this.shells[i])) this.shells[i].remove();
    }
    this.newSheet();
    const shells: Element[] = [];
    for (const el of this.open) shells.push((shells[shells.length - 1] ?? this.box).appendChild(this.shell(el)));
    this.shells = shells;
    if (!carried) return;
    const [level, headings] = carried;
    const host = level < 0 ? this.box : this.shells[level];
    // Before the copies that go on inside it: the headings came first.
    const before = this.shells[level + 1] ?? null;
    for (const heading of headings) host.insertBefore(heading, before);
    this.placed += headings.length;
  }

  /** The headings last in the innermost copy that has content, unless they are all the sheet holds. */
  private headingsToCarry(): [number, Element[]] | null {
    for (let level = this.shells.length - 1; level >= -1; level--) {
      const host = level < 0 ? this.box : this.shells[level];
      if (!this.hasContent(host)) continue;
      const content = Array.from(host.children).filter((c) => this.isContent(c));
      const headings: Element[] = [];
      while (content.length > 0 && HEADINGS.has(content[content.length - 1].tagName)) headings.unshift(content.pop() as Element);
      if (headings.length === 0 || headings.length >= this.placed) return null;
      for (const h of headings) h.remove();
      return [level, headings];
    }
    return null;
  }

  private newSheet(): void {
    this.boxes.push(this.sheets.add());
    this.placed = 0;
  }
}
