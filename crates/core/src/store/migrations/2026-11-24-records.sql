-- Version 2: the 需求和行为模式 text the user wrote for a customer (kept across
-- imports and runs), and workspace settings (the report's company name and
-- strategy playbook travel with the workspace, not with one computer).
ALTER TABLE customer ADD COLUMN needs TEXT;
CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE INDEX run_result_customer ON run_result(customer);
CREATE INDEX audit_customer ON audit(customer);
