// Translation: t("key", { name: value }). Errors and skip reasons arrive as codes
// with parameters and are translated here; the backend's message is the fallback.
import type { Lang } from "../api/bindings/Lang";
import { en } from "./en";
import { zh, type Messages } from "./zh";

export type Key = keyof Messages;
const tables: Record<Lang, Messages> = { zh, en };
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
  return fill(tables[current][key] ?? zh[key] ?? key, params);
}

/** A message for a code (`error.import.empty_file`), or undefined. */
export function tCode(prefix: string, code: string, params: Record<string, string | number>): string | undefined {
  const key = `${prefix}.${code}` as Key;
  const text = tables[current][key];
  return text === undefined ? undefined : fill(text, params);
}
