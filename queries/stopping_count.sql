-- stopping_count: how many respondents matching the filters said they tried to stop, and how many of them answered the withdrawal question.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[]
-- columns: tried_to_stop BIGINT, answered BIGINT
-- tried_to_stop counts yes to the stopping question; answered counts those of them with a withdrawal answer (yes or no):
-- an imported survey's respondents who tried to stop but left the withdrawal question blank, or were not sure, have none.
SELECT (SELECT coalesce(sum(r.respondents), 0)
        FROM filtered_cells('respondent_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) r
        WHERE r.tried_to_stop)::BIGINT AS tried_to_stop,
       (SELECT coalesce(sum(w.respondents), 0)
        FROM filtered_cells('withdrawal_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands) w
       )::BIGINT AS answered
