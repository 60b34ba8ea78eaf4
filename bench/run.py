"""Benchmark: DuckDB queries over Parquet against a plain-pandas baseline, in the same run.

    python bench/run.py                      # 1,000,000 synthetic respondents
    python bench/run.py --respondents 10000000 --repeat 3

Generates a synthetic survey of the given size (cached under --cache), then times each
question both ways and prints a markdown table with the median time and the ratio. Results
are written down in bench/RESULTS.md by hand, with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

NONE = dict(drugs=[], classes=[], min_months=0, max_months=480, include_unknown=True, sexes=[], age_bands=[])
PAROX_LONG = NONE | {"drugs": ["paroxetine"], "min_months": 36, "include_unknown": False}


def pandas_prevalence(folder: Path, drugs=(), min_months=0, max_months=480, include_unknown=True):
    r = pd.read_parquet(folder / "respondents.parquet", columns=["respondent_id", "drug", "duration_months"])
    keep = pd.Series(True, index=r.index)
    if drugs:
        keep &= r.drug.isin(drugs)
    dur = r.duration_months
    keep &= dur.between(min_months, max_months) | (dur.isna() & include_unknown)
    ids = r.loc[keep, "respondent_id"]
    s = pd.read_parquet(folder / "responses.parquet", columns=["respondent_id", "effect", "reported"])
    s = s[s.respondent_id.isin(ids)]
    out = s.groupby("effect").reported.agg(["sum", "count"])
    out["pct"] = 100 * out["sum"] / out["count"]
    return out


def pandas_prevalence_by_drug(folder: Path):
    r = pd.read_parquet(folder / "respondents.parquet", columns=["respondent_id", "drug"])
    s = pd.read_parquet(folder / "responses.parquet", columns=["respondent_id", "effect", "reported"])
    m = s.merge(r, on="respondent_id")
    return m.groupby(["drug", "effect"]).reported.agg(["sum", "count"])


def pandas_withdrawal_by_band(folder: Path):
    r = pd.read_parquet(folder / "respondents.parquet", columns=["respondent_id", "duration_band"])
    w = pd.read_parquet(folder / "withdrawal.parquet", columns=["respondent_id", "had_withdrawal"])
    m = w.merge(r, on="respondent_id")
    return m.groupby("duration_band").had_withdrawal.agg(["sum", "count"])


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/sidefx-bench"))
    args = ap.parse_args(argv)
    folder = args.cache / f"n{args.respondents}"
    from sidefx import build, demo

    if not (folder / "responses.parquet").exists():
        t = time.perf_counter()
        build.write_reference_tables(folder)
        counts = demo.generate(folder, n=args.respondents)
        print(f"generated {counts} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    os.environ["SIDEFX_DATA_DIR"] = str(folder)
    from sidefx import db, queries

    db.reset()
    rows = pd.read_parquet(folder / "responses.parquet", columns=["effect"]).shape[0]
    cases = [
        (
            "prevalence by effect, no filter",
            lambda: queries.run("prevalence_by_effect", **NONE, effects=[]),
            lambda: pandas_prevalence(folder),
        ),
        (
            "prevalence by effect, paroxetine, 3+ years",
            lambda: queries.run("prevalence_by_effect", **PAROX_LONG, effects=[]),
            lambda: pandas_prevalence(folder, drugs=("paroxetine",), min_months=36, include_unknown=False),
        ),
        (
            "prevalence by drug x effect",
            lambda: queries.run("prevalence_by_group", **NONE, effects=[], group_by="drug"),
            lambda: pandas_prevalence_by_drug(folder),
        ),
        (
            "withdrawal by duration band",
            lambda: queries.run("withdrawal_by_group", **NONE, group_by="duration_band"),
            lambda: pandas_withdrawal_by_band(folder),
        ),
    ]
    print(
        f"\n{args.respondents:,} respondents, {rows:,} responses; median of {args.repeat} runs "
        "(the pandas baseline reads the same Parquet files)\n"
    )
    print("| question | DuckDB (s) | pandas (s) | pandas / DuckDB |")
    print("|---|---:|---:|---:|")
    for name, duck, pand in cases:
        duck()  # warm the connection and OS cache
        d, p = timed(duck, args.repeat), timed(pand, args.repeat)
        print(f"| {name} | {d:.3f} | {p:.3f} | {p / d:.1f}× |")


if __name__ == "__main__":
    main()
