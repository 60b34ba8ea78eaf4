-- calibration_check: each calibration target of the demo survey beside the value the loaded data achieves.
-- params:  none
-- columns: target_id VARCHAR, metric VARCHAR, effect VARCHAR, subgroup VARCHAR, subgroup_value VARCHAR, target_pct DOUBLE, tolerance_pct DOUBLE, kind VARCHAR, source VARCHAR, doi VARCHAR, note VARCHAR, achieved_pct DOUBLE, n BIGINT, within BOOLEAN
-- metric: prevalence (share reporting), moderate_or_severe (share of all answering who rated it so),
-- withdrawal_incidence (among those who tried to stop), withdrawal_severe (among those with withdrawal).
-- Read from the cubes, so the About page costs the same at any survey size.
WITH answers AS (
    SELECT t.target_id, s.respondents AS n,
           CASE WHEN t.metric = 'moderate_or_severe' THEN s.severity IN ('moderate', 'severe') ELSE s.reported END AS hit
    FROM calibration_targets t
    JOIN response_cells s ON s.effect = t.effect AND t.metric IN ('prevalence', 'moderate_or_severe')
    WHERE group_value(t.subgroup, s.drug, s.drug_class, s.duration_band, s.sex, s.age_band) = coalesce(t.subgroup_value, 'All')
    UNION ALL
    SELECT t.target_id, w.respondents,
           CASE WHEN t.metric = 'withdrawal_severe' THEN w.severity = 'severe' ELSE w.had_withdrawal END
    FROM calibration_targets t
    JOIN withdrawal_cells w ON t.metric = 'withdrawal_incidence' OR (t.metric = 'withdrawal_severe' AND w.had_withdrawal)
    WHERE group_value(t.subgroup, w.drug, w.drug_class, w.duration_band, w.sex, w.age_band) = coalesce(t.subgroup_value, 'All')
),
achieved AS (
    SELECT target_id, 100 * coalesce(sum(n) FILTER (WHERE hit), 0) / sum(n) AS achieved_pct, sum(n)::BIGINT AS n
    FROM answers
    GROUP BY target_id
)
SELECT t.target_id, t.metric, t.effect, t.subgroup, t.subgroup_value, t.target_pct, t.tolerance_pct, t.kind, t.source, t.doi, t.note,
       a.achieved_pct, coalesce(a.n, 0) AS n,
       coalesce(abs(a.achieved_pct - t.target_pct) <= t.tolerance_pct, false) AS within
FROM calibration_targets t LEFT JOIN achieved a USING (target_id)
ORDER BY t.effect, t.target_id
