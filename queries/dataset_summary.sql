-- dataset_summary: what is loaded: respondents, datasets, drugs, side effects and published figures.
-- params:  none
-- columns: respondents BIGINT, datasets VARCHAR, drugs_in_survey BIGINT, tried_to_stop BIGINT, min_months INTEGER, max_months INTEGER, effects BIGINT, published_figures BIGINT, studies BIGINT
WITH survey AS (
    SELECT coalesce(sum(respondents), 0)::BIGINT AS respondents,
           string_agg(DISTINCT dataset, ', ') AS datasets,
           count(DISTINCT drug) AS drugs_in_survey,
           coalesce(sum(respondents) FILTER (WHERE tried_to_stop), 0)::BIGINT AS tried_to_stop,
           min(months_min) AS min_months, max(months_max) AS max_months
    FROM respondent_cells
),
published AS (SELECT count(*) AS published_figures, count(DISTINCT study_key) AS studies FROM studies)
SELECT s.respondents, s.datasets, s.drugs_in_survey, s.tried_to_stop, s.min_months, s.max_months,
       (SELECT count(*) FROM effects) AS effects, p.published_figures, p.studies
FROM survey s, published p
