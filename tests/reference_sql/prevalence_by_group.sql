-- prevalence_by_group: share reporting each side effect within each group (drug, class, duration band, sex or age band).
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $effects VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, effect VARCHAR, label VARCHAR, domain VARCHAR, sort_order BIGINT, reported BIGINT, respondents BIGINT, group_respondents BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- $group_by is one of drug, class, duration_band, sex, age_band (anything else gives one group, 'All').
-- Groups with no respondents do not appear; a group that answered no question about an effect has no row for it.
WITH counts AS (
SELECT group_value($group_by, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       e.effect, e.label, e.domain, e.sort_order,
       count(*) FILTER (WHERE s.reported) AS k,
       count(*) AS n
FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
JOIN responses s USING (respondent_id)
JOIN effects e ON e.effect = s.effect
WHERE len($effects) = 0 OR list_contains($effects, e.effect)
GROUP BY ALL
)
SELECT grp, grp_order, effect, label, domain, sort_order, k AS reported, n AS respondents,
       (SELECT count(*) FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) m
        WHERE group_value($group_by, m.drug, m.drug_class, m.duration_band, m.sex, m.age_band) IS NOT DISTINCT FROM counts.grp)
       AS group_respondents,
       100 * k / n AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
ORDER BY grp_order, grp, sort_order
