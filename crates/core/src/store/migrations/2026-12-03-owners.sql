-- Version 5: whose customer each result is, for account managers (客户经理)
-- who see their own customers only. A result's owner is the 客户经理 of the
-- customer's record, else the ledger's last 业务员 for it. On a team server a
-- run also keeps, per customer, the table row as the whole run worked it out
-- (`detail`) and the run-wide part of the table (`frame`), so a manager's
-- table shows the whole company's tiers for their customers without reading
-- anyone else's; they are written only when the team has account managers
-- (a file has none, so here they stay empty).
ALTER TABLE run_result ADD COLUMN owner TEXT;
ALTER TABLE run_result ADD COLUMN detail TEXT;
ALTER TABLE run ADD COLUMN frame TEXT;
-- Who is which 业务员: a database user and the name the ledgers use for them.
CREATE TABLE account_manager (
    db_user     TEXT PRIMARY KEY,
    salesperson TEXT NOT NULL
);
