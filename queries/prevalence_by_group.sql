-- prevalence_by_group: share reporting each side effect within each group (drug, class, duration band, sex or age band).
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $effects VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, effect VARCHAR, label VARCHAR, domain VARCHAR, sort_order BIGINT, reported BIGINT, respondents BIGINT, group_respondents BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- $group_by is one of drug, class, duration_band, sex, age_band (anything else gives one group, 'All').
-- Groups with no respondents do not appear; a group that answered no question about an effect has no row for it.
-- respondents: those in the group who answered the effect's question; group_respondents: everyone in the group
-- (the same for each of its rows), so a question some skipped has respondents < group_respondents.
WITH counts AS (
    SELECT group_value($group_by, s.drug, s.drug_class, s.duration_band, s.sex, s.age_band) AS grp, s.effect,
           coalesce(sum(s.respondents) FILTER (WHERE s.reported), 0)::BIGINT AS k,
           sum(s.respondents)::BIGINT AS n
    FROM filtered_cells('response_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) s
    WHERE len($effects) = 0 OR list_contains($effects, s.effect)
    GROUP BY ALL
),
groups AS (
    SELECT group_value($group_by, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) AS grp,
           sum(r.respondents)::BIGINT AS group_respondents
    FROM filtered_cells('respondent_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
    GROUP BY ALL
)
SELECT c.grp, group_order($group_by, c.grp) AS grp_order, e.effect, e.label, e.domain, e.sort_order,
       c.k AS reported, c.n AS respondents, g.group_respondents,
       100 * c.k / c.n AS pct, 100 * wilson_low(c.k, c.n) AS ci_low, 100 * wilson_high(c.k, c.n) AS ci_high
FROM counts c JOIN effects e USING (effect) JOIN groups g ON g.grp IS NOT DISTINCT FROM c.grp
ORDER BY grp_order, c.grp, e.sort_order
