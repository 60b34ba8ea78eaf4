-- _keep_drugset: each report of a staged DRUG file, with a fingerprint of the set of drugs it names in any role, into raw_drugset.
-- params:  none
-- columns: none
-- A drug is its antidepressant (INN, from drug_names_frame, as _keep_antidepressants.sql reads it) when the row names
-- one, else its active ingredients (prod_ai), else its drug name, in upper case with single spaces; each drug once.
-- The fingerprint is the md5 of the sorted names joined by '|'; a report whose rows name nothing has none.
INSERT INTO raw_drugset
SELECT quarter, primaryid, md5(string_agg(DISTINCT drug, '|' ORDER BY drug)) AS drugs
FROM (
    SELECT d.quarter, d.primaryid,
           coalesce(n.inn, nullif(upper(regexp_replace(trim(coalesce(d.prod_ai, d.drugname)), '\s+', ' ', 'g')), ''))
               AS drug
    FROM stage_drug d LEFT JOIN drug_names_frame n
      ON d.prod_ai IS NOT DISTINCT FROM n.prod_ai AND d.drugname IS NOT DISTINCT FROM n.drugname
)
WHERE drug IS NOT NULL
GROUP BY ALL;
