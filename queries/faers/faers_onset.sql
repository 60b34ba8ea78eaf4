-- faers_onset: for one side effect, each antidepressant's cases, how many give the days from starting (or stopping) the drug to the event to the day, and their median and quartiles, beside its class and half-life.
-- params:  $event VARCHAR, $since VARCHAR, $roles VARCHAR, $drugs VARCHAR[], $classes VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $include_duplicates BOOLEAN
-- columns: inn VARCHAR, drug_class VARCHAR, half_life_h DOUBLE, half_life_h_low DOUBLE, half_life_h_high DOUBLE, half_life_cite VARCHAR, half_life_source VARCHAR, cases BIGINT, n BIGINT, usable_pct DOUBLE, median_days DOUBLE, q1_days DOUBLE, q3_days DOUBLE
-- Sums of faers_onset_cells (queries/faers/_onset_cells.sql) and faers_drug_event_cells over the cases that pass
-- the filters. $event is a catalogue side effect (days are kept for those only); $since 'start' counts days from the
-- drug's first start to the event, 'end' from its last end (events on or after stopping only). Both dates must be
-- given to the day: a YYYYMM or YYYY date is never read as one. cases: the cases naming the drug in the roles counted,
-- at a longest time on it within the range, that report the event (faers_signals' a); n: those giving the days;
-- usable_pct = 100 n / cases. median_days, q1_days, q3_days: the 50th, 25th and 75th percentiles of the n days,
-- interpolated between ranks (quantile_cont). A drug with no case of the event has no row.
WITH keep AS (
    SELECT DISTINCT sex, age_band FROM faers_case_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
), named AS (
    SELECT inn, sum(cases) AS cases
    FROM faers_drug_event_cells SEMI JOIN keep USING (sex, age_band) SEMI JOIN listed USING (inn)
    WHERE event = 'effect:' || $event AND roles = $roles
      AND in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)
      AND ($include_duplicates OR NOT duplicate)
    GROUP BY inn
), dated AS (
    SELECT inn, days, sum(cases) AS cases
    FROM faers_onset_cells SEMI JOIN keep USING (sex, age_band) SEMI JOIN listed USING (inn)
    WHERE event = 'effect:' || $event AND since = $since AND roles = $roles
      AND in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)
      AND ($include_duplicates OR NOT duplicate)
    GROUP BY inn, days
), each_case AS (SELECT inn, days, unnest(range(cases::BIGINT)) AS i FROM dated
), stats AS (
    SELECT inn, count(*) AS n, quantile_cont(days, 0.5) AS median_days, quantile_cont(days, 0.25) AS q1_days,
           quantile_cont(days, 0.75) AS q3_days
    FROM each_case GROUP BY inn
)
SELECT inn, g.drug_class, g.half_life_h, g.half_life_h_low, g.half_life_h_high, g.half_life_cite, g.half_life_source,
       named.cases::BIGINT AS cases, coalesce(s.n, 0)::BIGINT AS n, 100.0 * coalesce(s.n, 0) / named.cases AS usable_pct,
       s.median_days::DOUBLE AS median_days, s.q1_days::DOUBLE AS q1_days, s.q3_days::DOUBLE AS q3_days
FROM named LEFT JOIN stats s USING (inn) LEFT JOIN drugs g USING (inn)
WHERE named.cases > 0
ORDER BY n DESC, cases DESC, inn;
