-- stopping_count: how many respondents matching the filters said they tried to stop, and how many of them answered the withdrawal question.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[]
-- columns: tried_to_stop BIGINT, answered BIGINT
SELECT count(*) FILTER (WHERE r.tried_to_stop) AS tried_to_stop,
       count(w.respondent_id) FILTER (WHERE r.tried_to_stop) AS answered
FROM filtered_respondents($drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
LEFT JOIN withdrawal w USING (respondent_id)
