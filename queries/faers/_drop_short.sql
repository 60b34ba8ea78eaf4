-- _drop_short: forget the reader's rejects (counted already), then drop the staged rows whose keys do not read as numbers.
-- params:  none
-- columns: none (the last statement's count of the rows dropped)
DELETE FROM reject_errors;
DELETE FROM reject_scans;
DELETE FROM stage
WHERE NOT (regexp_full_match(coalesce(primaryid, ''), '[0-9]+') AND regexp_full_match(coalesce(caseid, ''), '[0-9]+'));
