-- Version 2 (PostgreSQL): see ../2026-11-24-records.sql.
ALTER TABLE customer ADD COLUMN needs TEXT;
CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE INDEX run_result_customer ON run_result(customer);
CREATE INDEX audit_customer ON audit(customer);
