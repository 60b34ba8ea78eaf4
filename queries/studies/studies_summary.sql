-- studies_summary: how many published figures are shown, and from how many studies.
-- params:  none
-- columns: published_figures BIGINT, studies BIGINT
SELECT count(*) AS published_figures, count(DISTINCT study_key) AS studies FROM studies
