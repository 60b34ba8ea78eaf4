-- _views (FAERS): the FAERS folder's tables (written by python -m sidefx.faers), loaded when its database is made.
-- File names resolve against the variable faers_dir, set by sidefx/db.py. The function
-- gamma_quantile(p, shape) (the gamma distribution's quantile at rate 1, from scipy) is registered
-- by sidefx/db.py too: the information component's interval needs it.

CREATE MACRO faers_file(name) AS getvariable('faers_dir') || '/' || name;

-- The page reads only the cells (queries/faers/_cells.sql), never the case-level tables.
CREATE TABLE faers_case_cells AS SELECT * FROM read_parquet(faers_file('faers_case_cells.parquet'));
CREATE TABLE faers_event_cells AS SELECT * FROM read_parquet(faers_file('faers_event_cells.parquet'));
CREATE TABLE faers_drug_cells AS SELECT * FROM read_parquet(faers_file('faers_drug_cells.parquet'));
CREATE TABLE faers_drug_event_cells AS SELECT * FROM read_parquet(faers_file('faers_drug_event_cells.parquet'));
CREATE TABLE faers_quarter_cells AS SELECT * FROM read_parquet(faers_file('faers_quarter_cells.parquet'));
CREATE TABLE faers_quarter_drug_event_cells AS
SELECT * FROM read_parquet(faers_file('faers_quarter_drug_event_cells.parquet'));
CREATE TABLE faers_totals AS SELECT * FROM read_parquet(faers_file('faers_totals.parquet'));
CREATE TABLE faers_dataset AS SELECT * FROM read_parquet(faers_file('dataset.parquet'));
-- The drug catalogue as it was at import (class, half-life and its source), written beside the cells.
CREATE TABLE drugs AS SELECT * FROM read_parquet(faers_file('drugs.parquet'));
-- The side-effect catalogue as it was at import: the effects data/sources/faers_terms.csv maps terms to.
CREATE TABLE effects AS SELECT * FROM read_parquet(faers_file('effects.parquet'));

-- Is a time-on-drug bin [lo, hi] within the chosen range? An unknown time (NULL) counts only while the range is whole.
CREATE MACRO in_time(lo, hi, min_months, max_months, include_unknown) AS
    CASE WHEN lo IS NULL THEN include_unknown ELSE lo >= min_months AND hi <= max_months END;

-- A folder imported before probable duplicates were flagged (queries/faers/_dupes.sql) has cells without the
-- duplicate key and totals without the count: its cases count as not flagged, and duplicates is NULL (not checked).
ALTER TABLE faers_case_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_event_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_drug_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_drug_event_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_quarter_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_quarter_drug_event_cells ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;
ALTER TABLE faers_totals ADD COLUMN IF NOT EXISTS duplicates BIGINT;
