"""sidefx: the library behind the antidepressant side-effects dashboard. A module map:

settings   every tunable: name, default, help (overridable as SIDEFX_<NAME>)
catalog    the hand-kept CSVs in data/sources: drugs, effects, evidence, topics, calibration targets
build/     writes data/*.parquet (python -m sidefx.build): folders, demo (the seeded generator), calibration, assumptions
serve/     the data a page reads: storage, tables, datasets, sources, datacheck, db, queries, the cached fetch
cubes      makes the pre-aggregated tables the pages read (python -m sidefx.cubes FOLDER)
importer/  your own survey into a data folder (python -m sidefx.importer): command, reading, mapping, answers, wide,
           schema, upload (the Import page's work)
faers/     the FDA's adverse-event reports: importer (python -m sidefx.faers), quarters, reading, statements, numbers,
           panels, trends, onset (time to onset), weibull, mgps
drugnames  drug names (brands, salts, misspellings) to INN, through one table
csvsafe    a table made safe to open in a spreadsheet (no cell starts a formula)
filters    the shared filters: from widgets or the URL, to SQL parameters, to words
viewstate  the view a link holds (filters, page choices, open tables, figure settings): one parser, one link
pages      the dashboard's pages, listed once with their choices and charts (navigation, links, home page, tests)
charts/    builders by family (bars, heatmaps, lines, scatter, forest): a DataFrame and a Style in, a Figure out
words      the sentences about the numbers (notes, the synthetic badge, captions), each written once
vocab      the vocabularies (duration bands, severities, domains, groupings), each defined once
record     one record per chart (Panel): its table, query runs and bound values, words, dataset, version, link;
           panel(source, ...), the one way a record is made
survey/    the survey's numbers and charts: numbers, panels
studies/   the published studies: evidence, pooling, notes, panels (the forest plot)
export/    presets, text, layout, render (kaleido + Chromium), bundles (CSV, README, zips)
ui/        the only package that draws Streamlit elements: state, session, sidebar, share, page, panel
"""
