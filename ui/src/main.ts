import "./styles.css";
// The report's stylesheet is the core's own file, so preview, print and the saved
// HTML look alike.
import "../../crates/core/src/report/report.css";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { App } from "./app";
import { showDropTarget } from "./features/dropping";
import { nativeMenuWanted } from "./features/menu";
import { printFinished } from "./flows/printing";
import type { PrintOutcome } from "./api/bindings/PrintOutcome";

const root = document.getElementById("app");
if (root) {
  const app = new App(root);
  void app.start();
  document.addEventListener("keydown", (e) => app.handleKey(e));
  // No browser menu (its “Reload” loses the open run): the table has its own,
  // text fields keep the native cut/copy/paste.
  document.addEventListener("contextmenu", (e) => {
    if (!nativeMenuWanted(e.target)) e.preventDefault();
  });
  // Dropping a file anywhere on the window opens it.
  getCurrentWebview()
    .onDragDropEvent((event) => {
      showDropTarget(event.payload.type);
      if (event.payload.type === "drop" && event.payload.paths.length > 0) void app.open(event.payload.paths[0]);
    })
    .catch((e) => app.fail(e));
  // A ledger handed over by a second start ("Open with Tierbook") opens here.
  listen<string>("open-ledger", (event) => void app.open(event.payload)).catch((e) => app.fail(e));
  // The print window's end: printed, cancelled, or why not.
  listen<PrintOutcome>("print-finished", (event) => printFinished(event.payload)).catch((e) => app.fail(e));
}
