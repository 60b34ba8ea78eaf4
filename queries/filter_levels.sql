-- filter_levels: the values each respondent filter can take, in display order, with the words to show.
-- params:  none
-- columns: dimension VARCHAR, value VARCHAR, label VARCHAR, sort_order BIGINT
SELECT DISTINCT 'class' AS dimension, drug_class AS value, drug_class AS label, 0 AS sort_order FROM respondent_cells
UNION ALL
SELECT DISTINCT 'sex', sex, sex, CASE sex WHEN 'female' THEN 1 WHEN 'male' THEN 2 ELSE 3 END FROM respondent_cells
UNION ALL
SELECT DISTINCT 'age_band', age_band, age_band, 0 FROM respondent_cells
UNION ALL
SELECT 'effect', e.effect, e.label, e.sort_order FROM effects e
ORDER BY dimension, sort_order, value
