-- _keep_antidepressants: the staged DRUG rows naming an antidepressant into raw_drug, and those drugs' THER rows into raw_ther.
-- params:  none
-- columns: none
-- drug_names_frame holds each (prod_ai, drugname) pair's INN: a row per antidepressant a combination names.
INSERT INTO raw_drug
SELECT d.quarter, d.primaryid, d.caseid, d.drug_seq, d.role_cod, n.inn
FROM stage_drug d JOIN drug_names_frame n
  ON d.prod_ai IS NOT DISTINCT FROM n.prod_ai AND d.drugname IS NOT DISTINCT FROM n.drugname;

INSERT INTO raw_ther BY NAME SELECT t.* FROM stage_ther t
SEMI JOIN raw_drug d ON d.quarter = t.quarter AND d.primaryid = t.primaryid AND d.drug_seq = t.dsg_drug_seq;
