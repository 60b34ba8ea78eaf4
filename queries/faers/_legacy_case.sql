-- _legacy_case: a legacy AERS DRUG, REAC or THER file's rows (keyed by ISR alone) given their report's case, from the quarter's DEMO rows.
-- params:  $quarter VARCHAR
-- columns: none
-- An ISR that is not in the quarter's DEMO file gets none, and its row is dropped and counted by _drop_short.sql.
CREATE OR REPLACE TEMP TABLE read_rows AS
SELECT r.*, d.caseid
FROM read_rows r
LEFT JOIN (SELECT primaryid, min(caseid) AS caseid FROM raw_demo WHERE quarter = $quarter GROUP BY primaryid) d
  USING (primaryid);
