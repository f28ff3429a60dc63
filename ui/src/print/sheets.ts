// The print window's sheets in the real document: A4 boxes (print.css) that
// the paginator fills, measured by the layout engine, and their footers.
import { t } from "../i18n";
import type { Sheets } from "./paginate";

/** Sheets appended to `host`, each a copy of `report`'s frame (class and
 * language, so the report's stylesheet applies) above a footer. */
export function domSheets(host: HTMLElement, report: Element): Sheets {
  return {
    add() {
      const sheet = document.createElement("div");
      sheet.className = "sheet";
      const box = document.createElement("div");
      box.className = `sheet-body ${report.className}`;
      const lang = report.getAttribute("lang");
      if (lang) box.setAttribute("lang", lang);
      const footer = document.createElement("footer");
      footer.className = "sheet-footer";
      sheet.append(box, footer);
      host.append(sheet);
      return box;
    },
    overflows: (box) => box.scrollHeight > box.clientHeight + 1,
    breaksBefore(el) {
      const s = getComputedStyle(el);
      return s.breakBefore === "page" || s.pageBreakBefore === "always";
    },
    keptWhole(el) {
      const s = getComputedStyle(el);
      return s.breakInside === "avoid" || s.pageBreakInside === "avoid";
    },
  };
}

/** Writes 第 n 页，共 N 页 under each sheet. */
export function numberPages(boxes: HTMLElement[]): void {
  boxes.forEach((box, i) => {
    const footer = box.parentElement?.querySelector(".sheet-footer");
    if (footer) footer.textContent = t("print.footer", { page: i + 1, pages: boxes.length });
  });
}
