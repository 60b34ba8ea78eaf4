-- calibration_check: each calibration target of the demo survey beside the value the loaded data achieves.
-- params:  none
-- columns: target_id VARCHAR, metric VARCHAR, effect VARCHAR, subgroup VARCHAR, subgroup_value VARCHAR, target_pct DOUBLE, tolerance_pct DOUBLE, kind VARCHAR, source VARCHAR, doi VARCHAR, note VARCHAR, achieved_pct DOUBLE, n BIGINT, within BOOLEAN
-- metric: prevalence (share reporting), moderate_or_severe (share of all answering who rated it so),
-- withdrawal_incidence (among those who tried to stop), withdrawal_severe (among those with withdrawal).
WITH answers AS (
    SELECT t.target_id, s.reported AS hit, s.severity IN ('moderate', 'severe') AS hit_mod_severe, NULL AS hit_w
    FROM calibration_targets t
    JOIN responses s ON s.effect = t.effect AND t.metric IN ('prevalence', 'moderate_or_severe')
    JOIN respondents r USING (respondent_id)
    WHERE group_value(t.subgroup, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) = coalesce(t.subgroup_value, 'All')
    UNION ALL
    SELECT t.target_id, w.had_withdrawal, NULL, w.severity = 'severe'
    FROM calibration_targets t
    JOIN withdrawal w ON t.metric = 'withdrawal_incidence' OR (t.metric = 'withdrawal_severe' AND w.had_withdrawal)
    JOIN respondents r USING (respondent_id)
    WHERE group_value(t.subgroup, r.drug, r.drug_class, r.duration_band, r.sex, r.age_band) = coalesce(t.subgroup_value, 'All')
),
achieved AS (
    SELECT a.target_id,
           100 * avg(CASE t.metric WHEN 'moderate_or_severe' THEN a.hit_mod_severe::INT
                                   WHEN 'withdrawal_severe' THEN a.hit_w::INT
                                   ELSE a.hit::INT END) AS achieved_pct,
           count(*) AS n
    FROM answers a JOIN calibration_targets t USING (target_id)
    GROUP BY a.target_id
)
SELECT t.target_id, t.metric, t.effect, t.subgroup, t.subgroup_value, t.target_pct, t.tolerance_pct, t.kind, t.source, t.doi, t.note,
       a.achieved_pct, coalesce(a.n, 0) AS n,
       coalesce(abs(a.achieved_pct - t.target_pct) <= t.tolerance_pct, false) AS within
FROM calibration_targets t LEFT JOIN achieved a USING (target_id)
ORDER BY t.effect, t.target_id
