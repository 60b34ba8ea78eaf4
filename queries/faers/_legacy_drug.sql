-- _legacy_drug: a legacy AERS DRUG file's staged rows, with no active ingredient (prod_ai): the drug name is all there is.
-- params:  none
-- columns: none
CREATE OR REPLACE TEMP TABLE stage AS SELECT *, CAST(NULL AS VARCHAR) AS prod_ai FROM stage;
