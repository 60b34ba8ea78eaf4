-- filter_levels: the values each respondent filter can take, in display order.
-- params:  none
-- columns: dimension VARCHAR, value VARCHAR, sort_order INTEGER, respondents BIGINT
SELECT 'class' AS dimension, drug_class AS value, 0 AS sort_order, count(*) AS respondents FROM respondents GROUP BY ALL
UNION ALL
SELECT 'sex', sex, CASE sex WHEN 'female' THEN 1 WHEN 'male' THEN 2 ELSE 3 END, count(*) FROM respondents GROUP BY ALL
UNION ALL
SELECT 'age_band', age_band, 0, count(*) FROM respondents GROUP BY ALL
UNION ALL
SELECT 'duration_band', duration_band, duration_band_order(duration_band), count(*) FROM respondents GROUP BY ALL
UNION ALL
SELECT 'effect', e.effect, e.sort_order, 0 FROM effects e
ORDER BY dimension, sort_order, value
