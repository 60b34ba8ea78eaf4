-- withdrawal_severe_share: share of those with withdrawal effects who rated them severe, with a 95% Wilson interval.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[]
-- columns: severe BIGINT, had_withdrawal BIGINT, pct DOUBLE, ci_low DOUBLE, ci_high DOUBLE
WITH counts AS (
    SELECT count(*) FILTER (WHERE w.severity = 'severe') AS k, count(*) AS n
    FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
    JOIN withdrawal w USING (respondent_id)
    WHERE w.had_withdrawal
)
SELECT k AS severe, n AS had_withdrawal, 100 * k / n AS pct, 100 * wilson_low(k, n) AS ci_low, 100 * wilson_high(k, n) AS ci_high
FROM counts
WHERE n > 0
