"""Benchmark: importing FAERS quarters of 400,000 reports, and the FAERS page's query on them.

    .venv/bin/python bench/faers_bench.py [--reports 400000] [--quarters 1]

Builds FAERS-shaped quarters in code (the real column layout, CRLF; about 4.5 drug rows and 3.5
reaction rows per report, a fifth of reports naming an antidepressant among 40 other drugs, a few
follow-up versions of earlier cases), imports them one after another with ``python -m sidefx.faers``
in a child process (wall time and peak resident memory of each), then times ``faers_signals.sql``
(the page's query) for every catalogue side effect, against a plain-pandas baseline of the same
2x2 counts in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    ther = ther.assign(start_dt=[f"20{int(yy) - y:02d}0615" for y in rng.integers(0, 6, len(ther))], end_dt="",
                       dur="", dur_cod="")  # fmt: skip
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


def pandas_signals(out: Path, event: str) -> pd.DataFrame:
    """The same a, b, c, d per drug (suspect roles, no filters) in plain pandas, from the same Parquet files."""
    cases = pd.read_parquet(out / "faers_cases.parquet", columns=["caseid"])
    drugs = pd.read_parquet(out / "faers_drugs.parquet")
    reac = pd.read_parquet(out / "faers_reactions.parquet", columns=["caseid", "effect"])
    events = set(reac.caseid[reac.effect == event])
    n, e = len(cases), len(events)
    exposed = drugs[drugs.role_cod.isin(["PS", "SS"])].drop_duplicates(["inn", "caseid"])
    exposed = exposed.assign(reported=exposed.caseid.isin(events))
    g = exposed.groupby("inn").reported.agg(["sum", "count"])
    return pd.DataFrame(
        {"a": g["sum"], "b": g["count"] - g["sum"], "c": e - g["sum"], "d": n - g["count"] - (e - g["sum"])}
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=400_000)
    ap.add_argument("--quarters", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(20240101)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "faers"
        for i in range(args.quarters):
            label = f"20{20 + i // 4}Q{i % 4 + 1}"
            folder = tmp / label
            t = time.perf_counter()
            quarter(folder, label, args.reports, 10_000_000 + i * args.reports, rng)
            made = time.perf_counter() - t
            seconds, cpu, peak = import_one(folder, out)
            print(
                f"{label}: {args.reports:,} reports built in {made:.0f} s; import {seconds:.1f} s (CPU {cpu:.1f} s), "
                f"peak {peak:,.0f} MB",
                flush=True,
            )
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
        print(f"faers_signals.sql over {args.quarters} quarter(s), {len(timings)} runs: p95 {p95:.0f} ms; "
              f"pandas from the Parquet files p95 {base:.0f} ms ({base / p95:.1f}x); the same a, b, c, d")  # fmt: skip
        # The page's other queries: every side effect at once (the grid), and cases by quarter.
        others = {
            "faers_signals, every side effect (the grid)": lambda: queries.run(
                "faers_signals", events=effects, **signals
            ),
            "faers_by_quarter": lambda: queries.run("faers_by_quarter", event=effects[-1], **params),
            "faers_terms": lambda: queries.run("faers_terms"),
        }
        for name, run in others.items():
            times = []
            for _ in range(20):
                t = time.perf_counter()
                run()
                times.append(time.perf_counter() - t)
            print(f"{name}: p95 {np.percentile(times, 95) * 1000:.0f} ms over 20 runs")
        print(f"max resident of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
