-- prevalence_by_group: share reporting each side effect within each group (drug, class, duration band, sex or age band).
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $effects VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, effect VARCHAR, label VARCHAR, domain VARCHAR, sort_order BIGINT, reported BIGINT, respondents BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- $group_by is one of drug, class, duration_band, sex, age_band (anything else gives one group, 'All').
-- Groups with no respondents do not appear; a group that answered no question about an effect has no row for it.
WITH counts AS (
    SELECT group_value($group_by, s.drug, s.drug_class, s.duration_band, s.sex, s.age_band) AS grp, s.effect,
           coalesce(sum(s.respondents) FILTER (WHERE s.reported), 0)::BIGINT AS k,
           sum(s.respondents)::BIGINT AS n
    FROM filtered_cells('response_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) s
    WHERE len($effects) = 0 OR list_contains($effects, s.effect)
    GROUP BY ALL
)
SELECT c.grp, group_order($group_by, c.grp) AS grp_order, e.effect, e.label, e.domain, e.sort_order,
       c.k AS reported, c.n AS respondents,
       100 * c.k / c.n AS pct, 100 * wilson_low(c.k, c.n) AS ci_low, 100 * wilson_high(c.k, c.n) AS ci_high
FROM counts c JOIN effects e USING (effect)
ORDER BY grp_order, c.grp, e.sort_order
