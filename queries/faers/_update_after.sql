-- _update_after: the changed cases as they are now into faers_cases, faers_drugs and faers_reactions (a touched case as made again, another as it was, each with its flag now), for the cells to count what they add.
-- params:  none
-- columns: none
CREATE OR REPLACE TABLE faers_cases AS
SELECT *, caseid IN (SELECT caseid FROM faers_duplicates) AS duplicate FROM (
    SELECT * EXCLUDE (duplicate) FROM old_cases
    WHERE caseid IN (SELECT caseid FROM changed) AND caseid NOT IN (SELECT caseid FROM touched)
    UNION ALL BY NAME
    SELECT * FROM new_cases
);
CREATE OR REPLACE TABLE faers_drugs AS
SELECT * FROM old_drugs WHERE caseid IN (SELECT caseid FROM changed) AND caseid NOT IN (SELECT caseid FROM touched)
UNION ALL BY NAME
SELECT * FROM new_drugs;
CREATE OR REPLACE TABLE faers_reactions AS
SELECT * FROM old_reactions WHERE caseid IN (SELECT caseid FROM changed) AND caseid NOT IN (SELECT caseid FROM touched)
UNION ALL BY NAME
SELECT * FROM new_reactions;
