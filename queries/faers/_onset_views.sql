-- _onset_views (FAERS): the days to onset, loaded after _views.sql when the FAERS folder holds faers_onset_cells.parquet
-- (sidefx/sources.py, FAERS.optional; else _onset_none.sql makes the table empty). Written by the import
-- (queries/faers/_onset_cells.sql). A folder imported before dates were kept to the day has no such file: the page
-- still opens, and says that time to onset needs the quarters imported again.
CREATE TABLE faers_onset_cells AS SELECT * FROM read_parquet(faers_file('faers_onset_cells.parquet'));
