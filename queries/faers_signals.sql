-- faers_signals: for one side effect (a catalogue effect or a preferred term), each antidepressant's reports and its ROR, PRR and IC with 95% intervals.
-- params:  $event VARCHAR, $roles VARCHAR, $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN
-- columns: inn VARCHAR, a BIGINT, b BIGINT, c BIGINT, d BIGINT, ror DOUBLE, ror_low DOUBLE, ror_high DOUBLE, prr DOUBLE, prr_low DOUBLE, prr_high DOUBLE, chi2_yates DOUBLE, ic DOUBLE, ic_low DOUBLE, ic_high DOUBLE, evans BOOLEAN, few BOOLEAN, known_time_pct DOUBLE
-- Sums of the cells made by _faers_cells.sql, over every deduplicated case that passes the sex and age
-- filters (every drug, not only antidepressants). $roles is 'suspect' (PS, SS) or 'any' (PS, SS, C, I).
-- a = cases naming the drug in those roles, at a longest time on it within the range, that report the event;
-- b = those cases without the event; c = cases not naming the drug that report the event; d = neither.
-- Cases that name the drug but for a time outside the range are in neither group. The event is the
-- dashboard's side effect or, if no side effect has that key, a preferred term.
-- ROR = (a/b)/(c/d), SE ln ROR = sqrt(1/a+1/b+1/c+1/d); PRR = (a/(a+b))/(c/(c+d)),
-- SE ln PRR = sqrt(1/a - 1/(a+b) + 1/c - 1/(c+d)); both undefined when a cell is 0. Evans' criteria:
-- PRR >= 2, Yates chi-squared >= 4, a >= 3. IC = log2((a+0.5)/(E+0.5)), E = (a+b)(a+c)/N, with the
-- gamma credibility interval (shape a+0.5, rate E+0.5), as WHO's VigiBase computes it; 'few' marks a < 3.
-- known_time_pct: of the cases naming the drug (in those roles, any time), the % whose time on it is known.
WITH keep AS (  -- the sex and age cells chosen
    SELECT sex, age_band FROM faers_case_cells
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
), key AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM faers_event_cells WHERE event = 'effect:' || $event)
                THEN 'effect:' || $event ELSE 'pt:' || lower($event) END AS event
), totals AS (
    SELECT (SELECT coalesce(sum(cases), 0) FROM faers_case_cells SEMI JOIN keep USING (sex, age_band)) AS n,
           (SELECT coalesce(sum(cases), 0) FROM faers_event_cells SEMI JOIN keep USING (sex, age_band)
            WHERE event = (SELECT event FROM key)) AS e
), drug AS (
    SELECT inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed,
           coalesce(sum(cases) FILTER (WHERE months_lo IS NOT NULL), 0) AS known
    FROM faers_drug_cells SEMI JOIN keep USING (sex, age_band)
    WHERE roles = $roles
    GROUP BY inn
), drug_event AS (
    SELECT inn,
           sum(cases) AS named,
           coalesce(sum(cases) FILTER (WHERE in_time(months_lo, months_hi, $min_months, $max_months, $include_unknown)), 0)
               AS exposed
    FROM faers_drug_event_cells SEMI JOIN keep USING (sex, age_band)
    WHERE roles = $roles AND event = (SELECT event FROM key)
    GROUP BY inn
), cells AS (
    SELECT d.inn,
           coalesce(x.exposed, 0)::BIGINT AS a,
           (d.exposed - coalesce(x.exposed, 0))::BIGINT AS b,
           (t.e - coalesce(x.named, 0))::BIGINT AS c,
           (t.n - d.named - (t.e - coalesce(x.named, 0)))::BIGINT AS d,
           100.0 * d.known / d.named AS known_time_pct
    FROM drug d LEFT JOIN drug_event x USING (inn) CROSS JOIN totals t
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
SELECT inn, a, b, c, d,
       ror, ror * exp(-1.959963984540054 * se_ror) AS ror_low, ror * exp(1.959963984540054 * se_ror) AS ror_high,
       prr, prr * exp(-1.959963984540054 * se_prr) AS prr_low, prr * exp(1.959963984540054 * se_prr) AS prr_high,
       chi2_yates,
       log2((fa + 0.5) / (expected + 0.5)) AS ic,
       log2(gamma_quantile(0.025, fa + 0.5) / (expected + 0.5)) AS ic_low,
       log2(gamma_quantile(0.975, fa + 0.5) / (expected + 0.5)) AS ic_high,
       coalesce(prr >= 2 AND chi2_yates >= 4 AND a >= 3, false) AS evans,
       a < 3 AS few,
       known_time_pct
FROM measures
ORDER BY ror DESC NULLS LAST, a DESC, inn;
