-- _touched_rows: the empty table of case and report numbers the quarters read name (filled by _touched_table.sql and _touched_file.sql).
-- params:  none
-- columns: none
CREATE OR REPLACE TEMP TABLE touched_rows (caseid VARCHAR, primaryid VARCHAR);
