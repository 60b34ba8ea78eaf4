"""EBGM at import: each antidepressant × event's stratified expected count, the prior fitted, and the posterior.

Run by the import after the cells are made (``make``), on the import's own connection:

- the counts by stratum (sex × age band × year received) come from ``queries/faers/_ebgm_strata.sql``, summed from
  the cells of the deduplicated cases (``_cells.sql``: by quarter, and by year received for events and drugs);
- E = Σ_s n_drug,s · n_event,s / n_s for every drug (in each set of roles) and every event the page can ask for, as
  one matrix product of the strata's counts (``expected``);
- the five hyperparameters are fitted (``sidefx.faers.mgps.fit``, several starting points that must agree) for each
  set of roles, over every drug × preferred-term cell, those with no report (N = 0) included: the fit over observed
  pairs alone is known not to converge on FAERS. The dashboard's side effects are unions of preferred terms, so they
  are left out of the fit (a report would count twice) and take the posterior under the terms' prior;
- each cell's EBGM, EB05 and EB95 (``mgps.posterior``) are stored with N and E in ``faers_ebgm`` and the prior in
  ``faers_ebgm_prior`` (``queries/faers/_ebgm_store.sql``), written to the FAERS folder beside the cells.

A prior that cannot be fitted is stored with its reason (``problem``) and no EBGM: the page says the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sidefx.faers import mgps, statements

TABLES = ("faers_ebgm", "faers_ebgm_prior")  # written to the FAERS folder as <table>.parquet
PRIOR = ["alpha1", "beta1", "alpha2", "beta2", "p"]


def make(con) -> None:
    """faers_ebgm and faers_ebgm_prior on ``con``, from the cases _cells.sql has just counted."""
    statements.run(con, "_ebgm_strata")
    pairs = expected(
        con.table("ebgm_strata").df(), con.table("ebgm_drug_strata").df(), con.table("ebgm_event_strata").df()
    )
    observed = con.table("ebgm_observed").df()
    pairs = pairs.merge(observed, on=["roles", "inn", "event"], how="left")
    pairs["n"] = pairs.n.fillna(0).astype("int64")
    cells, priors = scored(pairs)
    con.register("ebgm_frame", cells)
    con.register("ebgm_prior_frame", priors)
    statements.run(con, "_ebgm_store")
    con.unregister("ebgm_frame")
    con.unregister("ebgm_prior_frame")


def expected(strata: pd.DataFrame, drugs: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """E for every drug (roles, inn) and event: Σ_s n_drug,s · n_event,s / n_s over the strata s.

    ``strata`` has stratum, cases (n_s); ``drugs`` roles, inn, stratum, cases (n_drug,s); ``events`` event, stratum,
    cases (n_event,s). Returns roles, inn, event, e: every pair, those no case names together included."""
    order = pd.Index(strata.stratum)
    per_case = 1 / strata.cases.to_numpy(dtype=float)
    d = drugs.pivot_table(index=["roles", "inn"], columns="stratum", values="cases", aggfunc="sum", fill_value=0)
    v = events.pivot_table(index="event", columns="stratum", values="cases", aggfunc="sum", fill_value=0)
    d, v = d.reindex(columns=order, fill_value=0), v.reindex(columns=order, fill_value=0)
    e = (d.to_numpy(dtype=float) * per_case) @ v.to_numpy(dtype=float).T
    rows, cols = len(d.index), len(v.index)
    return pd.DataFrame(
        {
            "roles": np.repeat(d.index.get_level_values("roles").to_numpy(), cols),
            "inn": np.repeat(d.index.get_level_values("inn").to_numpy(), cols),
            "event": np.tile(v.index.to_numpy(), rows),
            "e": e.ravel(),
        }
    )


def scored(pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each set of roles' prior fitted over its drug × preferred-term cells, and every pair's posterior under it.

    Returns the pairs with ebgm, eb05, eb95 (NaN where E = 0 or the prior could not be fitted), and one row of prior
    per set of roles: alpha1, beta1, alpha2, beta2, p, the cells fitted and the reports in them, and problem (the
    reason the prior could not be fitted, else None)."""
    parts, priors = [], []
    for roles, part in pairs.groupby("roles", sort=True):
        part = part.reset_index(drop=True)
        fitted = part.event.str.startswith("pt:").to_numpy() & (part.e.to_numpy() > 0)
        n, e = part.n.to_numpy(dtype=float), part.e.to_numpy()
        theta, problem = _prior(n[fitted], e[fitted])
        score = np.full((len(part), 3), np.nan)
        known = e > 0
        if problem is None and known.any():
            post = mgps.posterior(n[known], e[known], theta)
            score[known] = np.column_stack([post.ebgm, post.eb05, post.eb95])
        parts.append(part.assign(ebgm=score[:, 0], eb05=score[:, 1], eb95=score[:, 2]))
        priors.append(
            dict(zip(PRIOR, theta), roles=roles, cells=int(fitted.sum()), reports=int(n[fitted].sum()), problem=problem)
        )
    columns = ["roles", "event", "inn", "n", "e", "ebgm", "eb05", "eb95"]
    cells = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    prior_columns = ["roles", *PRIOR, "cells", "reports", "problem"]
    return cells, pd.DataFrame(priors, columns=prior_columns)


def _prior(n: np.ndarray, e: np.ndarray) -> tuple[tuple[float, ...], str | None]:
    """The fitted prior, or NaNs and the reason in words."""
    if not (n > 0).any():
        return (np.nan,) * 5, "no preferred term is reported with an antidepressant"
    try:
        return mgps.fit(n, e), None
    except mgps.FitFailed as exc:
        return (np.nan,) * 5, str(exc)
