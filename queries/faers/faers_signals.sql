-- faers_signals: for each side effect asked for (a catalogue effect or a preferred term), each antidepressant's reports and its ROR, PRR and IC with 95% intervals, beside its class and half-life.
-- params:  $events VARCHAR[], $roles VARCHAR, $split VARCHAR, $drugs VARCHAR[], $classes VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN, $include_duplicates BOOLEAN
-- columns: event VARCHAR, grp VARCHAR, inn VARCHAR, drug_class VARCHAR, half_life_h DOUBLE, half_life_h_low DOUBLE, half_life_h_high DOUBLE, half_life_cite VARCHAR, half_life_source VARCHAR, a BIGINT, b BIGINT, c BIGINT, d BIGINT, ror DOUBLE, ror_low DOUBLE, ror_high DOUBLE, prr DOUBLE, prr_low DOUBLE, prr_high DOUBLE, chi2_yates DOUBLE, ic DOUBLE, ic_low DOUBLE, ic_high DOUBLE, evans BOOLEAN, few BOOLEAN, known_time_pct DOUBLE
-- Sums of the cells made by _faers_cells.sql, over every deduplicated case that passes the sex and age
-- filters (and, unless $include_duplicates, is not flagged as a probable duplicate of another case number): N = a + b + c + d is every such case, whatever drugs it names (none, or none as a suspect, too)
-- and whether or not it reports any reaction. $roles is 'suspect' (PS, SS) or 'any' (PS, SS, C, I).
-- a = cases naming the drug in those roles, at a longest time on it within the range, that report the event;
-- b = those cases without the event; c = cases not naming the drug that report the event; d = neither.
-- Cases that name the drug but for a time outside the range are in neither group. Each event is the
-- dashboard's side effect or, if no side effect has that key, a preferred term, whatever its case and spaces
-- (pt_key, queries/faers/_terms.sql): 'Nausea' and 'NAUSEA' asked together each give Nausea's one table.
-- $drugs and $classes only choose which drugs are listed (an empty list is every one): each drug is still
-- compared with every case not naming it. $split 'sex' or 'age_band' makes a 2x2 table within each sex or age band
-- (grp; every count is within it, as if only that sex or band were chosen); 'sex_age' within each sex and age band
-- together (grp 'female · 45-54'; 'not given' is a sex and a band of its own), the strata sidefx/faers/adjusted.py
-- pools into an ROR adjusted for sex and age; 'none' gives grp 'all'.
-- ROR = (a/b)/(c/d), SE ln ROR = sqrt(1/a+1/b+1/c+1/d); PRR = (a/(a+b))/(c/(c+d)),
-- SE ln PRR = sqrt(1/a - 1/(a+b) + 1/c - 1/(c+d)); both undefined when a cell is 0. Evans' criteria:
-- PRR >= 2, Yates chi-squared >= 4, a >= 3. IC = log2((a+0.5)/(E+0.5)), E = (a+b)(a+c)/N, with the
-- gamma credibility interval (shape a+0.5, rate E+0.5), as WHO's VigiBase computes it; 'few' marks a < 3.
-- known_time_pct: of the cases naming the drug (in those roles, any time), the % whose time on it is known.
WITH keep AS (  -- the sex, age and duplicate cells chosen, each with the group it is counted in
    SELECT DISTINCT sex, age_band, duplicate, CASE $split WHEN 'sex' THEN sex WHEN 'age_band' THEN age_band
                                                   WHEN 'sex_age' THEN sex || ' · ' || age_band ELSE 'all' END AS grp
    FROM faers_case_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
      AND ($include_duplicates OR NOT duplicate)
), asked AS (SELECT DISTINCT unnest($events) AS asked
), key AS (  -- each event asked for, as its cells' key (several spellings of a term may give one key)
    SELECT asked, CASE WHEN EXISTS (SELECT 1 FROM faers_event_cells WHERE event = 'effect:' || asked)
                       THEN 'effect:' || asked ELSE 'pt:' || pt_key(asked) END AS key
    FROM asked
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
), n AS (
    SELECT grp, sum(cases) AS n FROM faers_case_cells JOIN keep USING (sex, age_band, duplicate) GROUP BY grp
), e AS (  -- each key's cases once, however many of the events asked for give it
    SELECT x.event AS key, grp, sum(x.cases) AS e
    FROM faers_event_cells x JOIN keep USING (sex, age_band, duplicate)
    WHERE x.event IN (SELECT key FROM key)
    GROUP BY ALL
), totals AS (
    SELECT k.asked, k.key, n.grp, n.n, coalesce(e.e, 0) AS e
    FROM key k CROSS JOIN n LEFT JOIN e ON e.key = k.key AND e.grp = n.grp
), drug AS (
    SELECT grp, inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed,
           coalesce(sum(cases) FILTER (WHERE months_lo IS NOT NULL), 0) AS known
    FROM faers_drug_cells JOIN keep USING (sex, age_band, duplicate) SEMI JOIN listed USING (inn)
    WHERE roles = $roles
    GROUP BY grp, inn
), drug_event AS (
    SELECT event AS key, grp, inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed
    FROM faers_drug_event_cells JOIN keep USING (sex, age_band, duplicate) SEMI JOIN listed USING (inn)
    WHERE roles = $roles AND event IN (SELECT key FROM key)
    GROUP BY ALL
), cells AS (
    SELECT t.asked AS event, d.grp, d.inn,
           coalesce(x.exposed, 0)::BIGINT AS a,
           (d.exposed - coalesce(x.exposed, 0))::BIGINT AS b,
           (t.e - coalesce(x.named, 0))::BIGINT AS c,
           (t.n - d.named - (t.e - coalesce(x.named, 0)))::BIGINT AS d,
           100.0 * d.known / d.named AS known_time_pct
    FROM drug d JOIN totals t USING (grp) LEFT JOIN drug_event x ON x.inn = d.inn AND x.key = t.key AND x.grp = d.grp
), doubles AS (  -- the cells as DOUBLE: products of four counts of 10 million cases overflow BIGINT
    SELECT *, a::DOUBLE AS fa, b::DOUBLE AS fb, c::DOUBLE AS fc, d::DOUBLE AS fd, (a + b + c + d)::DOUBLE AS total
    FROM cells
), measures AS (
    SELECT *,
           CASE WHEN a > 0 AND b > 0 AND c > 0 AND d > 0 THEN (fa / fb) / (fc / fd) END AS ror,
           CASE WHEN a > 0 AND b > 0 AND c > 0 AND d > 0 THEN sqrt(1 / fa + 1 / fb + 1 / fc + 1 / fd) END AS se_ror,
           CASE WHEN a > 0 AND c > 0 THEN (fa / (fa + fb)) / (fc / (fc + fd)) END AS prr,
           CASE WHEN a > 0 AND c > 0 THEN sqrt(1 / fa - 1 / (fa + fb) + 1 / fc - 1 / (fc + fd)) END AS se_prr,
           CASE WHEN (fa + fb) * (fc + fd) * (fa + fc) * (fb + fd) > 0
                THEN total * power(greatest(abs(fa * fd - fb * fc) - total / 2, 0), 2)
                     / ((fa + fb) * (fc + fd) * (fa + fc) * (fb + fd))
           END AS chi2_yates,
           (fa + fb) * (fa + fc) / total AS expected
    FROM doubles
)
SELECT event, grp, inn, g.drug_class, g.half_life_h, g.half_life_h_low, g.half_life_h_high, g.half_life_cite,
       g.half_life_source, a, b, c, d,
       ror, ror * exp(-1.959963984540054 * se_ror) AS ror_low, ror * exp(1.959963984540054 * se_ror) AS ror_high,
       prr, prr * exp(-1.959963984540054 * se_prr) AS prr_low, prr * exp(1.959963984540054 * se_prr) AS prr_high,
       chi2_yates,
       log2((fa + 0.5) / (expected + 0.5)) AS ic,
       log2(gamma_quantile(0.025, fa + 0.5) / (expected + 0.5)) AS ic_low,
       log2(gamma_quantile(0.975, fa + 0.5) / (expected + 0.5)) AS ic_high,
       coalesce(prr >= 2 AND chi2_yates >= 4 AND a >= 3, false) AS evans,
       a < 3 AS few,
       known_time_pct
FROM measures LEFT JOIN drugs g USING (inn)
ORDER BY event, grp, ror DESC NULLS LAST, a DESC, inn;
