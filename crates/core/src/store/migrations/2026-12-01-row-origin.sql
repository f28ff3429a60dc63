-- Where each stored row was read (sheet index among the import's sheets and
-- 1-based row), so a run of a period reports the rows outside it with their
-- place, exactly as an import of that period does. NULL for rows stored before.
ALTER TABLE txn ADD COLUMN src_sheet INTEGER;
ALTER TABLE txn ADD COLUMN src_row INTEGER;
