"""Import your own survey: validate it, then write a data folder the dashboard can read.

    python -m sidefx.importer --respondents r.csv --responses s.csv --withdrawal w.csv --out my-data
    SIDEFX_DATA_DIR=my-data streamlit run dashboard.py

Inputs are CSV or Parquet files with the columns documented in data/README.md. Nothing
is written unless every check passes, and the output folder is filled atomically: a
failed import never leaves a half-written or mixed folder behind.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from sidefx import build, catalog, cubes, schema


class ImportRefused(Exception):
    """The survey files did not pass validation; ``problems`` says what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def read(path: Path) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path)
    raise ImportRefused([f"{path.name}: use a .csv or .parquet file"])


def _normalise(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if "respondent_id" in frame:
        frame["respondent_id"] = pd.to_numeric(frame.respondent_id, errors="coerce").astype("Int64")
        if frame.respondent_id.isna().any():
            raise ImportRefused([f"{name}: respondent_id must be a whole number on every row"])
        frame["respondent_id"] = frame.respondent_id.astype("int64")
    for col in ("reported", "still_taking", "tried_to_stop", "had_withdrawal", "restarted"):
        if col in frame and not pd.api.types.is_bool_dtype(frame[col]):
            mapped = (
                frame[col]
                .astype(str)
                .str.strip()
                .str.lower()
                .map({"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False})
            )
            if mapped.isna().any():
                raise ImportRefused([f"{name}: column '{col}' must be true/false on every row"])
            frame[col] = mapped.astype(bool)
    if "duration_weeks" in frame:
        frame["duration_weeks"] = pd.to_numeric(frame.duration_weeks, errors="coerce").astype(float)
    for col in ("drug", "drug_class", "sex", "effect", "severity", "method"):
        if col in frame and pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].astype(str).str.strip()
    if "drug" in frame:
        frame["drug"] = frame.drug.str.lower()
    return frame


def validate(respondents: pd.DataFrame, responses: pd.DataFrame, withdrawal: pd.DataFrame) -> dict[str, pd.DataFrame]:
    frames = {"respondents": respondents, "responses": responses, "withdrawal": withdrawal}
    frames = {k: _normalise(k, v) for k, v in frames.items()}
    problems = [p for name, frame in frames.items() for p in schema.problems(name, frame)]
    if not problems:
        problems = schema.cross_table_problems(
            *frames.values(), set(catalog.drugs().inn), set(catalog.effects().effect)
        )
    if problems:
        raise ImportRefused(problems)
    return frames


MARKER = ".sidefx-import"  # marks a folder this importer made, which a later import may replace


def import_survey(respondents: Path, responses: Path, withdrawal: Path, out: Path) -> dict[str, int]:
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ImportRefused(
            [
                f"{out} is not empty and was not made by this importer: choose a new folder "
                "(an earlier import's folder may be replaced)"
            ]
        )
    frames = validate(read(respondents), read(responses), read(withdrawal))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent))  # same file system, so the rename is atomic
    try:
        build.write_reference_tables(staging)
        for name, frame in frames.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        names = ", ".join(sorted(frames["respondents"].dataset.unique()))
        build.write_dataset(staging, names, False, f"{names} (survey imported by the user)")
        cubes.build(staging)
        (staging / MARKER).write_text("made by python -m sidefx.importer\n")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return {k: len(v) for k, v in frames.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=Path, required=True)
    ap.add_argument("--responses", type=Path, required=True)
    ap.add_argument("--withdrawal", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    try:
        counts = import_survey(args.respondents, args.responses, args.withdrawal, args.out)
    except ImportRefused as exc:
        print("Import refused; nothing was written. Fix these and try again:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print(f"imported into {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
