-- _year_views (FAERS): the cells by year received that the ROR adjusted for year received needs
-- (faers_strata_by_year.sql), loaded after _views.sql when the FAERS folder holds faers_quarter_drug_cells.parquet
-- (sidefx/serve/sources.py, FAERS.optional; else _year_none.sql makes them empty). The import writes them by quarter
-- (queries/faers/_cells.sql, so an added quarter only adds its own); the page needs only the year, so they are summed
-- to years here, once per connection: a quarter of the rows to read on every run. A folder imported before the
-- quarter files were made has neither: the page still opens, and says this adjustment needs the quarters imported
-- again.
CREATE TEMP TABLE quarter_event_cells AS
SELECT * FROM read_parquet(faers_file('faers_quarter_event_cells.parquet'));
CREATE TEMP TABLE quarter_drug_cells AS SELECT * FROM read_parquet(faers_file('faers_quarter_drug_cells.parquet'));
-- A folder imported before probable duplicates were flagged: its cases count as not flagged (as in _views.sql).
ALTER TABLE quarter_event_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE quarter_drug_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;

CREATE TABLE faers_year_cells AS
SELECT left(quarter, 4) AS year, sex, age_band, duplicate, sum(cases)::BIGINT AS cases
FROM faers_quarter_cells GROUP BY ALL ORDER BY ALL;
CREATE TABLE faers_year_event_cells AS
SELECT left(quarter, 4) AS year, event, sex, age_band, duplicate, sum(cases)::BIGINT AS cases
FROM quarter_event_cells GROUP BY ALL ORDER BY ALL;
CREATE TABLE faers_year_drug_cells AS
SELECT left(quarter, 4) AS year, inn, roles, months_lo, months_hi, sex, age_band, duplicate, sum(cases)::BIGINT AS cases
FROM quarter_drug_cells GROUP BY ALL ORDER BY ALL;
CREATE TABLE faers_year_drug_event_cells AS
SELECT left(quarter, 4) AS year, event, inn, roles, months_lo, months_hi, sex, age_band, duplicate,
       sum(cases)::BIGINT AS cases
FROM faers_quarter_drug_event_cells GROUP BY ALL ORDER BY ALL;
DROP TABLE quarter_event_cells;
DROP TABLE quarter_drug_cells;
