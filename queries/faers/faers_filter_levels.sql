-- faers_filter_levels: the values each case filter of the FAERS page can take, in display order, with the words to show.
-- params:  none
-- columns: dimension VARCHAR, value VARCHAR, label VARCHAR, sort_order BIGINT
-- Classes are those of the catalogue's drugs; sexes and age bands are those the cases have ('not given' last, 'under 18'
-- first: reports, unlike the survey, include children); side effects are the catalogue's, as data/sources/faers_terms.csv
-- maps preferred terms to them.
SELECT DISTINCT 'class' AS dimension, drug_class AS value, drug_class AS label, 0 AS sort_order FROM drugs
UNION ALL
SELECT DISTINCT 'sex', sex, sex, CASE sex WHEN 'female' THEN 1 WHEN 'male' THEN 2 ELSE 3 END FROM faers_case_cells
UNION ALL
SELECT DISTINCT 'age_band', age_band, age_band, CASE age_band WHEN 'under 18' THEN 0 WHEN 'not given' THEN 2 ELSE 1 END
FROM faers_case_cells
UNION ALL
SELECT 'effect', e.effect, e.label, e.sort_order FROM effects e
ORDER BY dimension, sort_order, value
