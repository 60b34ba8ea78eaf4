-- withdrawal_duration: how long withdrawal effects lasted, among those who had them, in duration bins within each group.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[], $group_by VARCHAR
-- columns: grp VARCHAR, grp_order INTEGER, bin VARCHAR, bin_order INTEGER, respondents BIGINT, had_withdrawal BIGINT, pct DOUBLE
-- $group_by as in withdrawal_by_group. Bins are left-closed in weeks: <2, 2-4, 4-13 (1-3 months), 13-26, 26-52, 52-104, 104+ (cut in queries/_cubes.sql).
WITH counts AS (
SELECT withdrawal_group_value($group_by, w.method, w.drug, w.drug_class, w.duration_band, w.sex, w.age_band) AS grp,
       group_order($group_by, grp) AS grp_order,
       w.lasted AS bin, w.lasted_order::INTEGER AS bin_order,
       sum(w.respondents)::BIGINT AS respondents
FROM filtered_cells('withdrawal_course_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) w
GROUP BY ALL
)
SELECT grp, grp_order, bin, bin_order, respondents,
       (sum(respondents) OVER (PARTITION BY grp))::BIGINT AS had_withdrawal,
       100 * respondents / sum(respondents) OVER (PARTITION BY grp) AS pct
FROM counts
ORDER BY grp_order, grp, bin_order
