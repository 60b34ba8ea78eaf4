"""Your own survey into a data folder the dashboard reads (``python -m sidefx.importer``). A module map:

command  the command line and the import itself: validate, write the folder atomically, replace an earlier import
reading  one survey export read as people have it (CSV in any separator/encoding, XLSX sheets, Parquet)
tools    which survey tool wrote it: its header rows into one header, and the rows that are not responses
told     what a column's answers show it to be (drug names, durations, sexes, ages, yes/no): guesses checked by them
mapping  which survey column is which question: guesses with scores, the editable TOML mapping
answers  survey answers as tools export them (durations in words, yes/no, severity, sex, age) to values, or a reason
responsedate  the day each row was answered, from the tool's own columns (a duration "since 2019" counts to it)
selectall  select-all-that-apply questions in every tool's shape: recognised, their choices mapped, read per respondent
wide     a survey export (one row per respondent) into the three tables, with quarantine and a report
schema   pandera schemas for the survey tables: the generated demo and every import are checked with them
statfiles SPSS (.sav, .por) and Stata (.dta) files: value labels, variable labels, multiple-response sets
redcap   a REDCap raw export read through its data dictionary (--dictionary): codes, checkboxes, questions
limesurvey a LimeSurvey code export read through its survey structure file (.lss): answers, choices, questions
dictionary which of the two a --dictionary file is, told by its content
bounded  an upload read in a worker process, within the server's time and memory limits
upload   a survey uploaded in the browser: read, mapped by a person, imported into that session's own folder
"""
