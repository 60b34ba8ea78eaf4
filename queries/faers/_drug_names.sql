-- _drug_names: each distinct pair of active ingredients and drug name in a quarter's DRUG file, to be resolved to INN.
-- params:  none
-- columns: prod_ai VARCHAR, drugname VARCHAR
SELECT DISTINCT prod_ai, drugname FROM stage_drug;
