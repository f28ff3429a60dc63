// Showing errors: translated from their code and parameters, in a dismissible
// banner that names the file and what to do. Raw Rust text never shows unless
// the code is unknown to this version of the UI.
import type { IpcError } from "../api/bindings/IpcError";
import { h, replace } from "../dom";
import { t, tCode } from "../i18n";

export function errorText(e: IpcError): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.params)) if (v !== undefined) params[k] = v;
  return tCode("error", e.code, params) ?? e.message;
}

export function showError(host: HTMLElement, e: IpcError): void {
  const close = () => replace(host);
  replace(
    host,
    h(
      "div",
      { class: "error-banner", role: "alert", "data-code": e.code },
      h("strong", {}, t("error.heading")),
      h("p", { class: "error-text" }, errorText(e)),
      h("button", { class: "secondary", onclick: close }, t("error.dismiss")),
    ),
  );
}

export function clearError(host: HTMLElement): void {
  replace(host);
}
