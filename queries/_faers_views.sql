-- _faers_views: the FAERS folder's tables (written by python -m sidefx.faers), loaded when its database is made.
-- File names resolve against the variable faers_dir, set by sidefx/db.py. The function
-- gamma_quantile(p, shape) (the gamma distribution's quantile at rate 1, from scipy) is registered
-- by sidefx/db.py too: the information component's interval needs it.

CREATE MACRO faers_file(name) AS getvariable('faers_dir') || '/' || name;

CREATE TABLE faers_cases AS SELECT * FROM read_parquet(faers_file('faers_cases.parquet'));
CREATE TABLE faers_drugs AS SELECT * FROM read_parquet(faers_file('faers_drugs.parquet'));
CREATE TABLE faers_reactions AS SELECT * FROM read_parquet(faers_file('faers_reactions.parquet'));
CREATE TABLE faers_dataset AS SELECT * FROM read_parquet(faers_file('dataset.parquet'));
