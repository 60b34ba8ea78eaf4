-- _touched_table: the case and report numbers one raw table of the quarters read holds (in memory), into touched_rows: the cases an added quarter touches.
-- params:  $table VARCHAR
-- columns: none
-- Run before the quarters read are written to their files (sidefx/faers/incremental.py). Every raw table has a
-- primaryid, raw_deleted only a caseid; a table's caseid or primaryid it lacks is NULL.
INSERT INTO touched_rows BY NAME
SELECT DISTINCT COLUMNS(lambda c: list_contains(['caseid', 'primaryid'], c)) FROM query_table($table);
