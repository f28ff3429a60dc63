// What every flow may use of the app: its state, its hosts, its screens, and
// one error guard. The app (app.ts) is the only implementation; flows are
// functions over it, one file per thing a user does.
import type { AppInfo } from "../api/bindings/AppInfo";
import type { UndoStack } from "./undo";
import type { ImportOutcome } from "../api/bindings/ImportOutcome";
import type { Summary } from "../api/bindings/Summary";

export interface Shell {
  readonly info: AppInfo;
  readonly hasWorkspace: boolean;
  /** The screen, the modal layer and the error banner's host. */
  readonly screen: HTMLElement;
  readonly modal: HTMLElement;
  readonly errors: HTMLElement;
  /** The ledger being previewed or imported. */
  path: string | null;
  /** The open run, when there is one. */
  outcome: ImportOutcome | null;
  summary: Summary | null;
  /** The pair of runs last compared. */
  compared: [number, number] | null;
  /** The open run's edits, for Ctrl+Z. */
  readonly undo: UndoStack;
  /**
   * The one error guard: runs `job`, and a failure shows in the error banner
   * (a cancelled import is not a failure and shows nothing). Resolves to
   * undefined when the job failed.
   */
  attempt<T>(job: () => Promise<T>): Promise<T | undefined>;
  /** The 团队工作区 dialog; with `move`, this PC's workspace is moved up to the server connected to. */
  openTeam(move?: boolean): void;
  /** Moves the team workspace down into this PC's (empty) workspace file. */
  moveToLocal(): Promise<void>;
  /** Shows a failure reported by a component (the same banner `attempt` uses). */
  fail(e: unknown): void;
  showWelcome(): void;
  /** The main screen, built afresh for the open run. */
  showMain(): void;
  /** Brings the main screen up to date with `summary` (keeping the table's scroll when asked). */
  refreshMain(keepScroll: boolean): void;
  /** Opens a freshly imported or reopened run on its table tab. */
  showOutcome(outcome: ImportOutcome): void;
  /** Back to the open run, else the welcome screen. */
  back(): void;
  renderHeader(): void;
  showToast(path: string, reveal?: boolean): void;
  /** A line of good news above the screen (what a move carried, what was
   * undone, that the report went to the printer); with `ms`, it goes by
   * itself after that long; `null` takes it away. */
  notify(text: string | null, ms?: number): void;
}

/** Whether a rejected edit was based on something another user changed meanwhile. */
export function isConflict(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "store.conflict";
}

/** Whether a rejected command is the user's own cancel, not an error. */
export function isCancel(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "import.cancelled";
}
