-- _onset_none (FAERS): the days to onset, empty, for a FAERS folder imported before dates were kept to the day (it
-- holds no faers_onset_cells.parquet): run after _views.sql in place of _onset_views.sql, with that table's columns.
CREATE TABLE faers_onset_cells (event VARCHAR, since VARCHAR, inn VARCHAR, roles VARCHAR, months_lo INTEGER,
                                months_hi INTEGER, sex VARCHAR, age_band VARCHAR, duplicate BOOLEAN, days INTEGER,
                                cases BIGINT);
