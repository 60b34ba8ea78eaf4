-- _year_none (FAERS): the cells by year received, empty, for a FAERS folder imported before they were made (it holds
-- no faers_quarter_drug_cells.parquet): run after _views.sql in place of _year_views.sql, with those tables' columns.
CREATE TABLE faers_year_cells (year VARCHAR, sex VARCHAR, age_band VARCHAR, duplicate BOOLEAN, cases BIGINT);
CREATE TABLE faers_year_event_cells (year VARCHAR, event VARCHAR, sex VARCHAR, age_band VARCHAR, duplicate BOOLEAN,
                                     cases BIGINT);
CREATE TABLE faers_year_drug_cells (year VARCHAR, inn VARCHAR, roles VARCHAR, months_lo INTEGER, months_hi INTEGER,
                                    sex VARCHAR, age_band VARCHAR, duplicate BOOLEAN, cases BIGINT);
CREATE TABLE faers_year_drug_event_cells (year VARCHAR, event VARCHAR, inn VARCHAR, roles VARCHAR, months_lo INTEGER,
                                          months_hi INTEGER, sex VARCHAR, age_band VARCHAR, duplicate BOOLEAN,
                                          cases BIGINT);
