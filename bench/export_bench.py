"""Benchmark: static figure export (kaleido's sync server driving Debian's Chromium).

    python bench/export_bench.py                       # slide-16x9, 5 warm runs per format
    python bench/export_bench.py --preset poster --repeat 10

For one figure (withdrawal by drug, 14 bars, built in code from seeded numbers so no data
files are read) it times, per format:

- cold: the first export in a fresh Python process, which starts Chromium (one subprocess
  per format, so each cold number really is the first export of its process);
- warm: later exports with the server running and the export cache cleared each time
  (median and minimum of --repeat runs);
- cached: the same export again, answered from the in-memory LRU.

It prints a markdown table; results are copied into bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DRUGS = [
    "moclobemide",
    "venlafaxine",
    "duloxetine",
    "fluvoxamine",
    "amitriptyline",
    "citalopram",
    "paroxetine",
    "mirtazapine",
    "escitalopram",
    "sertraline",
    "bupropion",
    "nortriptyline",
    "fluoxetine",
    "vortioxetine",
]


def bench_panel():
    """Withdrawal by drug: the widest bar chart of the dashboard, from seeded made-up counts."""
    import pandas as pd

    from sidefx import words
    from sidefx.build import demo
    from sidefx.charts import ChartText
    from sidefx.filters import Filters
    from sidefx.record import Dataset, Panel
    from sidefx.serve.queries import QueryRun
    from sidefx.survey.panels import W_COLUMNS

    rng = random.Random(42)
    rows = []
    for i, drug in enumerate(DRUGS):
        n = rng.randint(20, 700)
        k = round(n * rng.uniform(0.3, 0.8))
        p = k / n
        half = 1.96 * (p * (1 - p) / n) ** 0.5
        rows.append(
            dict(
                grp=drug,
                grp_order=i,
                had_withdrawal=k,
                tried_to_stop=n,
                pct=100 * p,
                ci_low=100 * max(0.0, p - half),
                ci_high=100 * min(1.0, p + half),
            )
        )
    df = pd.DataFrame(rows).sort_values("pct", ascending=False).reset_index(drop=True)
    text = ChartText(
        "Withdrawal effects by drug",
        "All respondents · n = 4,000 who tried to stop",
        "Source: synthetic demo survey, not real respondents (benchmark figure)",
        words.CI_NOTE,
        badge=words.SYNTHETIC_BADGE,
    )
    run = QueryRun("withdrawal_by_group", Filters().to_params() | {"group_by": "drug"})
    dataset = Dataset(demo.DATASET, True, demo.SOURCE)
    return Panel(
        "withdrawal-by-drug",
        "withdrawal_bars",
        df,
        text,
        "",
        (run,),
        Filters(),
        dataset,
        "bench",
        W_COLUMNS | {"grp": "Drug"},
        options={"axis_title": "Drug"},
        link="http://localhost:8501/withdrawal",
    )


def cold(fmt: str, preset: str) -> None:
    """Child process: time the very first export (Chromium starts inside it)."""
    t0 = time.perf_counter()
    from sidefx import export

    panel = bench_panel()
    t1 = time.perf_counter()
    data = export.export_figure(panel, preset, fmt)
    t2 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "first_export_s": t2 - t1, "bytes": len(data)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="slide-16x9")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold", metavar="FMT", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cold:
        return cold(args.cold, args.preset)

    from sidefx import export

    formats = export.FORMATS
    colds = {}
    for fmt in formats:
        out = subprocess.run(
            [sys.executable, __file__, "--cold", fmt, "--preset", args.preset],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        colds[fmt] = json.loads(out.stdout.strip().splitlines()[-1])

    panel = bench_panel()
    export.export_figure(panel, args.preset, "png")  # start the server
    rows = []
    for fmt in formats:
        times = []
        for _ in range(args.repeat):
            export.clear_cache()
            t = time.perf_counter()
            data = export.export_figure(panel, args.preset, fmt)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        export.export_figure(panel, args.preset, fmt)
        cached = time.perf_counter() - t
        rows.append((fmt, colds[fmt], statistics.median(times), min(times), cached, len(data)))

    chromium = subprocess.run(
        [export.find_browser() or "chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    from importlib.metadata import version

    print(
        f"Preset {args.preset} ({export.PRESETS[args.preset].width}x{export.PRESETS[args.preset].height}); "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, kaleido {version('kaleido')}, "
        f"{chromium}; warm = median of {args.repeat}.\n"
    )
    print(
        "| format | cold: first export, Chromium start included (s) | warm median (s) | warm min (s) | cached (ms) | size (KB) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for fmt, c, med, lo, cached, size in rows:
        print(f"| {fmt} | {c['first_export_s']:.2f} | {med:.3f} | {lo:.3f} | {cached * 1000:.2f} | {size / 1024:.0f} |")
    print(
        f"\nImporting sidefx.export and building the figure before the cold export: "
        f"{statistics.median(c['import_s'] for c in colds.values()):.2f} s (median over the cold runs)."
    )


if __name__ == "__main__":
    main()
