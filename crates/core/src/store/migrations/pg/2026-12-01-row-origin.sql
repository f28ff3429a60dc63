-- Version 3 (PostgreSQL): see ../2026-12-01-row-origin.sql. Here the place is
-- also the rows' order (a server keeps no insertion order).
ALTER TABLE txn ADD COLUMN src_sheet BIGINT;
ALTER TABLE txn ADD COLUMN src_row BIGINT;
