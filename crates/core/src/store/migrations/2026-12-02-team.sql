-- Version 4: who did what, for a team. Beside each audit entry, import and
-- run, the database user (on a team server; in a file the PC's user is the
-- audit's `who`); the run an audited edit changed; and a version per run,
-- so two people editing one run never lose an edit without being told.
ALTER TABLE audit ADD COLUMN db_user TEXT;
ALTER TABLE audit ADD COLUMN run_id INTEGER;
ALTER TABLE ledger ADD COLUMN imported_by TEXT;
ALTER TABLE run ADD COLUMN created_by TEXT;
ALTER TABLE run ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
