// Showing errors in a dismissible banner that names the file and what to do.
// The text has one owner: the engine and the app write every message in the
// user's language (the code and parameters travel with it for tests and
// logs), so the window shows the message as it is and adds only the banner.
import type { IpcError } from "../api/bindings/IpcError";
import { h, replace } from "../dom";
import { t } from "../i18n";

export function errorText(e: IpcError): string {
  return e.message.trim() === "" ? t("error.app.internal") : e.message;
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
