// The print window (print.html): fetches the report waiting to be printed,
// lays it out in numbered A4 sheets and asks the app to print them. Hidden;
// the user sees only the print dialog.
import "../../../crates/core/src/report/report.css";
import "./print.css";
import { api, asIpcError } from "../api";
import { setLang } from "../i18n";
import { paginate } from "./paginate";
import { domSheets, numberPages } from "./sheets";

async function layOut(): Promise<void> {
  const job = await api.printJob();
  setLang(job.lang);
  document.title = job.title;
  const source = document.getElementById("source") as HTMLElement;
  source.innerHTML = job.body;
  await document.fonts.ready;
  const report = source.firstElementChild;
  if (!report) throw new Error("the report is empty");
  const boxes = paginate(report, domSheets(document.getElementById("sheets") as HTMLElement, report));
  numberPages(boxes);
  source.remove();
  await api.printReady(boxes.length);
}

layOut().catch((e: unknown) => {
  const error = asIpcError(e);
  void api.printFailed(error.params.detail ?? error.message);
});
