-- calibration_sources: the published figure each pattern of the synthetic survey was calibrated to, or that it is an assumption.
-- params:  none
-- columns: metric VARCHAR, effect VARCHAR, subgroup VARCHAR, subgroup_value VARCHAR, kind VARCHAR, source VARCHAR
SELECT metric, effect, subgroup, subgroup_value, kind, source
FROM calibration_targets
ORDER BY target_id
