-- _update_final: the deduplicated tables whole again, as views: the cases not touched as the folder held them (with their flag now), the touched ones as made again.
-- params:  none
-- columns: none
-- Views, not tables: they are read once to count the report and once to be written, each time straight from the
-- folder's files, so the whole history is never held in memory. Not sorted again: the cases kept stay in the
-- folder's order, the touched ones follow (every reader joins by caseid; none needs an order).
DROP TABLE faers_cases;
DROP TABLE faers_drugs;
DROP TABLE faers_reactions;
CREATE VIEW faers_cases AS
SELECT *, caseid IN (SELECT caseid FROM faers_duplicates) AS duplicate FROM (
    SELECT * EXCLUDE (duplicate) FROM old_cases WHERE caseid NOT IN (SELECT caseid FROM touched)
    UNION ALL BY NAME
    SELECT * FROM new_cases
);
CREATE VIEW faers_drugs AS
SELECT * FROM (
    SELECT * FROM old_drugs WHERE caseid NOT IN (SELECT caseid FROM touched) UNION ALL BY NAME SELECT * FROM new_drugs
);
CREATE VIEW faers_reactions AS
SELECT * FROM (
    SELECT * FROM old_reactions WHERE caseid NOT IN (SELECT caseid FROM touched)
    UNION ALL BY NAME
    SELECT * FROM new_reactions
);
