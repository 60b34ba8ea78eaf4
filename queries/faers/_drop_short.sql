-- _drop_short: forget the reader's rejects (counted already), then stage the rows read, without the short lines and those whose keys do not read as numbers.
-- params:  none
-- columns: dropped BIGINT
DELETE FROM reject_errors;
DELETE FROM reject_scans;
CREATE OR REPLACE TEMP TABLE stage AS
SELECT * EXCLUDE (_short) FROM read_rows
WHERE NOT _short AND regexp_full_match(coalesce(primaryid, ''), '[0-9]+') AND regexp_full_match(coalesce(caseid, ''), '[0-9]+');
SELECT (SELECT count(*) FROM read_rows) - (SELECT count(*) FROM stage) AS dropped;
