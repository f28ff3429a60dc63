// Numbers and dates the way the user reads them: 128.53万元 and 2025年3月7日 in
// Chinese; ¥1,285,300 and 2025-03-07 in English.
import type { Lang } from "./api/bindings/Lang";

export function grouped(v: number, decimals = 0): string {
  return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** The amount unit the user chose (元 / 万元 / 亿元): 元 keeps the table
 * exact and lets cards pick 万元 or 亿元 by size; 万元 and 亿元 put
 * everything in that unit, the table's headers saying so. */
export type Unit = "yuan" | "wan" | "yi";
export const UNITS: Unit[] = ["yuan", "wan", "yi"];
const SCALE: Record<Unit, number> = { yuan: 1, wan: 1e4, yi: 1e8 };
const KEY = "tierbook.unit";

function stored(): Unit {
  try {
    const u = globalThis.localStorage?.getItem(KEY);
    return UNITS.includes(u as Unit) ? (u as Unit) : "yuan";
  } catch {
    return "yuan";
  }
}

let unit: Unit = stored();

/** The unit in force. */
export function amountUnit(): Unit {
  return unit;
}

/** Chooses the unit (remembered for the next start). */
export function setAmountUnit(u: Unit): void {
  unit = u;
  try {
    globalThis.localStorage?.setItem(KEY, u);
  } catch {
    /* not remembered: the choice still holds for this run */
  }
}

/** The unit's words: 万元 / 10k yuan. */
export function unitName(u: Unit, lang: Lang): string {
  const zh = { yuan: "元", wan: "万元", yi: "亿元" };
  const en = { yuan: "yuan", wan: "10k yuan", yi: "100M yuan" };
  return (lang === "zh" ? zh : en)[u];
}

/** What a money column's header adds in the chosen unit: （万元） / (10k yuan). */
export function unitSuffix(lang: Lang): string {
  if (unit === "yuan") return "";
  return lang === "zh" ? `（${unitName(unit, lang)}）` : ` (${unitName(unit, lang)})`;
}

/** A short amount for cards and charts: in the chosen unit, or (元) in
 * 亿元 from 1亿 and 万元 from 1万, as a Chinese reader expects. */
export function money(yuan: number, lang: Lang): string {
  if (unit !== "yuan") {
    const digits = unit === "yi" ? 4 : 2;
    return lang === "zh" ? `${grouped(yuan / SCALE[unit], digits)}${unitName(unit, lang)}` : `¥${grouped(yuan / SCALE[unit], digits)} ${unit === "wan" ? "×10k" : "×100M"}`;
  }
  if (lang === "zh") {
    if (Math.abs(yuan) >= 1e8) return `${grouped(yuan / 1e8, 2)}亿元`;
    return Math.abs(yuan) >= 10000 ? `${grouped(yuan / 10000, 2)}万元` : `${grouped(yuan, 0)}元`;
  }
  return `¥${grouped(yuan, 0)}`;
}

/** An exact amount for the table: ¥ to the fen, or in the chosen unit
 * (whose name is in the column's header). */
export function exact(yuan: number): string {
  if (unit === "yuan") return `¥${grouped(yuan, 2)}`;
  return grouped(yuan / SCALE[unit], unit === "yi" ? 4 : 2);
}

export function percent(share: number, decimals = 1): string {
  return `${(share * 100).toFixed(decimals)}%`;
}

export function isoDate(iso: string | null, lang: Lang): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map((x) => Number(x));
  return lang === "zh" ? `${y}年${m}月${d}日` : iso;
}
