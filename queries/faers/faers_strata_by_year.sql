-- faers_strata_by_year: for each of the dashboard's side effects asked for, each antidepressant's 2x2 table within each sex × age band × year received, the strata sidefx/faers/adjusted.py pools into an ROR adjusted for the three.
-- params:  $events VARCHAR[], $roles VARCHAR, $drugs VARCHAR[], $classes VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $include_duplicates BOOLEAN
-- columns: event VARCHAR, grp VARCHAR, inn VARCHAR, a BIGINT, b BIGINT, c BIGINT, d BIGINT
-- faers_signals.sql's tables with $split 'sex_age', each stratum cut again by the year received (of the quarter whose
-- file held the case's latest version, as EBGM's strata are: grp 'female · 45-54 · 2019'), from the cells by year
-- (queries/faers/_year_views.sql). Those are kept for the catalogue's side effects only: an event asked for that is no side
-- effect of the catalogue (a preferred term) gives no rows. Every other definition is faers_signals.sql's: N is every
-- case passing the sex, age and duplicate choices; a = cases naming the drug in the roles at a time on it within the
-- range that report the event, b = those without it, c = cases not naming the drug that report it, d = neither.
WITH keep AS (  -- the year, sex, age and duplicate cells chosen, each with its stratum
    SELECT year, sex, age_band, duplicate, sex || ' · ' || age_band || ' · ' || year AS grp
    FROM faers_year_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
      AND ($include_duplicates OR NOT duplicate)
), key AS (  -- each side effect asked for, as its cells' key
    SELECT DISTINCT asked, 'effect:' || asked AS key
    FROM (SELECT unnest($events) AS asked)
    WHERE EXISTS (SELECT 1 FROM faers_event_cells WHERE event = 'effect:' || asked)
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_year_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
), n AS (
    SELECT grp, sum(cases) AS n FROM faers_year_cells JOIN keep USING (year, sex, age_band, duplicate) GROUP BY grp
), e AS (
    SELECT x.event AS key, grp, sum(x.cases) AS e
    FROM faers_year_event_cells x JOIN keep USING (year, sex, age_band, duplicate)
    WHERE x.event IN (SELECT key FROM key)
    GROUP BY ALL
), totals AS (
    SELECT k.asked, k.key, n.grp, n.n, coalesce(e.e, 0) AS e
    FROM key k CROSS JOIN n LEFT JOIN e ON e.key = k.key AND e.grp = n.grp
), drug AS (
    SELECT grp, inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed
    FROM faers_year_drug_cells JOIN keep USING (year, sex, age_band, duplicate) SEMI JOIN listed USING (inn)
    WHERE roles = $roles
    GROUP BY grp, inn
), drug_event AS (
    SELECT event AS key, grp, inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed
    FROM faers_year_drug_event_cells JOIN keep USING (year, sex, age_band, duplicate) SEMI JOIN listed USING (inn)
    WHERE roles = $roles AND event IN (SELECT key FROM key)
    GROUP BY ALL
)
SELECT t.asked AS event, d.grp, d.inn,
       coalesce(x.exposed, 0)::BIGINT AS a,
       (d.exposed - coalesce(x.exposed, 0))::BIGINT AS b,
       (t.e - coalesce(x.named, 0))::BIGINT AS c,
       (t.n - d.named - (t.e - coalesce(x.named, 0)))::BIGINT AS d
FROM drug d JOIN totals t USING (grp) LEFT JOIN drug_event x ON x.inn = d.inn AND x.key = t.key AND x.grp = d.grp
ORDER BY event, grp, inn;
