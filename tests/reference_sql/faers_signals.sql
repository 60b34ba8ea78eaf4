-- faers_signals (the case-level reference: the oracle tests/test_faers_signals.py checks the cells against): for one side effect (a catalogue effect or a preferred term), each antidepressant's reports and its ROR, PRR and IC with 95% intervals.
-- params:  $event VARCHAR, $roles VARCHAR[], $sexes VARCHAR[], $age_bands VARCHAR[], $min_months INTEGER, $max_months INTEGER, $include_unknown BOOLEAN
-- columns: inn VARCHAR, a BIGINT, b BIGINT, c BIGINT, d BIGINT, ror DOUBLE, ror_low DOUBLE, ror_high DOUBLE, prr DOUBLE, prr_low DOUBLE, prr_high DOUBLE, chi2_yates DOUBLE, ic DOUBLE, ic_low DOUBLE, ic_high DOUBLE, evans BOOLEAN, few BOOLEAN, known_time_pct DOUBLE
-- Over every deduplicated case that passes the sex and age filters (every drug, not only antidepressants;
-- cases naming no drug, or reporting no reaction, too):
-- a = cases naming the drug (in a chosen role, taken for a time within the range) that report the event;
-- b = those cases without the event; c = cases not naming the drug that report the event; d = neither.
-- Cases that name the drug but for a time outside the range are in neither group. The event is the
-- dashboard's side effect (faers_reactions.effect) or, if no effect has that key, a preferred term (whatever
-- its case and spaces).
-- ROR = (a/b)/(c/d), SE ln ROR = sqrt(1/a+1/b+1/c+1/d); PRR = (a/(a+b))/(c/(c+d)),
-- SE ln PRR = sqrt(1/a - 1/(a+b) + 1/c - 1/(c+d)); both undefined when a cell is 0. Evans' criteria:
-- PRR >= 2, Yates chi-squared >= 4, a >= 3. IC = log2((a+0.5)/(E+0.5)), E = (a+b)(a+c)/N, with the
-- gamma credibility interval (shape a+0.5, rate E+0.5), as WHO's VigiBase computes it; 'few' marks a < 3.
-- A preferred term is its words in lower case, joined by one space (written here apart from the import's
-- pt_key, so the cells' key is checked, not copied): 'Nausea ' and 'NAUSEA' are the term 'nausea'.
WITH cases AS (
    SELECT caseid FROM faers_cases
    WHERE (len($sexes) = 0 OR list_contains($sexes, sex))
      AND (len($age_bands) = 0 OR list_contains($age_bands, age_band))
), event AS (
    SELECT DISTINCT r.caseid FROM faers_reactions r SEMI JOIN cases USING (caseid)
    WHERE r.effect = $event OR (
        array_to_string(list_filter(string_split_regex(lower(r.pt), '\s+'), lambda w: w <> ''), ' ')
            = array_to_string(list_filter(string_split_regex(lower($event), '\s+'), lambda w: w <> ''), ' ')
        AND NOT EXISTS (SELECT 1 FROM faers_reactions WHERE effect = $event))
), totals AS (
    SELECT count(*) AS n, (SELECT count(*) FROM event) AS e FROM cases
), exposure AS (  -- each case naming each drug in a chosen role, at its longest time on it; does it report the event?
    SELECT inn, caseid,
           CASE WHEN months IS NULL THEN $include_unknown
                ELSE months >= $min_months AND (months <= $max_months OR $max_months >= 480) END AS in_range,
           reported, months IS NOT NULL AS known
    FROM (
        SELECT d.inn, d.caseid, max(d.duration_months) AS months, d.caseid IN (SELECT caseid FROM event) AS reported
        FROM faers_drugs d SEMI JOIN cases USING (caseid)
        WHERE list_contains($roles, d.role_cod)
        GROUP BY d.inn, d.caseid
    )
), cells AS (
    SELECT x.inn,
           count(*) FILTER (WHERE in_range AND reported) AS a,
           count(*) FILTER (WHERE in_range AND NOT reported) AS b,
           t.e - count(*) FILTER (WHERE reported) AS c,
           t.n - count(*) - (t.e - count(*) FILTER (WHERE reported)) AS d,
           100.0 * count(*) FILTER (WHERE known) / count(*) AS known_time_pct
    FROM exposure x CROSS JOIN totals t
    GROUP BY x.inn, t.n, t.e
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
