-- respondent_count: how many respondents match the filters.
-- params:  $drugs VARCHAR[], $classes VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $sexes VARCHAR[], $age_bands VARCHAR[]
-- columns: respondents BIGINT
SELECT coalesce(sum(respondents), 0)::BIGINT AS respondents
FROM filtered_cells('respondent_cells', $drugs, $classes, $min_months, $max_months, $include_unknown, $sexes, $age_bands)
