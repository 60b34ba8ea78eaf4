-- faers_onset_days: for one side effect, the distribution of days from starting (or stopping) each antidepressant to the event: cases on each day, and the cumulative share by then (the empirical distribution function).
-- params:  $event VARCHAR, $since VARCHAR, $roles VARCHAR, $drugs VARCHAR[], $classes VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $include_duplicates BOOLEAN
-- columns: inn VARCHAR, days INTEGER, cases BIGINT, n BIGINT, cum_pct DOUBLE
-- The same cases and days as faers_onset.sql's n (see there): a row per drug and day on which some case's event
-- began (0 = the day the drug was started, or stopped); n is the drug's cases giving the days, and cum_pct the share
-- of them whose event began on or before that day.
WITH keep AS (
    SELECT DISTINCT sex, age_band FROM faers_case_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
), dated AS (
    SELECT inn, days, sum(cases) AS cases
    FROM faers_onset_cells SEMI JOIN keep USING (sex, age_band) SEMI JOIN listed USING (inn)
    WHERE event = 'effect:' || $event AND since = $since AND roles = $roles
      AND in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)
      AND ($include_duplicates OR NOT duplicate)
    GROUP BY inn, days
)
SELECT inn, days::INTEGER AS days, cases::BIGINT AS cases, (sum(cases) OVER (PARTITION BY inn))::BIGINT AS n,
       100.0 * sum(cases) OVER (PARTITION BY inn ORDER BY days) / sum(cases) OVER (PARTITION BY inn) AS cum_pct
FROM dated
ORDER BY n DESC, inn, days;
