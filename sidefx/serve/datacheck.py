"""Can a data source's folder be read? One cheap check, made before a page reads it.

Each page checks only the sources it reads (``sidefx.pages``): a damaged survey folder leaves Study comparisons
and the FAERS page working, and a FAERS folder never imported leaves the survey's pages as they are.

The folder is local, or remote (``s3://``, ``gs://``, ``https://``: see ``sidefx.serve.storage``); a
remote one that cannot be listed (no such bucket, refused credentials, unreachable) is said in
words like any other fault.

Every file a source's views read (``queries/_views.sql`` for the survey) must be in its folder, must be a
Parquet file and must have the columns the queries use (``Source.columns``). Only each
file's footer is read, never its rows, so the check costs the same for 5,000 respondents as
for 10 million. The verdict is cached by folder and by the files' names, sizes and
modification times, so a rebuilt or repaired folder is checked again on the next run.

A fault becomes a ``DataProblem``: a plain sentence naming the file, the folder as the user
set it, and the fix. An error DuckDB or Arrow raises later, while reading rows, becomes the
same kind of sentence through ``explain``: never a stack, never a server path.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sidefx import settings
from sidefx.serve import datasets, sources, storage

log = logging.getLogger(__name__)
ENV = "SIDEFX_DATA_DIR"
REMOTE_FIX = (
    "check the location and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, and AWS_ENDPOINT_URL for an "
    f"S3-compatible service), or unset {ENV} to use the demo data."
)  # the data_dir setting's environment override (see settings)


class DataProblem(Exception):
    """The data folder cannot be read as it is. ``str(exc)`` says which file, why, and the fix."""

    def __init__(self, problems: list[str], fix: str, absent: bool = False):
        self.problems = list(problems)
        self.fix = fix
        self.absent = absent  # the source's importer has never made its folder: nothing is wrong, nothing is there
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
    source: str  # "setting": from SIDEFX_DATA_DIR; "caller": passed in by code; "demo": the built-in demo folder;
    # "chosen": a dataset chosen in the sidebar (an import on the server, or this session's upload)
    # "named": a folder a source keeps by itself (the FAERS folder), said as ``label``, with its own ``fixed``
    label: str = ""  # a chosen dataset's name (its folder is never shown: an upload's is a server path)
    fixed: str = ""

    @property
    def shown(self) -> str:
        if self.source == "named":  # a folder the dashboard keeps by itself (the FAERS folder): named, never a path
            return self.label
        if self.source == "chosen":
            return f"the dataset '{self.label}'"
        if self.hidden:
            return f"the data folder ({ENV})"
        return "the demo data folder `data/`" if self.source == "demo" else f"`{self.given}`"

    @property
    def hidden(self) -> bool:
        """A local folder the server's setting names: a visitor is never shown its path (the server's log has it)."""
        return self.source == "setting" and not storage.is_remote(self.given)

    @property
    def arg(self) -> str:
        """The folder as a command's argument in a fix: the setting itself where the path is not shown."""
        return f'"${ENV}"' if self.hidden else shlex.quote(self.given)

    @property
    def remote(self) -> storage.Remote | None:
        return storage.remote(self.given) if storage.is_remote(self.given) else None

    @property
    def fix(self) -> str:
        if self.source == "named":
            return self.fixed
        if self.source == "chosen":
            return (
                "choose another dataset in the sidebar, or import the survey again "
                "(the Import page, or `python -m sidefx.importer` with --replace)."
            )
        if self.remote:
            return (
                "build or import the data into a local folder (see the README), then copy every .parquet file "
                f"in it to `{self.given}`, or unset {ENV} to use the demo data."
            )
        if self.source == "demo":
            return "rebuild the demo data with `python -m sidefx.build` (or `make data`)."
        out = self.arg
        unset = f", or unset {ENV} to use the demo data" if self.source == "setting" else ""
        return (
            f"rebuild the demo data there with `python -m sidefx.build --out {out}`, or re-import your survey with "
            f"`python -m sidefx.importer ... --out {out}` (see the README){unset}."
        )


def _folder(folder: str | Path | None, source: sources.Source = sources.SURVEY) -> _Folder:
    if source.own_folder:  # not a survey data folder: said by its name, with its own fix
        location = str(folder) if folder is not None else source.locate()
        return _Folder(Path(location), location, "named", source.shown, source.fix)
    if folder is not None:
        return _Folder(Path(folder), str(folder), "caller")
    if source.follows_choice and (chosen := datasets.chosen()):
        return _Folder(Path(chosen.location), chosen.location, "chosen", chosen.label)
    raw = os.environ.get(ENV)
    if raw is None:
        return _Folder(settings.data_dir(), str(settings.data_dir()), "demo")
    return _Folder(settings.data_dir(), raw, "setting")


def footer(name: str, source: sources.Source = sources.SURVEY) -> pq.FileMetaData:
    """The footer (row groups, sizes, column statistics) of one file of a source's folder, local or remote."""
    where = _folder(None, source)
    if where.remote:
        with where.remote.open(name) as f:
            return pq.ParquetFile(f).metadata
    return pq.ParquetFile(where.path / name).metadata


def table_files(queries_dir: str | Path | None = None) -> tuple[str, ...]:
    """The Parquet files of a survey data folder: those the views read (``_views.sql``), then the
    respondent-level tables the cubes are made from (``_cubes.sql``)."""
    return sources.SURVEY.files(queries_dir)


def cube_files(queries_dir: str | Path | None = None) -> tuple[str, ...]:
    """The cubes: files the views read that ``_cubes.sql`` makes."""
    folder = Path(queries_dir or settings.queries_dir())
    made = set(re.findall(r"CREATE MACRO (\w+)\(steps\)", (folder / "_cubes.sql").read_text()))
    return tuple(f for f in _files_read(folder / "_views.sql") if f.removesuffix(".parquet") in made)


def _files_read(sql_file: Path) -> tuple[str, ...]:
    return tuple(re.findall(r"read_parquet\((?:data_file\()?'([^'/\\]+\.parquet)'\)", sql_file.read_text()))


def state(location: str | Path) -> tuple | str | None:
    """What identifies the folder's current contents (names, sizes and times or versions of its Parquet files).

    A remote folder is listed at most once every ``remote_check_s`` seconds (a listing is a request).
    """
    if storage.is_remote(str(location)):
        return _remote_state(str(location), int(time.monotonic() // settings.get("remote_check_s")))
    return _fingerprint(Path(location))


def present(location: str | Path) -> frozenset[str]:
    """The names of the Parquet files the folder holds now (none when it cannot be listed)."""
    found = state(location)
    return frozenset(entry[0] for entry in found) if isinstance(found, tuple) else frozenset()


@lru_cache(maxsize=16)
def _remote_state(location: str, period: int) -> tuple | str:
    try:
        return tuple(sorted(storage.remote(location).listing().items()))
    except storage.StorageProblem as exc:
        return str(exc)


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


def _inspect(path: Path, files: tuple[str, ...], source: sources.Source) -> tuple[tuple, ...]:
    """What is wrong with the folder, as (kind, file, detail) facts; empty when nothing is."""
    if not path.exists():
        return (("no folder", "", ""),)
    if not path.is_dir():
        return (("not a folder", "", ""),)
    present = {p.name for p in path.glob("*.parquet")}
    return _inspect_files(present, files, lambda name: pq.read_schema(path / name), source)


def _inspect_files(present: set[str], files: tuple[str, ...], read_schema, source: sources.Source) -> tuple[tuple, ...]:
    facts = []
    # The survey's every .parquet file, not only its tables (Source.strays): its data version reads each one's footer.
    for name in list(files) + (sorted(present - set(files)) if source.strays else []):
        try:
            if name not in present:
                raise FileNotFoundError(name)
            schema = read_schema(name)
        except FileNotFoundError:
            facts.append(("missing", name, ""))
            continue
        except PermissionError as exc:
            facts.append(("unreadable", name, exc.strerror or "permission denied"))
            continue
        except (pa.ArrowException, OSError, ValueError):
            facts.append(("damaged" if name in files else "stray damaged", name, ""))
            continue
        if missing := tuple(c for c in source.columns.get(name.removesuffix(".parquet"), ()) if c not in schema.names):
            facts.append(("columns", name, missing))
    return tuple(facts)


def _remote_facts(remote: storage.Remote, files: tuple[str, ...], source: sources.Source) -> tuple[tuple, ...]:
    try:
        listing = remote.listing()
    except storage.StorageProblem as exc:
        return (("remote", "", str(exc)),)
    return _remote_verdict(remote, files, tuple(sorted(listing.items())), source)


@lru_cache(maxsize=16)
def _remote_verdict(remote: storage.Remote, files: tuple[str, ...], listing: tuple, source: sources.Source):
    def read_schema(name):
        with remote.open(name) as f:
            return pq.read_schema(f)

    return _inspect_files({name for name, _ in listing}, files, read_schema, source)


@lru_cache(maxsize=64)
def _verdict(path: str, files: tuple[str, ...], fingerprint, source: sources.Source) -> tuple[tuple, ...]:
    return _inspect(Path(path), files, source)


def forget() -> None:
    """Drop every cached verdict (they are keyed by the files' sizes and times, so this is rarely needed)."""
    _verdict.cache_clear()
    _remote_verdict.cache_clear()
    _remote_state.cache_clear()
    storage.forget()


def _sentence(fact: tuple, where: _Folder) -> str:
    kind, name, detail = fact
    if kind == "remote":
        return f"{ENV} points at `{where.given}`, which {detail}"
    if kind in ("no folder", "not a folder"):
        what = "does not exist" if kind == "no folder" else "is a file, not a folder"
        if where.hidden:
            return (
                f"{ENV} points at a folder that {what}"
                if kind == "no folder"
                else f"{ENV} points at a file, not a folder"
            )
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


def check(
    folder: str | Path | None = None, queries_dir: str | Path | None = None, source: sources.Source = sources.SURVEY
) -> None:
    """Raise DataProblem unless a source's folder (the one it locates, unless one is given) can be read."""
    where = _folder(folder, source)
    files = source.files(queries_dir)
    if where.remote:
        facts = _remote_facts(where.remote, files, source)
    else:
        fingerprint = _fingerprint(where.path)
        facts = (
            _inspect(where.path, files, source)
            if fingerprint is None
            else _verdict(str(where.path.absolute()), files, fingerprint, source)
        )
    if facts and source.absent:
        _never_made(where, source, facts)
    if not facts:
        return
    if where.hidden:  # the visitor's message names the setting; the operator's log names the folder
        log.warning(
            "%s=%s cannot be read: %s", ENV, where.given, "; ".join(f"{k} {n} {d}".strip() for k, n, d in facts)
        )
    if facts[0][0] == "remote":
        raise DataProblem([_sentence(facts[0], where)], REMOTE_FIX)
    if where.source in (
        "chosen",
        "named",
    ):  # its folder is the importer's (for an upload, a server path): name the dataset
        raise DataProblem([_sentence(f, where) for f in facts], where.fix)
    if facts[0][0] in ("no folder", "not a folder"):
        fix = "set it to a data folder or unset it to use the demo data." if where.source == "setting" else where.fix
        raise DataProblem([_sentence(facts[0], where)], fix)
    cubes = set(cube_files(queries_dir))
    if all(f[0] == "missing" and f[1] in cubes for f in facts):  # a folder made before the cubes existed
        folder_arg = "" if where.source == "demo" else " " + where.arg
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


def _never_made(where: _Folder, source: sources.Source, facts: tuple[tuple, ...]) -> None:
    """A folder whose importer never ran (no marker) is said as such; one an earlier import made lacks new tables."""
    lacking = [name for kind, name, _ in facts if kind == "missing"]
    if (where.path / source.marker).is_file():
        if lacking and len(lacking) == len(facts):
            raise DataProblem(
                [f"{where.shown} was made by an earlier version of the import (it lacks {', '.join(lacking)})"],
                source.fix,
            )
        return
    if all(kind in ("missing", "no folder") for kind, _, _ in facts):
        raise DataProblem(
            [f"{source.absent} ({where.shown} lacks {', '.join(source.files())})"], source.absent_fix, absent=True
        )


def _scrub(text: str) -> str:
    """An error's first line with every absolute path cut to its file name (the message names the folder already)."""
    line = (text.strip().splitlines() or [""])[0]
    line = re.sub(r"(?<![\w.])(?:/[^\s'\"/]+)+/([^\s'\"/]+)", r"\1", line)
    return line[:200]


def explain(exc: Exception, folder: str | Path | None = None, source: sources.Source = sources.SURVEY) -> DataProblem:
    """An error met while reading a source's rows (DuckDB, Arrow), as a DataProblem in words."""
    try:
        check(folder, None, source)  # a file may have changed since the last check: its fault is then named exactly
    except DataProblem as problem:
        return problem
    where = _folder(folder, source)
    text = str(exc)
    named = [f for f in source.files() if re.search(rf"(?<![\w-]){re.escape(f)}", text)]
    detail = _scrub(text) or type(exc).__name__
    what = f"`{named[0]}` in {where.shown}" if named else f"The data in {where.shown}"
    return DataProblem([f"{what} could not be read (the reader said: {detail})"], where.fix)
