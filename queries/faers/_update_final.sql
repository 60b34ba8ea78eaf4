-- _update_final: the deduplicated tables whole again: the cases not touched as the folder held them (with their flag now), the touched ones as made again.
-- params:  none
-- columns: none
-- Ordered as _import.sql orders them.
CREATE OR REPLACE TABLE faers_cases AS
SELECT *, caseid IN (SELECT caseid FROM faers_duplicates) AS duplicate FROM (
    SELECT * EXCLUDE (duplicate) FROM old_cases WHERE caseid NOT IN (SELECT caseid FROM touched)
    UNION ALL BY NAME
    SELECT * FROM new_cases
)
ORDER BY caseid;
CREATE OR REPLACE TABLE faers_drugs AS
SELECT * FROM (
    SELECT * FROM old_drugs WHERE caseid NOT IN (SELECT caseid FROM touched) UNION ALL BY NAME SELECT * FROM new_drugs
)
ORDER BY caseid, inn, role_cod;
CREATE OR REPLACE TABLE faers_reactions AS
SELECT * FROM (
    SELECT * FROM old_reactions WHERE caseid NOT IN (SELECT caseid FROM touched)
    UNION ALL BY NAME
    SELECT * FROM new_reactions
)
ORDER BY ALL;
