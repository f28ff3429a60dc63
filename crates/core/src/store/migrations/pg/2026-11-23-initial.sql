-- Version 1 (PostgreSQL): the SQLite workspace's schema in PostgreSQL's
-- types, version for version (see ../2026-11-23-initial.sql for the why).
CREATE TABLE ledger (
    id          BIGSERIAL PRIMARY KEY,
    file_name   TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    options     TEXT NOT NULL,
    report      TEXT NOT NULL,
    first_date  TEXT,
    last_date   TEXT
);
-- No foreign key on the million-row table: checking one per copied row
-- would double an import's time; a ledger's rows are deleted with it by the
-- workspace, in the same transaction.
CREATE TABLE txn (
    ledger_id   BIGINT NOT NULL,
    customer    TEXT NOT NULL,
    name        TEXT,
    date        BIGINT,
    amount      DOUBLE PRECISION NOT NULL,
    profit      DOUBLE PRECISION,
    quantity    DOUBLE PRECISION,
    order_id    TEXT,
    product     TEXT,
    salesperson TEXT,
    receivable  DOUBLE PRECISION,
    needs       TEXT,
    purchases   DOUBLE PRECISION,
    clv         DOUBLE PRECISION
);
CREATE INDEX txn_ledger ON txn(ledger_id);
CREATE TABLE metrics_cache (
    ledger_id   BIGINT NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    metrics     TEXT NOT NULL,
    PRIMARY KEY (ledger_id, key)
);
CREATE TABLE run (
    id          BIGSERIAL PRIMARY KEY,
    ledger_id   BIGINT NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    period_from TEXT,
    period_to   TEXT,
    policy      TEXT NOT NULL
);
CREATE TABLE run_result (
    run_id      BIGINT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    customer    TEXT NOT NULL,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL,
    computed    TEXT NOT NULL,
    sales       DOUBLE PRECISION NOT NULL,
    profit      DOUBLE PRECISION,
    frequency   BIGINT,
    clv         DOUBLE PRECISION,
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
    id          BIGSERIAL PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    customer    TEXT,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
-- The audit log is never rewritten.
CREATE FUNCTION tierbook_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION tierbook_audit_append_only();
CREATE TABLE saved_policy (
    name        TEXT PRIMARY KEY,
    policy      TEXT NOT NULL
);
CREATE TABLE saved_mapping (
    layout      TEXT PRIMARY KEY,
    options     TEXT NOT NULL
);
