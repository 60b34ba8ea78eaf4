-- _touched_views: the raw tables made views over the touched cases' rows only (every version of each, over every quarter's files), for _import.sql and _dupes.sql to make those cases again.
-- params:  none
-- columns: none
-- Each touched case's DEMO rows (by case number) and deleted-list rows (a NULL case number kept, as NOT IN reads it),
-- then the DRUG, REAC, THER, country and drug-set rows of those versions' report numbers: every row _import.sql and
-- _dupes.sql join a touched case to, so they make it exactly as from every row. _raw_whole.sql puts the views back.
CREATE OR REPLACE TEMP TABLE touched_demo AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_demo) WHERE try_cast(caseid AS BIGINT) IN (SELECT caseid FROM touched);
CREATE OR REPLACE TEMP TABLE touched_deleted AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_deleted)
WHERE caseid IS NULL OR try_cast(caseid AS BIGINT) IN (SELECT caseid FROM touched);
CREATE OR REPLACE TEMP TABLE touched_reports AS SELECT DISTINCT primaryid FROM touched_demo;
CREATE OR REPLACE TEMP TABLE touched_drug AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_drug) SEMI JOIN touched_reports USING (primaryid);
CREATE OR REPLACE TEMP TABLE touched_reac AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_reac) SEMI JOIN touched_reports USING (primaryid);
CREATE OR REPLACE TEMP TABLE touched_ther AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_ther) SEMI JOIN touched_reports USING (primaryid);
CREATE OR REPLACE TEMP TABLE touched_country AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_country) SEMI JOIN touched_reports USING (primaryid);
CREATE OR REPLACE TEMP TABLE touched_drugset AS
SELECT * FROM read_parquet(getvariable('raw_files').raw_drugset) SEMI JOIN touched_reports USING (primaryid);
CREATE OR REPLACE VIEW raw_demo AS SELECT * FROM touched_demo;
CREATE OR REPLACE VIEW raw_deleted AS SELECT * FROM touched_deleted;
CREATE OR REPLACE VIEW raw_drug AS SELECT * FROM touched_drug;
CREATE OR REPLACE VIEW raw_reac AS SELECT * FROM touched_reac;
CREATE OR REPLACE VIEW raw_ther AS SELECT * FROM touched_ther;
CREATE OR REPLACE VIEW raw_country AS SELECT * FROM touched_country;
CREATE OR REPLACE VIEW raw_drugset AS SELECT * FROM touched_drugset;
