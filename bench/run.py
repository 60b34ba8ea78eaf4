"""Benchmark: every page's queries over the cubes, against pandas holding the survey in memory.

    python bench/run.py                     # 100,000 and 1,000,000 respondents (make bench)
    python bench/run.py --big               # and 10,000,000 (make bench BIG=1); needs ~15 GB for pandas
    python bench/run.py --sizes 100000 --states 20

1. Which queries does each page run? Each page is opened through AppTest on the demo data in
   its default view and in --states seeded random views (filters, compare-by, the page's own
   choices); every query it runs is recorded with its bound values (kept in --cache).
2. For each size: a synthetic survey is generated (cached), then its cubes are built in a child
   process (time and peak resident memory).
3. For every recorded view, all the queries the page ran are timed together, uncached (no
   result cache; a fresh cursor each), on DuckDB over the cubes: p50 and p95 per page.
4. The typical alternative in the same run: pandas holding the respondent-level tables in memory,
   loaded and joined once (categorical columns), filtering per interaction. Queries that read
   only the small reference tables (studies, drugs) run in DuckDB on both sides.

Prints markdown tables; results are written down in bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


import pandas_baseline  # noqa: E402

from sidefx.build import assumptions, demo, folders  # noqa: E402
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters  # noqa: E402
from sidefx.pages import PAGES  # noqa: E402
from sidefx.serve import db, queries  # noqa: E402

PAGE_CHOICES = {
    "prevalence": {"view": ["bars", "heatmap", "duration"], "sort": ["prevalence", "domain"]},
    "withdrawal": {"tab": ["by-drug", "by-duration", "severity", "lasted", "half-life", "tapering"]},
    "studies": {"topic": ["sexual_dysfunction", "withdrawal_incidence", "emotional_blunting"], "rows": ["all"]},
}


def rss_mb(field: str = "VmRSS", pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def draw_view(rng: random.Random, page: str, drugs: list[str]) -> dict[str, str]:
    lo, hi = sorted(rng.choices(DURATION_STEPS, k=2)) if rng.random() < 0.6 else (0, DURATION_STEPS[-1])
    f = Filters(
        drugs=tuple(rng.sample(drugs, rng.randint(0, 3))) if rng.random() < 0.6 else (),
        min_months=lo,
        max_months=hi,
        sexes=tuple(rng.sample(["female", "male"], 1)) if rng.random() < 0.3 else (),
        age_bands=tuple(rng.sample(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"], 2))
        if rng.random() < 0.3
        else (),
        compare_by=rng.choice(list(COMPARE_BY)),
    )
    view = f.to_query_params()
    for name, values in PAGE_CHOICES.get(page, {}).items():
        view[name] = rng.choice(values)
    return view


def record(states: int, cache: Path) -> dict[str, list[list[tuple[str, dict]]]]:
    """page -> one list of (query, params) per view: the default view first, then the random ones."""
    path = cache / f"page-runs-{states}.json"
    if path.exists():
        return json.loads(path.read_text())
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    seen: list[tuple[str, dict]] = []
    real = queries.run

    def recording(name, **params):
        seen.append((name, params))
        return real(name, **params)

    queries.run = recording
    rng = random.Random(20261123)
    drugs = sorted(assumptions.DRUG_MIX)
    out = {}
    try:
        for page in PAGES:
            name = page.url_path
            out[name] = []
            for i in range(states + 1):
                view = {} if i == 0 else draw_view(rng, name, drugs)
                st.cache_data.clear()
                seen.clear()
                at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
                for k, v in view.items():
                    at.query_params[k] = v
                at.switch_page(page.script)
                at.run()
                assert not at.exception, (name, view, at.exception)
                out[name].append(list(seen))
            print(f"recorded {name}: {sum(map(len, out[name]))} queries over {states + 1} views", file=sys.stderr)
    finally:
        queries.run = real
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out))
    return out


def make_survey(n: int, cache: Path) -> tuple[Path, dict]:
    folder = cache / f"r{n}"
    facts = {}
    if not (folder / "responses.parquet").exists():
        t = time.perf_counter()
        folders.write_reference_tables(folder)
        demo.generate(folder, n=n)
        folders.write_dataset(folder, demo.DATASET, True, demo.SOURCE)
        facts["generate_s"] = time.perf_counter() - t
    code = (
        "import resource, sys, time; from pathlib import Path; from sidefx import cubes; t = time.perf_counter(); "
        "cells = cubes.build(Path(sys.argv[1])); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, sum(cells.values()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    took, peak, cells = done.stdout.split()
    facts |= {"cube_build_s": float(took), "cube_build_peak_mb": float(peak), "cells": int(cells)}
    return folder, facts


def timed_views(views, answer, only=lambda params: True) -> list[float]:
    out = []
    for runs in views:
        t = time.perf_counter()
        for name, params in runs:
            if only(params):
                answer(name, params)
        out.append(time.perf_counter() - t)
    return out


def filtered(params: dict) -> bool:
    """A query a filter change reruns (the others depend only on the data, and a running app keeps their answers)."""
    return "drugs" in params


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def bench_size(n: int, page_runs, args) -> None:
    folder, facts = make_survey(n, args.cache)
    os.environ["SIDEFX_DATA_DIR"] = str(folder)
    db.reset()
    print(f"\n### {n:,} respondents\n")
    print(
        f"Cube build: {facts['cube_build_s']:.1f} s, peak {facts['cube_build_peak_mb']:.0f} MB resident, "
        f"{facts['cells']:,} cells"
        + (f"; generating the survey took {facts['generate_s']:.1f} s" if "generate_s" in facts else "")
    )

    def duck(name, params):
        queries.run(name, **params)

    for runs in page_runs.values():  # warm: open the database and the files once, as a running server has
        timed_views(runs[:1], duck)
    duck_times = {page: timed_views(runs, duck) for page, runs in page_runs.items()}
    change_times = {page: timed_views(runs, duck, filtered) for page, runs in page_runs.items()}
    serving = rss_mb()
    print(f"Process resident after every page's queries on DuckDB: {serving:.0f} MB\n")
    t = time.perf_counter()
    base = pandas_baseline.Survey(folder)
    load_s = time.perf_counter() - t
    loaded = rss_mb()
    limit = args.pandas_views if n >= 10_000_000 else None
    pandas_times = {page: timed_views(runs[:limit] if limit else runs, base.answer) for page, runs in page_runs.items()}
    print(
        f"pandas baseline: loading and joining the tables once took {load_s:.1f} s; process resident {loaded:.0f} MB"
        + (f"; timed on the first {limit} views of each page" if limit else "")
        + "\n"
    )
    print(
        "| page | views | queries per view (filtered) | DuckDB, all queries, p50 / p95 (ms) | DuckDB, a filter change, "
        "p50 / p95 (ms) | pandas, all, p50 / p95 (ms) | pandas / DuckDB, all, p50 / p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page, runs in page_runs.items():
        d, c, p = duck_times[page], change_times[page], pandas_times[page]
        per = statistics.mean(map(len, runs))
        per_filtered = statistics.mean(sum(filtered(params) for _, params in view) for view in runs)
        print(
            f"| {page} | {len(d)} | {per:.1f} ({per_filtered:.1f}) | {1000 * pct(d, 50):.1f} / {1000 * pct(d, 95):.1f} | "
            f"{1000 * pct(c, 50):.1f} / {1000 * pct(c, 95):.1f} | {1000 * pct(p, 50):.0f} / {1000 * pct(p, 95):.0f} | "
            f"{pct(p, 50) / pct(d, 50):.0f}× / {pct(p, 95) / pct(d, 95):.0f}× |"
        )
    base.check_against_duckdb([runs[0] for runs in page_runs.values()])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--big", action="store_true", help="also 10,000,000 respondents")
    ap.add_argument("--states", type=int, default=50, help="random views per page (plus the default view)")
    ap.add_argument("--pandas-views", type=int, default=10, help="views timed in pandas at 10M respondents")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "sidefx-bench")
    args = ap.parse_args(argv)
    sizes = args.sizes + ([10_000_000] if args.big else [])
    os.environ.pop("SIDEFX_DATA_DIR", None)
    page_runs = record(args.states, args.cache)
    print(f"{os.cpu_count()} cores; DuckDB settings: {db.limits()}")
    for n in sizes:
        bench_size(n, page_runs, args)


if __name__ == "__main__":
    main()
