-- dataset_info: the loaded survey's name, whether it is synthetic, and its source line (one row).
-- params:  none
-- columns: name VARCHAR, synthetic BOOLEAN, source VARCHAR
SELECT name, synthetic, source FROM dataset
