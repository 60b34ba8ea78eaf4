-- _update_minus: what the changed cases added before (counted by _cells.sql and _onset_cells.sql on _update_before.sql's tables), kept as minus_<cell table> for _update_cells.sql.
-- params:  none
-- columns: none
CREATE OR REPLACE TEMP TABLE minus_faers_case_cells AS SELECT * FROM faers_case_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_event_cells AS SELECT * FROM faers_event_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_drug_cells AS SELECT * FROM faers_drug_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_drug_event_cells AS SELECT * FROM faers_drug_event_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_quarter_cells AS SELECT * FROM faers_quarter_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_quarter_drug_event_cells AS SELECT * FROM faers_quarter_drug_event_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_quarter_event_cells AS SELECT * FROM faers_quarter_event_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_quarter_drug_cells AS SELECT * FROM faers_quarter_drug_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_onset_cells AS SELECT * FROM faers_onset_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_event_year_cells AS SELECT * FROM faers_event_year_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_drug_year_cells AS SELECT * FROM faers_drug_year_cells;
CREATE OR REPLACE TEMP TABLE minus_faers_totals AS SELECT * FROM faers_totals;
