-- _faers_views: the FAERS folder's tables (written by python -m sidefx.faers), loaded when its database is made.
-- File names resolve against the variable faers_dir, set by sidefx/db.py. The function
-- gamma_quantile(p, shape) (the gamma distribution's quantile at rate 1, from scipy) is registered
-- by sidefx/db.py too: the information component's interval needs it.

CREATE MACRO faers_file(name) AS getvariable('faers_dir') || '/' || name;

-- The page reads only the cells (queries/_faers_cells.sql), never the case-level tables.
CREATE TABLE faers_case_cells AS SELECT * FROM read_parquet(faers_file('faers_case_cells.parquet'));
CREATE TABLE faers_event_cells AS SELECT * FROM read_parquet(faers_file('faers_event_cells.parquet'));
CREATE TABLE faers_drug_cells AS SELECT * FROM read_parquet(faers_file('faers_drug_cells.parquet'));
CREATE TABLE faers_drug_event_cells AS SELECT * FROM read_parquet(faers_file('faers_drug_event_cells.parquet'));
CREATE TABLE faers_quarter_cells AS SELECT * FROM read_parquet(faers_file('faers_quarter_cells.parquet'));
CREATE TABLE faers_totals AS SELECT * FROM read_parquet(faers_file('faers_totals.parquet'));
CREATE TABLE faers_dataset AS SELECT * FROM read_parquet(faers_file('dataset.parquet'));
