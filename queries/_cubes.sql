-- _cubes: the pre-aggregated tables the pages read, made from the respondent-level tables when
-- data is built or imported (sidefx/cubes.py writes each one to Parquet, out of core).
-- The respondent-level tables stay in the data folder as the record; no page reads them.
--
-- A cell counts the respondents (or answers) sharing every key. The keys are everything a
-- filter or a "compare by" can ask about, so every page's numbers are sums of whole cells and
-- are exact: Wilson intervals are computed from the summed counts at query time. Cells are
-- sorted on every column, the first being what queries filter on most, so a rebuild of the
-- same survey writes the same files.
--
-- Duration of use is kept as a bin [months_lo, months_hi] cut at the slider's steps ($steps,
-- DURATION_STEPS in sidefx/filters.py): one bin per step value and one for the whole months
-- strictly between two steps. A duration beyond the last step is the bin
-- [last step + 1, last step]: the slider's top step means "or more", so it is counted whenever
-- the range reaches the top. Respondents who gave no duration have NULL bounds.

CREATE VIEW respondents AS SELECT * FROM read_parquet('respondents.parquet');
CREATE VIEW responses AS SELECT * FROM read_parquet('responses.parquet');
CREATE VIEW withdrawal AS SELECT * FROM read_parquet('withdrawal.parquet');

-- The duration bin of every month count present, one row per distinct value (a small table).
CREATE MACRO duration_bins(steps) AS TABLE
    WITH s AS (SELECT unnest(steps) AS step),
         m AS (SELECT DISTINCT duration_months AS m FROM respondents WHERE duration_months IS NOT NULL)
    SELECT m.m AS duration_months,
           CASE WHEN bool_or(s.step = m.m) THEN m.m
                ELSE coalesce(max(s.step) FILTER (WHERE s.step < m.m) + 1, 0) END AS months_lo,
           CASE WHEN bool_or(s.step = m.m) THEN m.m
                ELSE coalesce(min(s.step) FILTER (WHERE s.step > m.m) - 1, max(s.step)) END AS months_hi
    FROM m CROSS JOIN s
    GROUP BY m.m;

-- Each respondent's cell keys.
CREATE MACRO respondent_keys(steps) AS TABLE
    SELECT r.respondent_id, r.dataset, r.drug, r.drug_class, b.months_lo, b.months_hi, r.duration_months,
           r.duration_band, r.sex, r.age_band, r.tried_to_stop
    FROM respondents r LEFT JOIN duration_bins(steps) b USING (duration_months);

-- respondent_cells: respondents per cell, with the least and most months in it (for the data summary).
CREATE MACRO respondent_cells(steps) AS TABLE
    SELECT dataset, drug, drug_class, months_lo, months_hi, duration_band, sex, age_band, tried_to_stop,
           count(*) AS respondents, min(duration_months) AS months_min, max(duration_months) AS months_max
    FROM respondent_keys(steps)
    GROUP BY ALL
    ORDER BY ALL;

-- response_cells: answers to each side-effect question per cell, by answer and severity.
CREATE MACRO response_cells(steps) AS TABLE
    SELECT s.effect, r.drug, r.drug_class, r.months_lo, r.months_hi, r.duration_band, r.sex, r.age_band,
           s.reported, s.severity, count(*) AS respondents
    FROM responses s JOIN respondent_keys(steps) r USING (respondent_id)
    GROUP BY ALL
    ORDER BY ALL;

-- withdrawal_cells: those who tried to stop, per cell, by outcome, severity and how they stopped.
CREATE MACRO withdrawal_cells(steps) AS TABLE
    SELECT r.drug, r.drug_class, r.months_lo, r.months_hi, r.duration_band, r.sex, r.age_band,
           w.had_withdrawal, w.severity, w.method, count(*) AS respondents
    FROM withdrawal w JOIN respondent_keys(steps) r USING (respondent_id)
    GROUP BY ALL
    ORDER BY ALL;

-- withdrawal_course_cells: those who had withdrawal effects, per cell, by severity, how they stopped,
-- how long the effects lasted (bins left-closed in weeks) and whether they went back on the drug.
-- Kept apart from withdrawal_cells so the questions most pages ask read a cube several times smaller.
CREATE MACRO withdrawal_course_cells(steps) AS TABLE
    SELECT r.drug, r.drug_class, r.months_lo, r.months_hi, r.duration_band, r.sex, r.age_band,
           w.severity, w.method, w.restarted,
           CASE WHEN w.duration_weeks < 2 THEN 'under 2 weeks'
                WHEN w.duration_weeks < 4 THEN '2-4 weeks'
                WHEN w.duration_weeks < 13 THEN '1-3 months'
                WHEN w.duration_weeks < 26 THEN '3-6 months'
                WHEN w.duration_weeks < 52 THEN '6-12 months'
                WHEN w.duration_weeks < 104 THEN '1-2 years'
                WHEN w.duration_weeks >= 104 THEN '2 years or more'
                ELSE 'not recorded' END AS lasted,
           CASE lasted WHEN 'under 2 weeks' THEN 1 WHEN '2-4 weeks' THEN 2 WHEN '1-3 months' THEN 3 WHEN '3-6 months' THEN 4
                WHEN '6-12 months' THEN 5 WHEN '1-2 years' THEN 6 WHEN '2 years or more' THEN 7 ELSE 9 END AS lasted_order,
           count(*) AS respondents
    FROM withdrawal w JOIN respondent_keys(steps) r USING (respondent_id)
    WHERE w.had_withdrawal
    GROUP BY ALL
    ORDER BY ALL;
