-- _unused_terms: the mapped terms (data/sources/faers_terms.csv) that occur in no report read: a typo?
-- params:  none
-- columns: pt VARCHAR
SELECT pt FROM terms WHERE pt_key(pt) NOT IN (SELECT pt_key(pt) FROM (SELECT DISTINCT pt FROM raw_reac)) ORDER BY pt;
