// Numbers and dates the way the user reads them: 128.53万元 and 2025年3月7日 in
// Chinese; ¥1,285,300 and 2025-03-07 in English.
import type { Lang } from "./api/bindings/Lang";

export function grouped(v: number, decimals = 0): string {
  return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A short amount for cards and charts. */
export function money(yuan: number, lang: Lang): string {
  if (lang === "zh") {
    return Math.abs(yuan) >= 10000 ? `${grouped(yuan / 10000, 2)}万元` : `${grouped(yuan, 0)}元`;
  }
  return `¥${grouped(yuan, 0)}`;
}

/** An exact amount for the table. */
export function exact(yuan: number): string {
  return `¥${grouped(yuan, 2)}`;
}

export function percent(share: number, decimals = 1): string {
  return `${(share * 100).toFixed(decimals)}%`;
}

export function isoDate(iso: string | null, lang: Lang): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map((x) => Number(x));
  return lang === "zh" ? `${y}年${m}月${d}日` : iso;
}
