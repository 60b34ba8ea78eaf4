"""serve: the data a page reads, from the folder to the rows of one query. A module map, lowest first:

storage    where a data folder lives: local, or s3:// gs:// https:// through fsspec (read-only)
tables     the columns each table of a data folder must have
datasets   which data folder a run reads: the default, a dataset imported on the server, or this session's upload
sources    the data sources (survey, published studies, FAERS), each declared once: its queries' folder, views,
           files, marker, what it counts, its badge; and the Dataset a source's folder holds
datacheck  checks a source's folder before a page that reads it runs; plain messages for every fault
db         one in-memory DuckDB per source and folder state (its tables loaded once); a cursor per query
queries    runs a source's <name>.sql with bound parameters, checking them against the file's header
cache      the cached fetch of a query run, each source's version fingerprint, the filters' options over a source
"""
