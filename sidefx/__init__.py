"""sidefx: the library behind the antidepressant side-effects dashboard. A module map:

settings   every tunable: name, default, help (overridable as SIDEFX_<NAME>)
catalog    the hand-kept CSVs in data/sources: drugs, effects, evidence, topics, calibration targets
demo       the seeded, calibrated generator of the synthetic demo survey
build      writes data/*.parquet from catalog and demo (python -m sidefx.build)
schema     pandera schemas for survey tables; importer validates a user's own survey with them
db         one in-memory DuckDB per process (views over the Parquet files); a cursor per query
queries    runs queries/<name>.sql with bound parameters, checking them against the file's header
filters    the shared filters: from widgets or the URL, to SQL parameters, to words
meta       random-effects pooling of published proportions (statsmodels), and when it is allowed
reports    one cached function per panel's numbers, and the words around them
charts     pure DataFrame -> plotly Figure builders, with the project's template
panels     a chart with its table, words, alt text and file name: what pages draw and exports read
export     PNG/SVG/PDF at slide, journal and poster sizes (kaleido + Chromium); data CSV and zips
ui         the only module that draws Streamlit elements
"""
