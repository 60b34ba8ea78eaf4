"""Build every Parquet file in ``data/`` from ``data/sources/`` and the demo generator.

python -m sidefx.build                 # the committed demo (5,000 respondents)
python -m sidefx.build --respondents 10000000 --out /tmp/big   # a benchmark-sized survey
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sidefx import catalog, cubes, settings
from sidefx.build import demo


@contextlib.contextmanager
def replacing(out: Path, prefix: str):
    """A temporary folder beside ``out`` to fill; it becomes ``out`` (replacing an earlier one) only when the block
    completes. A failure or an interruption leaves ``out`` as it was and no half-written folder behind."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))  # same file system, so renames are atomic
    old = out.parent / f"{prefix}old-{staging.name}"
    try:
        yield staging
        if out.exists():
            out.rename(old)  # the earlier folder steps aside, then the new one takes its name
        staging.rename(out)
    finally:
        for leftover in (staging, old):
            if leftover.exists():
                shutil.rmtree(leftover)


def write_reference_tables(out_dir: Path, own_effects: pd.DataFrame | None = None) -> None:
    """drugs, effects, studies and calibration_targets, from the CSVs kept in the repo.

    ``own_effects``: an imported survey's own questions, added to the catalogue's effects (that dataset's only).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    effects = catalog.effects()
    if own_effects is not None and len(own_effects):
        effects = pd.concat([effects, own_effects[list(effects.columns)]], ignore_index=True)
    tables = {
        "drugs": catalog.drugs(),
        "effects": effects,
        "studies": catalog.studies(),
        "calibration_targets": catalog.calibration_targets(),
        "outcome_topics": catalog.outcome_topics(),
    }
    for name, frame in tables.items():
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out_dir / f"{name}.parquet")


def write_dataset(out_dir: Path, name: str, synthetic: bool, source: str) -> None:
    """``dataset.parquet``: one row saying what the survey tables hold, read by every chart's record.

    Whether data is synthetic is this table's ``synthetic`` field, never guessed from a name.
    """
    frame = pa.table({"name": [name], "synthetic": [synthetic], "source": [source]})
    pq.write_table(frame, Path(out_dir) / "dataset.parquet")


def build_demo(out_dir: Path, n: int | None = None, seed: int | None = None) -> dict[str, int]:
    """A whole demo data folder: reference tables, the synthetic survey, its dataset record and its cubes."""
    write_reference_tables(out_dir)
    counts = demo.generate(out_dir, n=n, seed=seed)
    write_dataset(out_dir, demo.DATASET, True, demo.SOURCE)
    cubes.build(out_dir)
    return counts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sidefx.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=settings.data_dir())
    parser.add_argument("--respondents", type=int, default=settings.get("demo_respondents"))
    parser.add_argument("--seed", type=int, default=settings.get("demo_seed"))
    args = parser.parse_args(argv)
    counts = build_demo(args.out, n=args.respondents, seed=args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
