-- _count_dupes: for the import's report, the cases that could be compared for probable duplicates (every field given) and those flagged.
-- params:  none
-- columns: compared BIGINT, flagged BIGINT
SELECT (SELECT count(*) FROM dupe_keys) AS compared, (SELECT count(*) FROM faers_duplicates) AS flagged;
