-- _raw_files: the Parquet files of every quarter's raw tables (one file per table and quarter), read by _raw_views.sql.
-- params:  $files STRUCT
-- columns: none
-- $files: for each raw table (raw_demo, raw_drug, raw_reac, raw_ther, raw_deleted, raw_country, raw_drugset), its
-- files: the quarters read in this import and every earlier one the folder keeps.
SET VARIABLE raw_files = $files;
