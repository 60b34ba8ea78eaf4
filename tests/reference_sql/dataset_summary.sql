-- dataset_summary: what the survey holds: respondents, datasets, drugs and side effects.
-- params:  none
-- columns: respondents BIGINT, datasets VARCHAR, drugs_in_survey BIGINT, tried_to_stop BIGINT, min_months INTEGER, max_months INTEGER, effects BIGINT
SELECT (SELECT count(*) FROM respondents) AS respondents,
       (SELECT string_agg(DISTINCT dataset, ', ') FROM respondents) AS datasets,
       (SELECT count(DISTINCT drug) FROM respondents) AS drugs_in_survey,
       (SELECT count(*) FROM respondents WHERE tried_to_stop) AS tried_to_stop,
       (SELECT min(duration_months) FROM respondents) AS min_months,
       (SELECT max(duration_months) FROM respondents) AS max_months,
       (SELECT count(*) FROM effects) AS effects
