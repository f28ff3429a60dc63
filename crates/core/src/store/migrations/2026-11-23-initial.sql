-- Version 1: imported ledgers with their transactions, tier runs with their
-- results, customer records, the audit log, saved policies and column mappings.
CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    options     TEXT NOT NULL,   -- ImportOptions as JSON (the mapping used)
    report      TEXT NOT NULL,   -- ImportReport as JSON
    first_date  TEXT,
    last_date   TEXT
);
CREATE TABLE txn (
    ledger_id   INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    customer    TEXT NOT NULL,
    name        TEXT,
    date        INTEGER,         -- days since 1970-01-01
    amount      REAL NOT NULL,
    profit      REAL,
    quantity    REAL,
    order_id    TEXT,
    product     TEXT,
    salesperson TEXT,
    receivable  REAL,
    needs       TEXT,
    purchases   REAL,
    clv         REAL
);
CREATE INDEX txn_ledger ON txn(ledger_id);
-- Aggregated customer metrics per ledger and period (the rows of an import never
-- change, so an entry never goes stale); re-tiering with another method reads
-- these instead of every transaction.
CREATE TABLE metrics_cache (
    ledger_id   INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,   -- "from|to|retention"
    metrics     TEXT NOT NULL,   -- MetricsSet as JSON
    PRIMARY KEY (ledger_id, key)
);
CREATE TABLE run (
    id          INTEGER PRIMARY KEY,
    ledger_id   INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    period_from TEXT,
    period_to   TEXT,
    policy      TEXT NOT NULL    -- TierPolicy as JSON, overrides included
);
CREATE TABLE run_result (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    customer    TEXT NOT NULL,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL,
    computed    TEXT NOT NULL,
    sales       REAL NOT NULL,
    profit      REAL,
    frequency   INTEGER,
    clv         REAL,
    override_reason TEXT,
    PRIMARY KEY (run_id, customer)
);
CREATE TABLE customer (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    manager     TEXT,
    contact     TEXT,
    industry    TEXT,
    region      TEXT,
    notes       TEXT
);
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    customer    TEXT,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
-- The audit log is never rewritten.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE saved_policy (
    name        TEXT PRIMARY KEY,
    policy      TEXT NOT NULL
);
CREATE TABLE saved_mapping (
    layout      TEXT PRIMARY KEY,
    options     TEXT NOT NULL
);
