// Ctrl+Z for the edits a clerk may regret: a manual tier and a 需求和行为模式
// text. Each edit of the open run leaves its inverse here; undoing applies the
// inverse as an edit of its own (so the audit log says it was undone), newest
// first. Opening another run forgets them: an inverse belongs to its run.

/** One edit's way back. */
export interface Undoable {
  /** What is undone, for the notice ("已撤销：…"). */
  label: string;
  /** Applies the inverse; false when it failed (the error is shown). */
  run: () => Promise<boolean>;
}

export class UndoStack {
  private items: Undoable[] = [];
  private busy = false;

  /** Remembers an edit's inverse (at most the last 50). */
  push(u: Undoable): void {
    this.items.push(u);
    if (this.items.length > 50) this.items.shift();
  }

  /** Forgets every edit (another run was opened). */
  clear(): void {
    this.items = [];
  }

  get size(): number {
    return this.items.length;
  }

  /** Undoes the newest edit; its label when done, null when there was none
   * (or the inverse failed: it stays to be tried again). */
  async undo(): Promise<string | null> {
    if (this.busy) return null;
    const last = this.items.pop();
    if (!last) return null;
    this.busy = true;
    try {
      if (await last.run()) return last.label;
      this.items.push(last);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
