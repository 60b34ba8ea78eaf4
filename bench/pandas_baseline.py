"""The typical alternative to the cubes: pandas holding the respondent-level tables in memory.

The tables are read and joined once (respondent keys copied onto every answer, as categoricals),
as a Streamlit app caching its data would; each question then filters and groups in memory,
per interaction. Only the survey questions are answered here; the ones that read the small
reference tables (studies, drugs, topics) run in DuckDB, as they would in such an app.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sidefx.filters import DURATION_STEPS
from sidefx.serve import queries

KEYS = ["respondent_id", "dataset", "drug", "drug_class", "duration_months", "duration_band", "sex", "age_band"]
GROUP_COLUMN = {"drug": "drug", "class": "drug_class", "duration_band": "duration_band", "sex": "sex"}
GROUP_COLUMN |= {"age_band": "age_band", "method": "method"}
LASTED = [-np.inf, 2, 4, 13, 26, 52, 104, np.inf]


def wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


class Survey:
    def __init__(self, folder: Path):
        cat = {c: "category" for c in ("dataset", "drug", "drug_class", "duration_band", "sex", "age_band")}
        r = pd.read_parquet(folder / "respondents.parquet", columns=KEYS + ["tried_to_stop"]).astype(cat)
        s = pd.read_parquet(folder / "responses.parquet").astype({"effect": "category", "severity": "category"})
        w = pd.read_parquet(folder / "withdrawal.parquet").astype({"severity": "category", "method": "category"})
        keys = r.set_index("respondent_id")[KEYS[1:]]
        self.r = r
        self.s = s.join(keys, on="respondent_id")
        self.w = w.join(keys, on="respondent_id")
        self.targets = pd.read_parquet(folder / "calibration_targets.parquet")

    @staticmethod
    def mask(f: pd.DataFrame, p: dict) -> pd.Series:
        keep = pd.Series(True, index=f.index)
        for key, col in (("drugs", "drug"), ("classes", "drug_class"), ("sexes", "sex"), ("age_bands", "age_band")):
            if p[key]:
                keep &= f[col].isin(p[key])
        m = f.duration_months
        top = p["max_months"] >= DURATION_STEPS[-1]
        in_range = (m >= p["min_months"]) & ((m <= p["max_months"]) | top)
        return keep & (in_range.fillna(False) | (m.isna() & p["include_unknown"]))

    def answer(self, name: str, params: dict):
        fn = getattr(self, name, None)
        return fn(params) if fn else queries.run(name, **params)

    # ---- the survey questions -------------------------------------------------------
    def respondent_count(self, p):
        return int(self.mask(self.r, p).sum())

    def _counts(self, f, by, what):
        out = f.groupby(by, observed=True)[what].agg(["sum", "count"])
        out["pct"] = 100 * out["sum"] / out["count"]
        out["ci_low"], out["ci_high"] = wilson(out["sum"], out["count"])
        return out

    def prevalence_by_effect(self, p):
        f = self.s[self.mask(self.s, p) & (self.s.effect.isin(p["effects"]) if p["effects"] else True)]
        return self._counts(f, "effect", "reported")

    def prevalence_by_group(self, p):
        f = self.s[self.mask(self.s, p) & (self.s.effect.isin(p["effects"]) if p["effects"] else True)]
        by = [GROUP_COLUMN[p["group_by"]], "effect"] if p["group_by"] in GROUP_COLUMN else ["effect"]
        return self._counts(f, by, "reported")

    def _withdrawal(self, p, had=False):
        keep = self.mask(self.w, p)
        return self.w[keep & self.w.had_withdrawal] if had else self.w[keep]

    def _by(self, p):
        return [GROUP_COLUMN[p["group_by"]]] if p["group_by"] in GROUP_COLUMN else []

    def withdrawal_by_group(self, p):
        f = self._withdrawal(p)
        return self._counts(f.assign(all="All"), self._by(p) or "all", "had_withdrawal")

    def withdrawal_severity(self, p):
        return self._withdrawal(p, had=True).groupby(self._by(p) + ["severity"], observed=True).size()

    def withdrawal_duration(self, p):
        f = self._withdrawal(p, had=True)
        lasted = pd.cut(f.duration_weeks, LASTED, right=False)
        return f.groupby(self._by(p) + [lasted], observed=True).size()

    def withdrawal_by_half_life(self, p):
        return self._counts(self._withdrawal(p), "drug", "had_withdrawal")

    def withdrawal_severe_share(self, p):
        f = self._withdrawal(p, had=True)
        return (f.severity == "severe").agg(["sum", "count"])

    def dataset_summary(self, p):
        r = self.r
        return (
            len(r),
            r.dataset.unique(),
            r.drug.nunique(),
            r.tried_to_stop.sum(),
            r.duration_months.agg(["min", "max"]),
        )

    def filter_levels(self, p):
        return [self.r[c].unique() for c in ("drug_class", "sex", "age_band")]

    def drug_options(self, p):
        return self.r.drug.value_counts()

    def calibration_check(self, p):
        out = []
        for t in self.targets.itertuples():
            if t.metric in ("prevalence", "moderate_or_severe"):
                f = self.s[self.s.effect == t.effect]
                hit = f.reported if t.metric == "prevalence" else f.severity.isin(["moderate", "severe"])
            else:
                f = self.w[self.w.had_withdrawal] if t.metric == "withdrawal_severe" else self.w
                hit = f.severity == "severe" if t.metric == "withdrawal_severe" else f.had_withdrawal
            if t.subgroup in GROUP_COLUMN:
                keep = f[GROUP_COLUMN[t.subgroup]] == t.subgroup_value
                hit = hit[keep]
            out.append(100 * hit.mean())
        return out

    # ---- honesty: the baseline answers the same questions ---------------------------
    def check_against_duckdb(self, views) -> None:
        """The baseline's counts equal the dashboard's for the first view's filters (else it would time other work)."""
        for name, params in (run for runs in views for run in runs):
            if name == "respondent_count":
                assert self.respondent_count(params) == int(queries.run(name, **params).respondents.iloc[0])
            if name == "prevalence_by_effect":
                ours = queries.run(name, **params).set_index("effect")
                theirs = self.prevalence_by_effect(params)
                for effect, row in theirs.iterrows():
                    assert (row["sum"], row["count"]) == (ours.reported[effect], ours.respondents[effect]), effect
