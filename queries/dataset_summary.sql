-- dataset_summary: what the survey holds: respondents, datasets, drugs and side effects.
-- params:  none
-- columns: respondents BIGINT, datasets VARCHAR, drugs_in_survey BIGINT, tried_to_stop BIGINT, min_months INTEGER, max_months INTEGER, effects BIGINT
SELECT coalesce(sum(respondents), 0)::BIGINT AS respondents,
       string_agg(DISTINCT dataset, ', ') AS datasets,
       count(DISTINCT drug) AS drugs_in_survey,
       coalesce(sum(respondents) FILTER (WHERE tried_to_stop), 0)::BIGINT AS tried_to_stop,
       min(months_min) AS min_months, max(months_max) AS max_months,
       (SELECT count(*) FROM effects) AS effects
FROM respondent_cells
