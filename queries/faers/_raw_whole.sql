-- _raw_whole: the raw tables made views over every row of every quarter's files again, after _touched_views.sql narrowed them to the touched cases.
-- params:  none
-- columns: none
CREATE OR REPLACE VIEW raw_demo AS SELECT * FROM read_parquet(getvariable('raw_files').raw_demo);
CREATE OR REPLACE VIEW raw_deleted AS SELECT * FROM read_parquet(getvariable('raw_files').raw_deleted);
CREATE OR REPLACE VIEW raw_drug AS SELECT * FROM read_parquet(getvariable('raw_files').raw_drug);
CREATE OR REPLACE VIEW raw_reac AS SELECT * FROM read_parquet(getvariable('raw_files').raw_reac);
CREATE OR REPLACE VIEW raw_ther AS SELECT * FROM read_parquet(getvariable('raw_files').raw_ther);
CREATE OR REPLACE VIEW raw_country AS SELECT * FROM read_parquet(getvariable('raw_files').raw_country);
CREATE OR REPLACE VIEW raw_drugset AS SELECT * FROM read_parquet(getvariable('raw_files').raw_drugset);
DROP TABLE touched_demo;
DROP TABLE touched_deleted;
DROP TABLE touched_drug;
DROP TABLE touched_reac;
DROP TABLE touched_ther;
DROP TABLE touched_country;
DROP TABLE touched_drugset;
