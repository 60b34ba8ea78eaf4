-- faers_by_quarter: cases reporting one side effect with each antidepressant, by the quarter the case was received, beside every case received that quarter.
-- params:  $event VARCHAR, $roles VARCHAR, $drugs VARCHAR[], $classes VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $include_duplicates BOOLEAN
-- columns: quarter VARCHAR, inn VARCHAR, cases BIGINT, quarter_cases BIGINT
-- Sums of the cells made by _faers_cells.sql. The quarter is the one whose file held the case's latest
-- version. $event is a catalogue side effect (preferred terms are not kept by quarter); cases count as in
-- faers_signals' a: naming the drug in the roles counted, at a longest time on it within the range.
-- quarter_cases: every case received that quarter that passes the sex and age filters, whatever its drugs.
-- Probable duplicates of another case number (the cells' duplicate) count only with $include_duplicates.
-- A quarter in which no case names the drug with the event has a row with 0 cases, so lines do not skip it.
WITH keep AS (
    SELECT DISTINCT sex, age_band, duplicate FROM faers_quarter_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
      AND ($include_duplicates OR NOT duplicate)
), quarters AS (
    SELECT quarter, coalesce(sum(cases) FILTER (WHERE (sex, age_band, duplicate) IN (SELECT (sex, age_band, duplicate) FROM keep)), 0)
               AS quarter_cases
    FROM faers_quarter_cells GROUP BY quarter
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
), counted AS (
    SELECT quarter, inn, sum(cases) AS cases
    FROM faers_quarter_drug_event_cells SEMI JOIN keep USING (sex, age_band, duplicate)
    WHERE event = 'effect:' || $event AND roles = $roles
      AND in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)
    GROUP BY ALL
)
SELECT q.quarter, l.inn, coalesce(c.cases, 0)::BIGINT AS cases, q.quarter_cases::BIGINT AS quarter_cases
FROM quarters q CROSS JOIN listed l LEFT JOIN counted c ON c.quarter = q.quarter AND c.inn = l.inn
WHERE l.inn IN (SELECT inn FROM counted)
ORDER BY q.quarter, l.inn;
