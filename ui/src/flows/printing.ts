// 打印…: the app lays the report out in a hidden print window of its own
// (ui/src/print/) and prints that, so the page never carries the window's
// chrome. The print window's end arrives as the `print-finished` event.
import { api } from "../api";
import type { PrintOutcome } from "../api/bindings/PrintOutcome";
import { lang, t } from "../i18n";
import { suggestedPath } from "./files";
import type { Shell } from "./shell";

let waiting: ((outcome: PrintOutcome) => void) | null = null;

/** The app's word on how the print ended (main.ts hears it). */
export function printFinished(outcome: PrintOutcome): void {
  const resolve = waiting;
  waiting = null;
  resolve?.(outcome);
}

/** Prints the open run's report in the window's language; resolves when the
 * print is over, saying so (or what went wrong). */
export async function printReport(app: Shell): Promise<PrintOutcome | undefined> {
  // 打印到文件 offers the ledger's folder and a name with the period.
  const suggested = suggestedPath(t("dialog.defaultPdf"), app.summary?.run_label, app.path);
  const finished = new Promise<PrintOutcome>((resolve) => (waiting = resolve));
  app.notify(t("print.preparing"));
  const started = await app.attempt(async () => {
    await api.printReport(lang(), suggested);
    return true;
  });
  if (!started) {
    waiting = null;
    return undefined;
  }
  const outcome = await finished;
  if (outcome.status === "printed") app.notify(t("print.done", { pages: outcome.pages }), 8000);
  else if (outcome.status === "failed") app.fail(outcome.error);
  else app.notify(null);
  return outcome;
}
