-- faers_ebgm_prior: the prior of EBGM fitted at import for one set of roles: its five hyperparameters, the cells fitted, or why it could not be fitted.
-- params:  $roles VARCHAR
-- columns: roles VARCHAR, alpha1 DOUBLE, beta1 DOUBLE, alpha2 DOUBLE, beta2 DOUBLE, p DOUBLE, cells BIGINT, reports BIGINT, problem VARCHAR
-- λ ~ p·Gamma(alpha1, rate beta1) + (1 − p)·Gamma(alpha2, rate beta2), fitted by maximum likelihood over every
-- antidepressant × preferred-term cell of the folder, N = 0 included (cells; reports = their N added), from several
-- starting points that must agree (sidefx/faers/mgps.py). problem is the reason when they did not (no EBGM then).
-- No row: the folder was imported before the import fitted EBGM.
SELECT roles, alpha1, beta1, alpha2, beta2, p, cells, reports, problem
FROM faers_ebgm_prior
WHERE roles = $roles;
