-- The reference: every survey question answered straight from the respondent-level tables,
-- as the dashboard did before it read cubes. tests/test_cubes.py checks that the queries in
-- queries/ (which read the cubes) give exactly these answers, count for count.

CREATE VIEW respondents AS SELECT * FROM read_parquet('respondents.parquet');
CREATE VIEW responses AS SELECT * FROM read_parquet('responses.parquet');
CREATE VIEW withdrawal AS SELECT * FROM read_parquet('withdrawal.parquet');
CREATE VIEW drugs AS SELECT * FROM read_parquet('drugs.parquet');
CREATE VIEW effects AS SELECT * FROM read_parquet('effects.parquet');
CREATE VIEW studies AS SELECT * FROM read_parquet('studies.parquet');
CREATE VIEW outcome_topics AS SELECT * FROM read_parquet('outcome_topics.parquet');
CREATE VIEW dataset AS SELECT * FROM read_parquet('dataset.parquet');
CREATE VIEW calibration_targets AS SELECT * FROM read_parquet('calibration_targets.parquet');

-- 95% Wilson score interval for k successes out of n, as proportions (0..1).
-- Tested against statsmodels' proportion_confint(method="wilson").
CREATE MACRO wilson_low(k, n) AS CASE WHEN n > 0 THEN
    ((k / n) + 1.959963984540054 ^ 2 / (2 * n)
     - 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.959963984540054 ^ 2 / n) END;
CREATE MACRO wilson_high(k, n) AS CASE WHEN n > 0 THEN
    ((k / n) + 1.959963984540054 ^ 2 / (2 * n)
     + 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.959963984540054 ^ 2 / n) END;

-- Display order of the duration bands (unknown last).
CREATE MACRO duration_band_order(band) AS CASE band
    WHEN '<3 months' THEN 1 WHEN '3-6 months' THEN 2 WHEN '6-12 months' THEN 3
    WHEN '1-3 years' THEN 4 WHEN '3+ years' THEN 5 ELSE 9 END;

-- Respondents matching the shared filters. An empty list means "no restriction".
-- A respondent with no recorded duration is kept only when include_unknown is true
-- (the filters set it when the duration range is left at its full extent). The slider's top
-- step, 480 months, means "480 months or more".
CREATE MACRO filtered_respondents(drugs, classes, min_months, max_months, include_unknown, sexes, age_bands) AS TABLE
    SELECT * FROM respondents r
    WHERE (len(drugs) = 0 OR list_contains(drugs, r.drug))
      AND (len(classes) = 0 OR list_contains(classes, r.drug_class))
      AND (len(sexes) = 0 OR list_contains(sexes, r.sex))
      AND (len(age_bands) = 0 OR list_contains(age_bands, r.age_band))
      AND (CASE WHEN r.duration_months IS NULL THEN include_unknown
                ELSE r.duration_months >= min_months AND (r.duration_months <= max_months OR max_months >= 480) END);

-- The value of the chosen "compare by" dimension for a respondent; 'All' when none.
CREATE MACRO group_value(group_by, drug, drug_class, duration_band, sex, age_band) AS CASE group_by
    WHEN 'drug' THEN drug WHEN 'class' THEN drug_class WHEN 'duration_band' THEN duration_band
    WHEN 'sex' THEN sex WHEN 'age_band' THEN age_band ELSE 'All' END;

-- The group a withdrawal row belongs to: as group_value, plus 'method' (tapered or abrupt).
CREATE MACRO withdrawal_group_value(group_by, method, drug, drug_class, duration_band, sex, age_band) AS
    CASE WHEN group_by = 'method' THEN method ELSE group_value(group_by, drug, drug_class, duration_band, sex, age_band) END;

-- Display order of groups: duration bands in time order, everything else alphabetical (0).
CREATE MACRO group_order(group_by, grp) AS CASE WHEN group_by = 'duration_band' THEN duration_band_order(grp) ELSE 0 END;
