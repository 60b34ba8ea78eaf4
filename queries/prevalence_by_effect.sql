-- prevalence_by_effect: share of respondents reporting each side effect, with a 95% Wilson interval.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $effects VARCHAR[]
-- columns: effect VARCHAR, label VARCHAR, domain VARCHAR, sort_order BIGINT, reported BIGINT, respondents BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
-- respondents = those who answered that question (withdrawal is asked only of those who tried to stop).
WITH cells AS (
    SELECT s.effect, coalesce(sum(s.respondents) FILTER (WHERE s.reported), 0)::BIGINT AS k, sum(s.respondents)::BIGINT AS n
    FROM filtered_cells('response_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) s
    WHERE len($effects) = 0 OR list_contains($effects, s.effect)
    GROUP BY s.effect
),
counts AS (
    SELECT e.effect, e.label, e.domain, e.sort_order, coalesce(c.k, 0) AS k, coalesce(c.n, 0) AS n
    FROM effects e LEFT JOIN cells c USING (effect)
    WHERE len($effects) = 0 OR list_contains($effects, e.effect)
)
SELECT effect, label, domain, sort_order, k AS reported, n AS respondents,
       100 * k / nullif(n, 0) AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
ORDER BY sort_order
