-- dataset_summary: what is loaded: respondents, datasets, drugs, side effects and published figures.
-- params:  none
-- columns: respondents BIGINT, datasets VARCHAR, drugs_in_survey BIGINT, tried_to_stop BIGINT, min_months INTEGER, max_months INTEGER, effects BIGINT, published_figures BIGINT, studies BIGINT
SELECT (SELECT coalesce(sum(respondents), 0)::BIGINT FROM respondent_cells) AS respondents,
       (SELECT string_agg(DISTINCT dataset, ', ') FROM respondent_cells) AS datasets,
       (SELECT count(DISTINCT drug) FROM respondent_cells) AS drugs_in_survey,
       (SELECT coalesce(sum(respondents) FILTER (WHERE tried_to_stop), 0)::BIGINT FROM respondent_cells) AS tried_to_stop,
       (SELECT min(months_min) FROM respondent_cells) AS min_months,
       (SELECT max(months_max) FROM respondent_cells) AS max_months,
       (SELECT count(*) FROM effects) AS effects,
       (SELECT count(*) FROM studies) AS published_figures,
       (SELECT count(DISTINCT study_key) FROM studies) AS studies
