-- _update_cells: each cell table made from the folder's (old_<cell table>), less what the changed cases added before, plus what they add now.
-- params:  none
-- columns: none
-- Every cell counts cases (or a case's events, drugs and days: rows each of one case), so it is the sum of what each
-- case adds to it: the cases not changed add what they added. A cell left with no case is dropped, as a count of
-- every case has none such. faers_totals' counts are sums of what each case adds too.

CREATE OR REPLACE TABLE faers_case_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_case_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_case_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_case_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_event_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_event_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_event_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_event_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_drug_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_drug_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_drug_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_event_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_drug_event_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_drug_event_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_drug_event_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_quarter_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_quarter_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_quarter_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_drug_event_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_quarter_drug_event_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_quarter_drug_event_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_quarter_drug_event_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_event_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_quarter_event_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_quarter_event_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_quarter_event_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_drug_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_quarter_drug_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_quarter_drug_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_quarter_drug_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_onset_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_onset_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_onset_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_onset_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_event_year_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_event_year_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_event_year_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_event_year_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_year_cells AS
SELECT * EXCLUDE (cases), sum(cases)::BIGINT AS cases FROM (
    SELECT * FROM old_faers_drug_year_cells
    UNION ALL BY NAME SELECT * FROM plus_faers_drug_year_cells
    UNION ALL BY NAME SELECT * REPLACE (-cases AS cases) FROM minus_faers_drug_year_cells
)
GROUP BY ALL HAVING sum(cases) <> 0 ORDER BY ALL;

CREATE OR REPLACE TABLE faers_totals AS
SELECT (o.cases + p.cases - m.cases)::BIGINT AS cases,
       (o.antidepressant_cases + p.antidepressant_cases - m.antidepressant_cases)::BIGINT AS antidepressant_cases,
       (o.duplicates + p.duplicates - m.duplicates)::BIGINT AS duplicates
FROM old_faers_totals o, plus_faers_totals p, minus_faers_totals m;
