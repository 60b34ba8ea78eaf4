"""Benchmark: importing a survey tool's export of N respondents (time and peak memory).

    .venv/bin/python bench/import_bench.py --rows 100000

Makes a wide export the way a survey tool writes one (semicolon-separated, cp1252, brand names
and misspellings, durations in words, Yes/No answers) from the demo generator's respondents,
then times `python -m sidefx.importer FILE --name ... --mapping ...` in a child process and
reports its wall time and peak resident memory.
"""

from __future__ import annotations

import argparse
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

from sidefx.build import demo, folders  # noqa: E402
from sidefx.importer import mapping  # noqa: E402

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
    path = folder / "export.csv"
    wide.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = export(args.rows, folder / "source")
        plan = folder / "map.toml"
        plan.write_text(
            mapping.to_toml(mapping.guess(list(pd.read_csv(path, sep=";", nrows=1, encoding="cp1252"))), "bench")
        )
        cmd = [sys.executable, "-m", "sidefx.importer", str(path), "--name", "bench", "--mapping", str(plan)]
        t0 = time.perf_counter()
        done = subprocess.run([*cmd, "--out", str(folder / "out")], cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(done.stdout.strip() or done.stderr.strip())
        print(
            f"\n{args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB CSV): import took {took:.1f} s, peak {peak:.0f} MB resident"
        )


if __name__ == "__main__":
    main()
