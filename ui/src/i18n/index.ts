// Translation: t("key", { name: value }). Two owners, never one text twice:
// the window's own words (zh.ts, en.ts: buttons, headings, hints) and the
// engine's words for domain things (domain.ts, generated from Rust: tiers,
// methods, columns, segments, stages, skip reasons). Errors arrive written.
import type { Lang } from "../api/bindings/Lang";
import { domainEn, domainZh } from "./domain";
import { en } from "./en";
import { zh, type Messages } from "./zh";

export type Key = keyof Messages | keyof typeof domainZh;
const tables: Record<Lang, Record<Key, string>> = { zh: { ...domainZh, ...zh }, en: { ...domainEn, ...en } };
let current: Lang = "zh";

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

export function lang(): Lang {
  return current;
}

export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  return fill(tables[current][key] ?? tables.zh[key] ?? key, params);
}

/** A message for a code (`error.import.empty_file`), or undefined. */
export function tCode(prefix: string, code: string, params: Record<string, string | number>): string | undefined {
  const key = `${prefix}.${code}` as Key;
  const text = tables[current][key];
  return text === undefined ? undefined : fill(text, params);
}
