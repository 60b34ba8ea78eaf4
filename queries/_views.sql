-- _views: the tables the queries read, loaded from data/*.parquet when the database is made, plus shared macros.
-- File names resolve against the data folder (the variable data_dir, set by sidefx/db.py to a
-- local folder or a remote location), so no query names a path and tests can point the
-- dashboard at a folder of fixture files.
-- The survey is read only through its cubes (made by queries/_cubes.sql when data is built
-- or imported): no page scans the respondent-level tables.

CREATE MACRO data_file(name) AS getvariable('data_dir') || '/' || name;

CREATE TABLE respondent_cells AS SELECT * FROM read_parquet(data_file('respondent_cells.parquet'));
CREATE TABLE response_cells AS SELECT * FROM read_parquet(data_file('response_cells.parquet'));
CREATE TABLE withdrawal_cells AS SELECT * FROM read_parquet(data_file('withdrawal_cells.parquet'));
CREATE TABLE withdrawal_course_cells AS SELECT * FROM read_parquet(data_file('withdrawal_course_cells.parquet'));
CREATE TABLE drugs AS SELECT * FROM read_parquet(data_file('drugs.parquet'));
CREATE TABLE effects AS SELECT * FROM read_parquet(data_file('effects.parquet'));
CREATE TABLE dataset AS SELECT * FROM read_parquet(data_file('dataset.parquet'));
CREATE TABLE calibration_targets AS SELECT * FROM read_parquet(data_file('calibration_targets.parquet'));

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

-- The cells of a cube (respondent_cells, response_cells, withdrawal_cells, withdrawal_course_cells) matching the shared
-- filters. An empty list means "no restriction". A cell's duration bin [months_lo, months_hi] lies
-- wholly inside or wholly outside any range of slider steps, so whole cells are kept or dropped.
-- Respondents with no recorded duration are kept only when include_unknown is true (the filters
-- set it when the duration range is left at its full extent).
CREATE MACRO filtered_cells(cube, drugs, classes, min_months, max_months, include_unknown, sexes, age_bands) AS TABLE
    SELECT * FROM query_table(cube) c
    WHERE (len(drugs) = 0 OR list_contains(drugs, c.drug))
      AND (len(classes) = 0 OR list_contains(classes, c.drug_class))
      AND (len(sexes) = 0 OR list_contains(sexes, c.sex))
      AND (len(age_bands) = 0 OR list_contains(age_bands, c.age_band))
      AND (CASE WHEN c.months_lo IS NULL THEN include_unknown
                ELSE c.months_lo >= min_months AND c.months_hi <= max_months END);

-- The value of the chosen "compare by" dimension for a respondent; 'All' when none.
CREATE MACRO group_value(group_by, drug, drug_class, duration_band, sex, age_band) AS CASE group_by
    WHEN 'drug' THEN drug WHEN 'class' THEN drug_class WHEN 'duration_band' THEN duration_band
    WHEN 'sex' THEN sex WHEN 'age_band' THEN age_band ELSE 'All' END;

-- The group a withdrawal row belongs to: as group_value, plus 'method' (tapered or abrupt).
CREATE MACRO withdrawal_group_value(group_by, method, drug, drug_class, duration_band, sex, age_band) AS
    CASE WHEN group_by = 'method' THEN method ELSE group_value(group_by, drug, drug_class, duration_band, sex, age_band) END;

-- Display order of groups: duration bands in time order, everything else alphabetical (0).
CREATE MACRO group_order(group_by, grp) AS CASE WHEN group_by = 'duration_band' THEN duration_band_order(grp) ELSE 0 END;
