"""Benchmark: where the time of each FAERS quarter added goes, step by step and statement by statement.

    .venv/bin/python bench/faers_profile.py [--reports 100000] [--quarters 6]

Builds the quarters ``faers_bench.py`` builds and imports them one after another into one folder, in this
process, timing each step of the import (read-back of the folder, reading the new quarter's files, each
statement of queries/faers/, EBGM, writing the folder). Peak memory is ``faers_bench.py``'s to measure (it
imports in a child process): here the quarters are built in the same process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from faers_bench import quarter  # noqa: E402

from sidefx.faers import ebgm, importer, incremental, reading, statements  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)
SHOWN = ("_import", "_dupes", "_cells", "_onset_cells", "_ebgm_strata", "_report_counts", "_unused_terms", "_case_rows")
SHOWN += ("_touched", "_touched_views", "_update_merge", "_update_cells", "_update_final")  # a quarter added


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - t

    return wrapper


def instrument() -> None:
    """Every step the import takes, wrapped so its time is added to TIMES."""
    run = statements.run
    statements.run = lambda con, name, **p: timed(f"sql {name}", run)(con, name, **p)
    for module, name in [(importer, n) for n in ("_keep_earlier", "_keep_folder", "_count", "_write", "_make_cells")]:
        if hasattr(module, name):
            setattr(module, name, timed(name, getattr(module, name)))
    reading.read_quarter = timed("read_quarter (the new files)", reading.read_quarter)
    ebgm.make = timed("ebgm.make (all)", ebgm.make)
    incremental.touch = timed("incremental.touch (the cases touched)", incremental.touch)
    incremental.update = timed("incremental.update (all)", incremental.update)
    ebgm.scored = timed("ebgm.scored (the fit)", ebgm.scored)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--quarters", type=int, default=6)
    args = ap.parse_args()
    instrument()
    rng = np.random.default_rng(20240101)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "faers"
        for i in range(args.quarters):
            label = f"20{20 + i // 4}Q{i % 4 + 1}"
            quarter(tmp / label, label, args.reports, 10_000_000 + i * args.reports, rng)
            TIMES.clear()
            t = time.perf_counter()
            importer.import_quarters([tmp / label], out)
            total = time.perf_counter() - t
            steps = sorted(TIMES.items(), key=lambda kv: -kv[1])
            shown = [f"{k} {v:.2f}" for k, v in steps if v >= 0.05 and (not k.startswith("sql") or k[4:] in SHOWN)]
            print(f"{label}: {total:.1f} s; " + "; ".join(shown), flush=True)


if __name__ == "__main__":
    main()
