-- _faers_terms: the one definition of a preferred term's key, run before the import (queries/_faers_import.sql
-- writes every term of faers_reactions so) and before the FAERS page's queries (a term asked for is keyed so).
-- Lower case, runs of spaces (tabs, no-break spaces) made one, none at either end: 'Nausea ', ' NAUSEA' and
-- 'nausea' are one term, and a case reporting it is counted once under it.
CREATE OR REPLACE MACRO pt_key(s) AS trim(regexp_replace(lower(s), '[\s\x{00A0}]+', ' ', 'g'));
