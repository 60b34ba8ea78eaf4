-- withdrawal_by_group: share of those who tried to stop who had withdrawal effects, within each group, with a 95% Wilson interval.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, had_withdrawal BIGINT, tried_to_stop BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- $group_by is one of drug, class, duration_band, sex, age_band, method (tapered/abrupt); anything else gives one group, 'All'.
WITH counts AS (
SELECT withdrawal_group_value($group_by, w.method, w.drug, w.drug_class, w.duration_band, w.sex, w.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       coalesce(sum(w.respondents) FILTER (WHERE w.had_withdrawal), 0)::BIGINT AS k,
       sum(w.respondents)::BIGINT AS n
FROM filtered_cells('withdrawal_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) w
GROUP BY ALL
)
SELECT grp, grp_order, k AS had_withdrawal, n AS tried_to_stop,
       100 * k / n AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
ORDER BY grp_order, grp
