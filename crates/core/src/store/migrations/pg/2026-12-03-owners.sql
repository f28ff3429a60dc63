-- Version 5 (PostgreSQL): see ../2026-12-03-owners.sql. The views that show
-- an account manager their own customers are made by the team setup, with
-- the roles they are granted to.
ALTER TABLE run_result ADD COLUMN owner TEXT;
ALTER TABLE run_result ADD COLUMN detail TEXT;
ALTER TABLE run ADD COLUMN frame TEXT;
CREATE TABLE account_manager (
    db_user     TEXT PRIMARY KEY,
    salesperson TEXT NOT NULL
);
