-- _terms: the one definition of a preferred term's key (the macro pt_key), run before the import and the FAERS page's queries.
-- params:  none
-- columns: none
-- The import (queries/faers/_import.sql) writes every term of faers_reactions so; the page's queries key a term asked for so.
-- Lower case, runs of spaces (tabs, no-break spaces) made one, none at either end: 'Nausea ', ' NAUSEA' and
-- 'nausea' are one term, and a case reporting it is counted once under it.
CREATE OR REPLACE MACRO pt_key(s) AS trim(regexp_replace(lower(s), '[\s\x{00A0}]+', ' ', 'g'));
