-- withdrawal_by_group: share of those who tried to stop who had withdrawal effects, within each group, with a 95% Wilson interval.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, had_withdrawal BIGINT, tried_to_stop BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- $group_by is one of drug, class, duration_band, sex, age_band, method (tapered/abrupt); anything else gives one group, 'All'.
WITH counts AS (
SELECT withdrawal_group_value($group_by, w.method, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       count(*) FILTER (WHERE w.had_withdrawal) AS k,
       count(*) AS n
FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
JOIN withdrawal w USING (respondent_id)
GROUP BY ALL
)
SELECT grp, grp_order, k AS had_withdrawal, n AS tried_to_stop,
       100 * k / n AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
ORDER BY grp_order, grp
