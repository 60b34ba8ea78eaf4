-- _raw_views: the raw tables as views over every quarter's Parquet files (getvariable('raw_files'), _raw_files.sql), in place of the tables the quarters were read into.
-- params:  none
-- columns: none
-- Run once the quarters read are written to their own files: the deduplicated tables (_import.sql), the probable
-- duplicates (_dupes.sql) and the report's counts then read the whole history from Parquet, only the columns each
-- step needs, never loading it into memory.
DROP TABLE raw_demo;
CREATE VIEW raw_demo AS SELECT * FROM read_parquet(getvariable('raw_files').raw_demo);
DROP TABLE raw_drug;
CREATE VIEW raw_drug AS SELECT * FROM read_parquet(getvariable('raw_files').raw_drug);
DROP TABLE raw_reac;
CREATE VIEW raw_reac AS SELECT * FROM read_parquet(getvariable('raw_files').raw_reac);
DROP TABLE raw_ther;
CREATE VIEW raw_ther AS SELECT * FROM read_parquet(getvariable('raw_files').raw_ther);
DROP TABLE raw_deleted;
CREATE VIEW raw_deleted AS SELECT * FROM read_parquet(getvariable('raw_files').raw_deleted);
DROP TABLE raw_country;
CREATE VIEW raw_country AS SELECT * FROM read_parquet(getvariable('raw_files').raw_country);
DROP TABLE raw_drugset;
CREATE VIEW raw_drugset AS SELECT * FROM read_parquet(getvariable('raw_files').raw_drugset);
