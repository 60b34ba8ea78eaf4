-- withdrawal_by_half_life: withdrawal incidence per drug beside the drug's elimination half-life and its source.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[]
-- columns: drug VARCHAR, drug_class VARCHAR, half_life_h DOUBLE, half_life_h_low DOUBLE, half_life_h_high DOUBLE, half_life_source VARCHAR, half_life_cite VARCHAR, half_life_quality VARCHAR, had_withdrawal BIGINT, tried_to_stop BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- half_life_h is the midpoint of the parent drug's published range. Drugs with no recorded half-life are left out.
WITH counts AS (
SELECT w.drug, d.drug_class, d.half_life_h, d.half_life_h_low, d.half_life_h_high, d.half_life_source, d.half_life_cite, d.half_life_quality,
       coalesce(sum(w.respondents) FILTER (WHERE w.had_withdrawal), 0)::BIGINT AS k,
       sum(w.respondents)::BIGINT AS n
FROM filtered_cells('withdrawal_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) w
JOIN drugs d ON d.inn = w.drug
WHERE d.half_life_h IS NOT NULL
GROUP BY ALL
)
SELECT drug, drug_class, half_life_h, half_life_h_low, half_life_h_high, half_life_source, half_life_cite, half_life_quality, k AS had_withdrawal, n AS tried_to_stop,
       100 * k / n AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
ORDER BY half_life_h
