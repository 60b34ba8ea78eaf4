-- _count_terms: the staged REAC rows, and how many give a preferred term (one that is not empty once pt_key has made it).
-- params:  none
-- columns: rows BIGINT, terms BIGINT
SELECT count(*) AS rows, count(*) FILTER (WHERE pt_key(pt) <> '') AS terms FROM stage;
