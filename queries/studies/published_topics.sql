-- published_topics: the topics the study-comparison page offers, with the measure, how many figures and studies, and the survey question that matches.
-- params:  none
-- columns: topic VARCHAR, topic_label VARCHAR, measure VARCHAR, survey_effect VARCHAR, survey_metric VARCHAR, note VARCHAR, estimates BIGINT, studies BIGINT
SELECT t.topic, any_value(t.topic_label) AS topic_label, any_value(t.measure) AS measure,
       any_value(t.survey_effect) AS survey_effect, any_value(t.survey_metric) AS survey_metric,
       max(t.note) AS note, count(s.row_id) AS estimates, count(DISTINCT s.study_key) AS studies
FROM outcome_topics t
JOIN studies s ON s.outcome = t.outcome AND s.measure = t.measure
GROUP BY t.topic
ORDER BY min(t.topic_label)
