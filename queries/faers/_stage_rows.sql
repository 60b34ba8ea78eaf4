-- _stage_rows: the rows kept of the file just read.
-- params:  none
-- columns: kept BIGINT
SELECT count(*) AS kept FROM stage;
