-- _drug_names: each distinct pair of active ingredients and drug name in a quarter's DRUG file, with its rows, to be resolved to INN.
-- params:  none
-- columns: prod_ai VARCHAR, drugname VARCHAR, rows BIGINT
SELECT prod_ai, drugname, count(*) AS rows FROM stage_drug GROUP BY ALL;
