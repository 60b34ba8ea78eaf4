-- withdrawal_severity: how severe withdrawal was, among those who had it, within each group.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, severity VARCHAR, severity_order INTEGER, respondents BIGINT, had_withdrawal BIGINT, pct DOUBLE
-- $group_by as in withdrawal_by_group. pct is the share of the group's respondents with withdrawal (rows of a group sum to 100).
WITH counts AS (
SELECT withdrawal_group_value($group_by, w.method, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       w.severity,
       CASE w.severity WHEN 'mild' THEN 1 WHEN 'moderate' THEN 2 WHEN 'severe' THEN 3 ELSE 9 END AS severity_order,
       count(*) AS respondents
FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
JOIN withdrawal w USING (respondent_id)
WHERE w.had_withdrawal
GROUP BY ALL
)
SELECT grp, grp_order, severity, severity_order, respondents,
       (sum(respondents) OVER (PARTITION BY grp))::BIGINT AS had_withdrawal,
       100 * respondents / sum(respondents) OVER (PARTITION BY grp) AS pct
FROM counts
ORDER BY grp_order, grp, severity_order
