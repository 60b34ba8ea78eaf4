-- faers_ebgm: for each side effect asked for (a catalogue effect or a preferred term), each antidepressant's EBGM with EB05 and EB95, from the prior fitted at import over every case in the folder.
-- params:  $events VARCHAR[], $roles VARCHAR, $drugs VARCHAR[], $classes VARCHAR[]
-- columns: event VARCHAR, inn VARCHAR, n BIGINT, e DOUBLE, ebgm DOUBLE, eb05 DOUBLE, eb95 DOUBLE, ebgm_signal BOOLEAN
-- Stored by the import (sidefx/faers/ebgm.py, loaded by _ebgm_views.sql): N = cases naming the drug in the roles (at
-- any time on it) and reporting the event; E = Σ_s n_drug,s · n_event,s / n_s over the strata sex × age band × year
-- received; EBGM = exp(E[ln λ | N]) and EB05, EB95 its posterior's 5th and 95th percentiles (DuMouchel 1999). The
-- whole folder's values: the sex, age and duration filters do not narrow them. A signal is EB05 >= 2. Each event is
-- read as faers_signals.sql reads it; $drugs and $classes choose the drugs listed (an empty list is every one). A
-- pair no case names is absent (E = 0: the event or the drug is in no case); none at all when the folder was
-- imported before EBGM (faers_ebgm_prior.sql then gives no row).
WITH asked AS (SELECT DISTINCT unnest($events) AS asked
), key AS (
    SELECT asked, CASE WHEN EXISTS (SELECT 1 FROM faers_event_cells WHERE event = 'effect:' || asked)
                       THEN 'effect:' || asked ELSE 'pt:' || pt_key(asked) END AS key
    FROM asked
), listed AS (
    SELECT inn FROM (SELECT DISTINCT inn FROM faers_drug_cells) LEFT JOIN drugs USING (inn)
    WHERE (len($drugs) = 0 OR list_contains($drugs, inn)) AND (len($classes) = 0 OR list_contains($classes, drug_class))
)
SELECT k.asked AS event, x.inn, x.n, x.e, x.ebgm, x.eb05, x.eb95, coalesce(x.eb05 >= 2, false) AS ebgm_signal
FROM faers_ebgm x JOIN key k ON x.event = k.key SEMI JOIN listed USING (inn)
WHERE x.roles = $roles
ORDER BY event, ebgm DESC NULLS LAST, inn;
