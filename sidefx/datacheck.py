"""Can the data folder be read? One cheap check, made before any page runs.

Every file the views in ``queries/_views.sql`` read must be in the data folder, must be a
Parquet file and must have the columns the queries use (``NEEDED_COLUMNS``). Only each
file's footer is read, never its rows, so the check costs the same for 5,000 respondents as
for 10 million. The verdict is cached by folder and by the files' names, sizes and
modification times, so a rebuilt or repaired folder is checked again on the next run.

A fault becomes a ``DataProblem``: a plain sentence naming the file, the folder as the user
set it, and the fix. An error DuckDB or Arrow raises later, while reading rows, becomes the
same kind of sentence through ``explain``: never a stack, never a server path.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sidefx import settings

ENV = "SIDEFX_DATA_DIR"  # the data_dir setting's environment override (see settings)

# The columns read from each table: by the queries (the cubes and reference tables) and, for the
# respondent-level tables, by queries/_cubes.sql when the cubes are made. A file without one of
# them cannot be shown. tests/test_data_faults.py derives this from queries/ and checks it is exactly this.
# The keys every cube but respondent_cells shares (see queries/_cubes.sql).
CELL_KEYS = ("drug", "drug_class", "months_lo", "months_hi", "duration_band", "sex", "age_band")
NEEDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondents": (
        "respondent_id",
        "dataset",
        "drug",
        "drug_class",
        "duration_months",
        "duration_band",
        "sex",
        "age_band",
        "tried_to_stop",
    ),
    "responses": ("respondent_id", "effect", "reported", "severity"),
    "withdrawal": ("respondent_id", "had_withdrawal", "severity", "duration_weeks", "method", "restarted"),
    "respondent_cells": (
        "dataset",
        "drug",
        "drug_class",
        "months_lo",
        "months_hi",
        "months_min",
        "months_max",
        "sex",
        "age_band",
        "tried_to_stop",
        "respondents",
    ),
    "response_cells": (
        *CELL_KEYS,
        "effect",
        "reported",
        "severity",
        "respondents",
    ),
    "withdrawal_cells": (
        *CELL_KEYS,
        "had_withdrawal",
        "severity",
        "method",
        "respondents",
    ),
    "withdrawal_course_cells": (
        *CELL_KEYS,
        "method",
        "lasted",
        "lasted_order",
        "respondents",
    ),
    "drugs": (
        "inn",
        "drug_class",
        "brands",
        "half_life_h",
        "half_life_h_low",
        "half_life_h_high",
        "half_life_source",
        "half_life_cite",
        "half_life_quality",
    ),
    "effects": ("effect", "label", "domain", "sort_order"),
    "studies": (
        "row_id",
        "study_key",
        "authors",
        "year",
        "title",
        "journal",
        "doi",
        "pmid",
        "identifier_note",
        "design",
        "country",
        "n_total",
        "population",
        "drug",
        "drug_inn",
        "duration_band",
        "outcome_domain",
        "outcome",
        "measure",
        "value",
        "ci_low",
        "ci_high",
        "numerator",
        "denominator",
        "source_quote",
        "source_where",
        "caveat",
    ),
    "outcome_topics": (
        "topic",
        "topic_label",
        "outcome",
        "measure",
        "survey_effect",
        "survey_metric",
        "note",
        "row_label",
    ),
    "calibration_targets": (
        "target_id",
        "metric",
        "effect",
        "subgroup",
        "subgroup_value",
        "target_pct",
        "tolerance_pct",
        "kind",
        "source",
        "doi",
        "note",
    ),
    "dataset": ("name", "synthetic", "source"),
}


class DataProblem(Exception):
    """The data folder cannot be read as it is. ``str(exc)`` says which file, why, and the fix."""

    def __init__(self, problems: list[str], fix: str):
        self.problems = list(problems)
        self.fix = fix
        if len(self.problems) == 1:
            message = f"{self.problems[0]}: {fix}"
        else:
            message = (
                "The dashboard cannot read its data:\n\n"
                + "\n".join(f"- {p}" for p in self.problems)
                + f"\n\nTo fix this, {fix}"
            )
        super().__init__(message)


@dataclass(frozen=True)
class _Folder:
    path: Path
    given: str  # the folder as the user (or the calling code) wrote it
    source: str  # "setting": from SIDEFX_DATA_DIR; "caller": passed in by code; "demo": the built-in demo folder

    @property
    def shown(self) -> str:
        return "the demo data folder `data/`" if self.source == "demo" else f"`{self.given}`"

    @property
    def fix(self) -> str:
        if self.source == "demo":
            return "rebuild the demo data with `python -m sidefx.build` (or `make data`)."
        out = shlex.quote(self.given)
        unset = f", or unset {ENV} to use the demo data" if self.source == "setting" else ""
        return (
            f"rebuild the demo data there with `python -m sidefx.build --out {out}`, or re-import your survey with "
            f"`python -m sidefx.importer ... --out {out}` (see the README){unset}."
        )


def _folder(folder: str | Path | None) -> _Folder:
    if folder is not None:
        return _Folder(Path(folder), str(folder), "caller")
    raw = os.environ.get(ENV)
    if raw is None:
        return _Folder(settings.data_dir(), str(settings.data_dir()), "demo")
    return _Folder(settings.data_dir(), raw, "setting")


def table_files(queries_dir: str | Path | None = None) -> tuple[str, ...]:
    """The Parquet files of a data folder: those the views read (``_views.sql``), then the
    respondent-level tables the cubes are made from (``_cubes.sql``)."""
    return _table_files(str(queries_dir or settings.queries_dir()))


def cube_files(queries_dir: str | Path | None = None) -> tuple[str, ...]:
    """The cubes: files the views read that ``_cubes.sql`` makes."""
    folder = Path(queries_dir or settings.queries_dir())
    made = set(re.findall(r"CREATE MACRO (\w+)\(steps\)", (folder / "_cubes.sql").read_text()))
    return tuple(f for f in _files_read(folder / "_views.sql") if f.removesuffix(".parquet") in made)


@lru_cache(maxsize=8)
def _table_files(queries_dir: str) -> tuple[str, ...]:
    folder = Path(queries_dir)
    return tuple(dict.fromkeys(_files_read(folder / "_views.sql") + _files_read(folder / "_cubes.sql")))


def _files_read(sql_file: Path) -> tuple[str, ...]:
    return tuple(re.findall(r"read_parquet\('([^'/\\]+\.parquet)'\)", sql_file.read_text()))


def state(path: Path) -> tuple | str | None:
    """What identifies the folder's current contents (names, sizes and times of its Parquet files)."""
    return _fingerprint(Path(path))


def _fingerprint(path: Path) -> tuple | str | None:
    """Names, sizes and modification times of the folder's Parquet files (a stat each, no reads)."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "not a folder"
    except OSError:
        return None
    out = []
    for entry in entries:
        if entry.name.endswith(".parquet"):
            try:
                s = entry.stat()
            except OSError:
                return None
            out.append((entry.name, s.st_size, s.st_mtime_ns))
    return tuple(sorted(out))


def _inspect(path: Path, files: tuple[str, ...]) -> tuple[tuple, ...]:
    """What is wrong with the folder, as (kind, file, detail) facts; empty when nothing is."""
    if not path.exists():
        return (("no folder", "", ""),)
    if not path.is_dir():
        return (("not a folder", "", ""),)
    facts = []
    # Every .parquet file, not only the tables: the data version printed on figures reads each one's footer.
    for name in list(files) + sorted({p.name for p in path.glob("*.parquet")} - set(files)):
        file = path / name
        try:
            schema = pq.read_schema(file)
        except FileNotFoundError:
            facts.append(("missing", name, ""))
            continue
        except PermissionError as exc:
            facts.append(("unreadable", name, exc.strerror or "permission denied"))
            continue
        except (pa.ArrowException, OSError):
            facts.append(("damaged" if name in files else "stray damaged", name, ""))
            continue
        if missing := tuple(c for c in NEEDED_COLUMNS.get(name.removesuffix(".parquet"), ()) if c not in schema.names):
            facts.append(("columns", name, missing))
    return tuple(facts)


@lru_cache(maxsize=64)
def _verdict(path: str, files: tuple[str, ...], fingerprint) -> tuple[tuple, ...]:
    return _inspect(Path(path), files)


def forget() -> None:
    """Drop every cached verdict (they are keyed by the files' sizes and times, so this is rarely needed)."""
    _verdict.cache_clear()
    _table_files.cache_clear()


def _sentence(fact: tuple, where: _Folder) -> str:
    kind, name, detail = fact
    if kind in ("no folder", "not a folder"):
        what = "does not exist" if kind == "no folder" else "is a file, not a folder"
        if where.source == "setting":
            return f"{ENV} points at `{where.given}`, which {what}"
        return (
            f"{where.shown[0].upper()}{where.shown[1:]} {what}"
            if where.source == "demo"
            else f"The data folder {where.shown} {what}"
        )
    if kind == "missing":
        return f"`{name}` is missing from {where.shown}"
    if kind == "unreadable":
        return f"`{name}` in {where.shown} cannot be opened ({detail.lower()})"
    if kind == "damaged":
        return f"`{name}` in {where.shown} is damaged or not a Parquet file"
    if kind == "stray damaged":
        return f"`{name}` in {where.shown} is damaged or not a Parquet file, and is not one of the dashboard's tables"
    columns = ", ".join(f"`{c}`" for c in detail)
    return f"`{name}` in {where.shown} has no column{'s' if len(detail) > 1 else ''} {columns}"


def check(folder: str | Path | None = None, queries_dir: str | Path | None = None) -> None:
    """Raise DataProblem unless the data folder (the data_dir setting by default) can be read."""
    where = _folder(folder)
    files = table_files(queries_dir)
    fingerprint = _fingerprint(where.path)
    facts = (
        _inspect(where.path, files) if fingerprint is None else _verdict(str(where.path.absolute()), files, fingerprint)
    )
    if not facts:
        return
    if facts[0][0] in ("no folder", "not a folder"):
        fix = "set it to a data folder or unset it to use the demo data." if where.source == "setting" else where.fix
        raise DataProblem([_sentence(facts[0], where)], fix)
    cubes = set(cube_files(queries_dir))
    if all(f[0] == "missing" and f[1] in cubes for f in facts):  # a folder made before the cubes existed
        folder_arg = "" if where.source == "demo" else " " + shlex.quote(where.given)
        raise DataProblem(
            [_sentence(f, where) for f in facts],
            f"make the summary tables the pages read with `python -m sidefx.cubes{folder_arg or ' data'}` "
            "(they are made from the survey tables in the folder, which stay as they are).",
        )
    stray = "move it out of the folder (the dashboard reads the footer of every .parquet file in it)."
    if all(f[0] == "stray damaged" for f in facts):
        raise DataProblem([_sentence(f, where) for f in facts], stray)
    fix = where.fix + (
        f" Any file that is not one of the dashboard's tables: {stray}"
        if any(f[0] == "stray damaged" for f in facts)
        else ""
    )
    raise DataProblem([_sentence(f, where) for f in facts], fix)


def _scrub(text: str) -> str:
    """An error's first line with every absolute path cut to its file name (the message names the folder already)."""
    line = (text.strip().splitlines() or [""])[0]
    line = re.sub(r"(?<![\w.])(?:/[^\s'\"/]+)+/([^\s'\"/]+)", r"\1", line)
    return line[:200]


def explain(exc: Exception, folder: str | Path | None = None) -> DataProblem:
    """An error met while reading the data's rows (DuckDB, Arrow), as a DataProblem in words."""
    try:
        check(folder)  # a file may have changed since the last check: its fault is then named exactly
    except DataProblem as problem:
        return problem
    where = _folder(folder)
    text = str(exc)
    named = [f for f in table_files() if re.search(rf"(?<![\w-]){re.escape(f)}", text)]
    detail = _scrub(text) or type(exc).__name__
    what = f"`{named[0]}` in {where.shown}" if named else f"The data in {where.shown}"
    return DataProblem([f"{what} could not be read (the reader said: {detail})"], where.fix)
