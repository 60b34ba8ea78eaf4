"""Benchmark: importing a survey tool's export of N respondents (time and peak memory).

    .venv/bin/python bench/import_bench.py --rows 100000 [--format csv|xlsx|sav]

Makes a wide export the way a survey tool writes one (semicolon-separated, cp1252, brand names
and misspellings, durations in words, Yes/No answers) from the demo generator's respondents,
written as CSV, an Excel workbook or an SPSS file, then times, each in a child process, with its peak
resident memory: `--write-mapping` (reading the file and guessing), the import itself
(`--mapping`), and, as the baseline, pandas (or pyreadstat) reading the same file alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sidefx.build import demo, folders  # noqa: E402

SPELLINGS = {
    "sertraline": ["Zoloft", "Lustral", "sertaline"],
    "paroxetine": ["Seroxat", "Paxil"],
    "fluoxetine": ["Prozac"],
}
QUESTIONS = {"emotional_numbing": "Numbness", "sexual_dysfunction": "Sexual problems", "weight_gain": "Gained weight?"}


def export(n: int, folder: Path) -> Path:
    folders.write_reference_tables(folder)
    demo.generate(folder, n=n)
    r = pd.read_parquet(folder / "respondents.parquet")
    s = pd.read_parquet(folder / "responses.parquet")
    rng = np.random.default_rng(1)
    names = [rng.choice(SPELLINGS[d]) if d in SPELLINGS else d for d in r.drug]
    wide = pd.DataFrame(
        {
            "ID": r.respondent_id,
            "Which antidepressant do you take?": names,
            "How long have you taken it?": [f"{m} mo" if pd.notna(m) else "" for m in r.duration_months],
            "Sex": r.sex.str.capitalize(),
            "Age group": r.age_band,
            "Have you tried to come off it?": np.where(r.tried_to_stop, "Yes", "No"),
        }
    )
    answers = s[s.effect.isin(QUESTIONS)].pivot(index="respondent_id", columns="effect", values="reported")
    for effect, header in QUESTIONS.items():
        wide[header] = wide.ID.map(answers[effect]).map({True: "Yes", False: "No"}).fillna("")
    return wide


def write(wide: pd.DataFrame, folder: Path, fmt: str) -> Path:
    path = folder / f"export.{fmt}"
    if fmt == "csv":
        wide.to_csv(path, sep=";", index=False, encoding="cp1252")
    elif fmt == "xlsx":
        wide.to_excel(path, index=False, sheet_name="Responses")
    else:
        import pyreadstat

        names = {c: f"v{i}" for i, c in enumerate(wide.columns)}  # SPSS names; the questions are the labels
        pyreadstat.write_sav(wide.rename(columns=names), str(path), column_labels={v: c for c, v in names.items()})
    return path


BASELINE = {  # the same file read by pandas (or pyreadstat) alone, every cell as text where the reader allows
    "csv": "import pandas as pd, sys; pd.read_csv(sys.argv[1], sep=';', dtype=str, encoding='cp1252')",
    "xlsx": "import pandas as pd, sys; pd.read_excel(sys.argv[1], sheet_name=None, dtype=str, engine='openpyxl')",
    "sav": "import pyreadstat, sys; pyreadstat.read_sav(sys.argv[1])",
}


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall time and peak resident MB of one child process (each run in a fresh grandchild so the peaks are its own)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
        "print(p.stdout[-2000:] + p.stderr[-2000:])"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True).stdout
    head, _, rest = out.partition("\n")
    took, peak = map(float, head.split())
    return took, peak, rest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--format", choices=("csv", "xlsx", "sav"), default="csv")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write(export(args.rows, folder / "source"), folder, args.format)
        size = path.stat().st_size / 1e6
        plan = folder / "map.toml"
        base = [sys.executable, "-m", "sidefx.importer", str(path), "--name", "bench"]
        mapped = timed([*base, "--write-mapping", str(plan)])
        imported = timed([*base, "--mapping", str(plan), "--out", str(folder / "out")])
        baseline = timed([sys.executable, "-c", BASELINE[args.format], str(path)])
        print(imported[2].strip())
        print(f"\n{args.rows:,} rows ({size:.1f} MB {args.format.upper()}):")
        for what, (took, peak, _) in (("--write-mapping", mapped), ("import", imported), ("baseline read", baseline)):
            print(f"  {what:16} {took:6.1f} s  peak {peak:5.0f} MB resident")
        print(f"  the mapping step takes {mapped[0] / baseline[0]:.2f}x the baseline read's time")


if __name__ == "__main__":
    main()
