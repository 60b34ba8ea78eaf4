"""The FDA's adverse-event reports (FAERS): the import (``python -m sidefx.faers``) and the FAERS page. A module map:

importer    quarterly ASCII extracts into a deduplicated FAERS folder: the import, its report, the command line
quarters    the quarters in the inputs: zips extracted, folders searched, each quarter's files found, or refused
reading     one quarter's files read by DuckDB into the raw tables, antidepressants picked out by INN
countries   reporter countries as ISO 3166-1 alpha-2 codes: the names pycountry knows, for the duplicate rule
casefiles   the deduplicated case-level tables kept as a Parquet file per table and range of case numbers
rawfiles    the raw tables kept as a Parquet file per table and quarter: written, linked, split from the old layout
incremental quarters added by making only the cases they touch again: tables, duplicates, cells updated
progress    the import's progress on the command line: each quarter and step, its time, the time left
statements  the import's SQL, queries/faers/_*.sql, run with every value bound and checked against its header
numbers     what the FAERS folder holds: its summary, dataset, side effects and preferred terms
panels      the FAERS charts as records: reporting odds ratios per drug, withdrawal vs half-life; the runs they share
grid        the every-side-effect grid: each drug × side effect, the measure chosen as colour
trends      the FAERS charts over time: by time on the drug, by quarter received
words       the FAERS page's sentences: badge, caveats, notes, ratios in words, the method (READUS-PV)
ebgm        EBGM at import: E by sex × age band × year received, the prior fitted, each cell's posterior stored
mgps        the Multi-item Gamma Poisson Shrinker (DuMouchel 1999): EBGM, EB05, EB95 and the fit of its prior
adjusted    the ROR adjusted for sex and age (and year received): Mantel–Haenszel over the strata, Breslow–Day's p
onset       the FAERS charts of time to onset: days from starting a drug (Weibull shape, distribution), from stopping it
weibull     the Weibull fitted to days to onset: its shape, the profile-likelihood interval, the pattern it is read as
"""
