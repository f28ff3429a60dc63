// The print window (print.html): fetches the report waiting to be printed,
// lays it out in numbered A4 sheets and asks the app to print them. Hidden;
// the user sees only the print dialog.
import "../../../crates/core/src/report/report.css";
import "./print.css";
import { invoke } from "@tauri-apps/api/core";
import type { PrintJobView } from "../api/bindings/PrintJobView";
import { setLang } from "../i18n";
import { paginate } from "./paginate";
import { domSheets, numberPages } from "./sheets";

async function layOut(): Promise<void> {
  const job = await invoke<PrintJobView>("print_job");
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
  await invoke("print_ready", { pages: boxes.length });
}

layOut().catch((e: unknown) => {
  const detail = e instanceof Error ? e.message : typeof e === "object" && e && "message" in e ? String(e.message) : String(e);
  void invoke("print_failed", { detail });
});
