"""Benchmark: importing FAERS quarters of 400,000 reports, and the FAERS page's query on them.

    .venv/bin/python bench/faers_bench.py [--reports 400000] [--quarters 1]
    .venv/bin/python bench/faers_bench.py --history 0.1    # 2004Q1-2026Q2 at a tenth of the real sizes

Builds FAERS-shaped quarters in code (the real column layout, CRLF; about 4.5 drug rows and 3.5
reaction rows per report, a fifth of reports naming an antidepressant among 40 other drugs, a few
follow-up versions of earlier cases), imports them one after another with ``python -m sidefx.faers``
in a child process (wall time and peak resident memory of each), then times ``faers_signals.sql``
(the page's query) for every catalogue side effect, against a plain-pandas baseline of the same
2x2 counts in the same run. ``--history SCALE`` builds the 90 quarters 2004Q1-2026Q2 at SCALE times their
real sizes (150,000 reports a quarter before 2012Q4, rising from 300,000 to 450,000 after), every one in the FAERS
layout, and times the page's other queries (the adjusted strata, days to onset) under several filter sets too.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sidefx import catalog  # noqa: E402
from sidefx.faers import casefiles  # noqa: E402
from sidefx.serve import db, queries  # noqa: E402
from tests.test_faers import HEADERS  # noqa: E402

ANTIDEPRESSANTS = ["SERTRALINE HYDROCHLORIDE", "ESCITALOPRAM OXALATE", "BUPROPION HYDROCHLORIDE", "DULOXETINE",
                   "VENLAFAXINE HYDROCHLORIDE", "PAROXETINE HYDROCHLORIDE", "FLUOXETINE HYDROCHLORIDE", "MIRTAZAPINE",
                   "CITALOPRAM HYDROBROMIDE", "TRAZODONE HYDROCHLORIDE"]  # fmt: skip
OTHER_DRUGS = [f"OTHERDRUG{i}" for i in range(40)]
PTS = [*pd.read_csv(catalog.sources_dir() / "faers_terms.csv").pt, *[f"Other term {i}" for i in range(300)]]


def quarter(folder: Path, label: str, n: int, first_case: int, rng: np.random.Generator) -> None:
    """One quarter's ASCII folder of ``n`` reports, written as the FDA writes them (CRLF, '$', a header)."""
    yy, q = label[2:4], label[-1]
    ascii_dir = folder / "ascii"
    ascii_dir.mkdir(parents=True)
    cases = first_case + np.arange(n)
    follow_up = rng.random(n) < 0.05  # a follow-up of a case from the quarter before
    cases[follow_up] -= n
    primary = cases * 10 + np.where(follow_up, 2, 1)
    demo = pd.DataFrame({"primaryid": primary, "caseid": cases, "caseversion": np.where(follow_up, 2, 1)})
    demo["event_dt"] = [f"20{yy}{m:02d}{d:02d}" for m, d in zip(rng.integers(1, 13, n), rng.integers(1, 29, n))]
    demo["fda_dt"] = f"20{yy}0{int(q) * 3}15"
    demo["age"] = rng.integers(12, 95, n)
    demo["age_cod"] = "YR"
    demo["sex"] = rng.choice(["F", "M", ""], n, p=[0.6, 0.35, 0.05])
    per = rng.poisson(3.5, n) + 1
    drug_pid = np.repeat(primary, per)
    drug_case = np.repeat(cases, per)
    seq = np.concatenate([np.arange(1, k + 1) for k in per])
    is_ad = rng.random(len(drug_pid)) < 0.05
    names = np.where(is_ad, rng.choice(ANTIDEPRESSANTS, len(drug_pid)), rng.choice(OTHER_DRUGS, len(drug_pid)))
    drug = pd.DataFrame({"primaryid": drug_pid, "caseid": drug_case, "drug_seq": seq,
                         "role_cod": rng.choice(["PS", "SS", "C", "I"], len(drug_pid), p=[0.3, 0.2, 0.45, 0.05]),
                         "drugname": names, "prod_ai": names})  # fmt: skip
    k = rng.poisson(2.5, n) + 1
    reac = pd.DataFrame({"primaryid": np.repeat(primary, k), "caseid": np.repeat(cases, k),
                         "pt": rng.choice(PTS, int(k.sum()))})  # fmt: skip
    ther = drug[is_ad].rename(columns={"drug_seq": "dsg_drug_seq"})[["primaryid", "caseid", "dsg_drug_seq"]]
    ther = ther.assign(start_dt=[f"{2000 + int(yy) - y:04d}0615" for y in rng.integers(0, 6, len(ther))], end_dt="",
                       dur="", dur_cod="")  # fmt: skip
    stopped = rng.random(len(ther)) < 0.3  # a third stopped, 0-59 days before the event: onset after stopping
    event = pd.to_datetime(ther.primaryid.map(demo.set_index("primaryid").event_dt), format="%Y%m%d")
    ended = (event - pd.to_timedelta(rng.integers(0, 60, len(ther)), unit="D")).dt.strftime("%Y%m%d")
    ther["end_dt"] = np.where(stopped, ended, "")
    for table, frame in {"DEMO": demo, "DRUG": drug, "REAC": reac, "THER": ther}.items():
        columns = HEADERS[table].split("$")
        frame = frame.reindex(columns=columns, fill_value="")
        frame.to_csv(ascii_dir / f"{table}{yy}Q{q}.txt", sep="$", index=False, lineterminator="\r\n")


def import_one(folder: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system: steadier than wall time on a shared machine) and peak resident MB
    of `python -m sidefx.faers FOLDER --out OUT` in a child process."""
    code = (
        "import resource, sys; from sidefx.faers import importer; rc = importer.main(sys.argv[1:]); "
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(folder), "--out", str(out)], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_kb = int(next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("peak")))
    return seconds, cpu, peak_kb / 1024


def case_table(out: Path, table: str, columns=None) -> pd.DataFrame:
    """A case-level table read by pandas (pyarrow): its folder of files by range, or a single file."""
    where = casefiles.location(out, table)
    return pd.read_parquet(where.removesuffix("/*.parquet"), columns=columns)


def pandas_signals(out: Path, event: str) -> pd.DataFrame:
    """The same a, b, c, d per drug (suspect roles, no filters) in plain pandas, from the same Parquet files."""
    cases = case_table(out, "faers_cases", ["caseid"])
    drugs = case_table(out, "faers_drugs")
    reac = case_table(out, "faers_reactions", ["caseid", "effect"])
    events = set(reac.caseid[reac.effect == event])
    n, e = len(cases), len(events)
    exposed = drugs[drugs.role_cod.isin(["PS", "SS"])].drop_duplicates(["inn", "caseid"])
    exposed = exposed.assign(reported=exposed.caseid.isin(events))
    g = exposed.groupby("inn").reported.agg(["sum", "count"])
    return pd.DataFrame(
        {"a": g["sum"], "b": g["count"] - g["sum"], "c": e - g["sum"], "d": n - g["count"] - (e - g["sum"])}
    )


def history(scale: float) -> list[tuple[str, int]]:
    """The 90 quarters 2004Q1-2026Q2 with their report counts at ``scale`` times the real sizes."""
    labels = [f"{y}Q{q}" for y in range(2004, 2027) for q in range(1, 5)][:90]
    first_faers = labels.index("2012Q4")
    sizes = [150_000 if i < first_faers else 300_000 + 150_000 * (i - first_faers) // (89 - first_faers)
             for i in range(90)]  # fmt: skip
    return [(label, max(1, round(n * scale))) for label, n in zip(labels, sizes)]


def folder_size_mb(out: Path) -> float:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6


def p95_ms(query: str, params: dict, times: int = 20) -> float:
    took = []
    for _ in range(times):
        t = time.perf_counter()
        queries.run(query, **params)
        took.append(time.perf_counter() - t)
    return float(np.percentile(took, 95) * 1000)


def page_queries(effects: list[str], params: dict) -> None:
    """p95 of each query the FAERS page makes, under filter sets from none to every filter at once."""
    withdrawal = next(e for e in effects if "withdrawal" in e)
    bands = list(queries.run("faers_signals", events=effects[:1], **dict(params, split="age_band")).grp.unique())
    sets = {
        "no filter": {},
        "women, one age band": dict(sexes=["female"], age_bands=bands[:1]),
        "two drugs, 6-24 months, no unknown time": dict(drugs=["sertraline", "paroxetine"], min_months=6,
                                                        max_months=24, include_unknown=False),
        "every filter, probable duplicates left out": dict(sexes=["female"], age_bands=bands[:2], classes=["SSRI"],
                                                           min_months=3, max_months=120, include_duplicates=False),
    }  # fmt: skip
    one = dict(events=[withdrawal])
    page = {
        "faers_signals (forest)": ("faers_signals", dict(one, split="none")),
        "by sex x age band (adjusted ROR)": ("faers_signals", dict(one, split="sex_age")),
        "faers_strata_by_year": ("faers_strata_by_year", one),
        "every side effect (the grid)": ("faers_signals", dict(events=effects, split="none")),
        "faers_by_quarter": ("faers_by_quarter", dict(event=withdrawal)),
        "faers_onset (since start)": ("faers_onset", dict(event=withdrawal, since="start")),
        "faers_onset_days (since end)": ("faers_onset_days", dict(event=withdrawal, since="end")),
    }
    for name, extra in sets.items():
        for q, (query, given) in page.items():  # a filter set that selects nothing would time an empty answer
            if queries.run(query, **dict(params, **extra, **given)).empty:
                raise SystemExit(f"{q} gives no rows under '{name}': the benchmark would time nothing")
        timed = [
            f"{q} p95 {p95_ms(query, dict(params, **extra, **given)):.0f} ms" for q, (query, given) in page.items()
        ]
        print(f"-- {name}: " + "; ".join(timed), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=400_000)
    ap.add_argument("--quarters", type=int, default=1)
    ap.add_argument("--history", type=float, metavar="SCALE", help="the 90 quarters since 2004 at SCALE x real size")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="import into DIR and keep it (for the browser benchmark)")
    ap.add_argument(
        "--on", type=Path, metavar="DIR", help="no import: time the page's queries on DIR (one --keep made)"
    )
    args = ap.parse_args()
    if args.on:
        return time_queries(args.on, len(list((args.on / "raw" / "raw_demo").glob("*.parquet"))), history=True)
    rng = np.random.default_rng(20240101)
    plan = history(args.history) if args.history else [
        (f"20{20 + i // 4}Q{i % 4 + 1}", args.reports) for i in range(args.quarters)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = args.keep or tmp / "faers"
        first_case, started = 10_000_000, time.perf_counter()
        for label, n in plan:
            folder = tmp / label
            t = time.perf_counter()
            quarter(folder, label, n, first_case, rng)
            first_case += n
            made = time.perf_counter() - t
            seconds, cpu, peak = import_one(folder, out)
            shutil.rmtree(folder)
            print(
                f"{label}: {n:,} reports built in {made:.0f} s; import {seconds:.1f} s (CPU {cpu:.1f} s), "
                f"peak {peak:,.0f} MB; folder {folder_size_mb(out):,.0f} MB; {time.perf_counter() - started:.0f} s "
                "so far",
                flush=True,
            )
        time_queries(out, len(plan), history=bool(args.history))


def time_queries(out: Path, quarters: int, history: bool) -> None:
    """The page's queries timed on the folder ``out``, with the plain-pandas baseline of faers_signals."""
    os.environ["SIDEFX_FAERS_DIR"] = str(out)
    db.reset()
    params = dict(roles="suspect", drugs=[], classes=[], sexes=[], age_bands=[], min_months=0, max_months=480,
                  include_unknown=True, include_duplicates=True)  # fmt: skip
    signals = dict(params, split="none")  # faers_signals also takes the comparison (none: every case)
    effects = list(catalog.effects().effect)
    queries.run("faers_signals", events=effects[:1], **signals)  # the database is loaded once, as a server does
    timings, baseline = [], []
    for _ in range(5):
        for event in effects:
            t = time.perf_counter()
            duck = queries.run("faers_signals", events=[event], **signals).set_index("inn")[["a", "b", "c", "d"]]
            timings.append(time.perf_counter() - t)
            t = time.perf_counter()
            pand = pandas_signals(out, event)
            baseline.append(time.perf_counter() - t)
            assert (duck.sort_index().values == pand.sort_index().values).all(), event
    p95, base = np.percentile(timings, 95) * 1000, np.percentile(baseline, 95) * 1000
    print(f"faers_signals.sql over {quarters} quarter(s), {len(timings)} runs: p95 {p95:.0f} ms; "
          f"pandas from the Parquet files p95 {base:.0f} ms ({base / p95:.1f}x); the same a, b, c, d")  # fmt: skip
    # The page's other queries: every side effect at once (the grid), and cases by quarter.
    others = {
        "faers_signals, every side effect (the grid)": lambda: queries.run("faers_signals", events=effects, **signals),
        "faers_by_quarter": lambda: queries.run("faers_by_quarter", event=effects[-1], **params),
        "faers_terms": lambda: queries.run("faers_terms", include_duplicates=True),
    }
    for name, run in others.items():
        times = []
        for _ in range(20):
            t = time.perf_counter()
            run()
            times.append(time.perf_counter() - t)
        print(f"{name}: p95 {np.percentile(times, 95) * 1000:.0f} ms over 20 runs")
    if history:
        page_queries(effects, params)
    print(f"max resident of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
