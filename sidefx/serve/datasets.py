"""Which data folder a run reads, and which folders a person may choose from.

A dashboard serves:

- its **default** folder, the ``data_dir`` setting (the synthetic demo unless set);
- the **datasets imported on the server**, one folder each under ``datasets_dir`` (what
  ``python -m sidefx.importer`` writes);
- and, for one browser session only, **a survey uploaded on the Import page**, imported into a
  temporary folder of that session, which no other session is offered or can name.

The folder chosen for a run is set at its top (``use``) and read by the database and the data
check (``current``, ``chosen``). It is a context variable: Streamlit runs each session's script
in its own thread, so two sessions reading different folders never see each other's choice. Code
that runs outside a session's script (a download built when clicked) takes the choice with it
(``using``).
"""

from __future__ import annotations

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow.parquet as pq

from sidefx import settings
from sidefx.serve import storage

DEFAULT = "default"
UPLOAD = "upload"  # the key of this session's uploaded survey
SERVER_PREFIX = "server:"  # the key of a dataset imported on the server is this and its folder's name
MARKER = ".sidefx-import"  # written by the importer into every folder it makes


@dataclass(frozen=True)
class Choice:
    """One dataset a person can choose: a stable key, the name shown, and where its files are."""

    key: str  # "default", "server:<folder>", or "upload"
    label: str
    location: str
    kind: str  # "default", "server" or "upload"


_chosen: ContextVar[Choice | None] = ContextVar("sidefx_dataset", default=None)


def chosen() -> Choice | None:
    """The dataset this run chose, or None when it reads the default folder."""
    choice = _chosen.get()
    return None if choice is None or choice.kind == DEFAULT else choice


def current() -> str:
    """The location this run reads: the chosen dataset's, else the data_dir setting."""
    choice = _chosen.get()
    return choice.location if choice is not None else settings.data_location()


def use(choice: Choice | None) -> None:
    """Read ``choice`` for the rest of this run (None: the default folder)."""
    _chosen.set(choice)


@contextlib.contextmanager
def using(choice: Choice | None):
    """Read ``choice`` inside the block only (for work done outside a session's run, such as a download)."""
    token = _chosen.set(choice)
    try:
        yield
    finally:
        _chosen.reset(token)


def default_choice() -> Choice:
    location = settings.data_location()
    return Choice(DEFAULT, _label(location) or "Default data", location, DEFAULT)


def on_server() -> list[Choice]:
    """The datasets imported on the server: each folder under ``datasets_dir`` that the importer made, by name."""
    root = Path(settings.get("datasets_dir"))
    if storage.is_remote(str(root)) or not root.is_dir():
        return []
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / MARKER).exists()):
        if label := _label(str(folder)):
            out.append(Choice(SERVER_PREFIX + folder.name, label, str(folder), "server"))
    return out


def upload_choice(location: str | Path, name: str) -> Choice:
    return Choice(UPLOAD, f"{name} (your upload)", str(location), UPLOAD)


def _label(location: str) -> str | None:
    """The dataset's own name, from its dataset.parquet (None when there is none to read).

    Every run draws the Dataset switch: the name is read once per state of the file, not on every run.
    """
    if storage.is_remote(location):
        return None
    path = Path(location) / "dataset.parquet"
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_label(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _read_label(path: str, size: int, mtime_ns: int) -> str | None:
    try:
        return str(pq.read_table(path, columns=["name"]).column("name")[0])
    except (OSError, ValueError, IndexError, KeyError):
        return None


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "survey"
