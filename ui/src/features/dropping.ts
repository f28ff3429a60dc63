// What the window shows while a file is dragged over it: on the welcome
// screen its drop zone lights up; on any other screen (an open run, the
// workspace) the whole window shows a drop target with what a drop will do,
// so dropping next year's ledger onto an open table is not a blind act.
import { t } from "../i18n";

/** The kinds of drag-and-drop event the webview reports. */
export type DropPhase = "enter" | "over" | "drop" | "leave";

/** Shows or clears the drop target for a drag event. */
export function showDropTarget(phase: DropPhase, doc: Document = document): void {
  const zone = doc.getElementById("dropzone");
  const dragging = phase === "enter" || phase === "over";
  zone?.classList.toggle("hover", dragging);
  // Without the welcome's zone, the window itself is the target.
  const body = doc.body;
  body.classList.toggle("dropping", dragging && !zone);
  if (dragging && !zone) body.dataset.drop = t("drop.anywhere");
  else delete body.dataset.drop;
}
