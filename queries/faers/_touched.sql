-- _touched: the cases an added quarter touches (temp table touched), from touched_rows and the folder's old_cases.
-- params:  none
-- columns: none
-- A case is touched when a quarter read (or the earlier files of a quarter given again) names its case number in any
-- raw table, deleted lists included, or names the report number of its kept version (a row joins its case by report
-- number: _import.sql). Touching more cases than need it only costs time: each touched case is made again whole.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT caseid FROM (
    SELECT try_cast(caseid AS BIGINT) AS caseid FROM touched_rows
    UNION
    SELECT caseid FROM old_cases SEMI JOIN touched_rows t ON old_cases.primaryid = try_cast(t.primaryid AS BIGINT)
) WHERE caseid IS NOT NULL;
