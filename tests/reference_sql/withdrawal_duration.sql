-- withdrawal_duration: how long withdrawal effects lasted, among those who had them, in duration bins within each group.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, bin VARCHAR, bin_order INTEGER, respondents BIGINT, had_withdrawal BIGINT, pct DOUBLE
-- $group_by as in withdrawal_by_group. Bins are left-closed in weeks: <2, 2-4, 4-13 (1-3 months), 13-26, 26-52, 52-104, 104+.
WITH counts AS (
SELECT withdrawal_group_value($group_by, w.method, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       CASE WHEN w.duration_weeks < 2 THEN 'under 2 weeks'
            WHEN w.duration_weeks < 4 THEN '2-4 weeks'
            WHEN w.duration_weeks < 13 THEN '1-3 months'
            WHEN w.duration_weeks < 26 THEN '3-6 months'
            WHEN w.duration_weeks < 52 THEN '6-12 months'
            WHEN w.duration_weeks < 104 THEN '1-2 years'
            WHEN w.duration_weeks >= 104 THEN '2 years or more'
            ELSE 'not recorded' END AS bin,
       CASE bin WHEN 'under 2 weeks' THEN 1 WHEN '2-4 weeks' THEN 2 WHEN '1-3 months' THEN 3 WHEN '3-6 months' THEN 4
                WHEN '6-12 months' THEN 5 WHEN '1-2 years' THEN 6 WHEN '2 years or more' THEN 7 ELSE 9 END AS bin_order,
       count(*) AS respondents
FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
JOIN withdrawal w USING (respondent_id)
WHERE w.had_withdrawal
GROUP BY ALL
)
SELECT grp, grp_order, bin, bin_order, respondents,
       (sum(respondents) OVER (PARTITION BY grp))::BIGINT AS had_withdrawal,
       100 * respondents / sum(respondents) OVER (PARTITION BY grp) AS pct
FROM counts
ORDER BY grp_order, grp, bin_order
