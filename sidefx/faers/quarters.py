"""The quarters in the inputs: FAERS quarterly zips (extracted) or their folders, each quarter's table files found.

Each input is a quarterly zip as downloaded from the FDA's "FAERS Quarterly Data Extract Files" page (the ASCII
one), or its extracted folder, in the FAERS layout (2012Q4 onward) or the legacy AERS one (2004Q1 to 2012Q3,
``aers_ascii_2004q1.zip``, ``DEMO04Q1.TXT``); a quarter's ``deleted/`` files list the cases the FDA withdrew.
Anything else is refused in words (``FaersRefused``), before anything is read.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

TABLES = {  # table -> the columns the import reads (FAERS layout, 2012Q4 onward)
    "DEMO": ("primaryid", "caseid", "caseversion", "event_dt", "fda_dt", "age", "age_cod", "sex"),
    "DRUG": ("primaryid", "caseid", "drug_seq", "role_cod", "drugname", "prod_ai"),
    "REAC": ("primaryid", "caseid", "pt"),
    "THER": ("primaryid", "caseid", "dsg_drug_seq", "start_dt", "end_dt", "dur", "dur_cod"),
}
# The legacy AERS layout (2004Q1 to 2012Q3): table -> {its column: the FAERS column it is read as}. A report is an
# ISR (read as primaryid), its case a CASE (caseid, the number a case carried into FAERS keeps); DRUG, REAC and THER
# name only the ISR (their caseid is the DEMO row's), DRUG has no prod_ai (the drug name is all there is), and
# there is no caseversion (versions are told apart by FDA_DT, then the larger ISR).
LEGACY = {
    "DEMO": {
        "isr": "primaryid",
        "case": "caseid",
        "event_dt": "event_dt",
        "fda_dt": "fda_dt",
        "age": "age",
        "age_cod": "age_cod",
        "gndr_cod": "sex",
    },
    "DRUG": {"isr": "primaryid", "drug_seq": "drug_seq", "role_cod": "role_cod", "drugname": "drugname"},
    "REAC": {"isr": "primaryid", "pt": "pt"},
    "THER": {
        "isr": "primaryid",
        "drug_seq": "dsg_drug_seq",
        "start_dt": "start_dt",
        "end_dt": "end_dt",
        "dur": "dur",
        "dur_cod": "dur_cod",
    },
}
FAERS = {table: {c: c for c in columns} for table, columns in TABLES.items()}
# Columns read when a file has them (same name in both layouts): DEMO's reporter country, which legacy AERS files
# give only from the later quarters; a report without one is never flagged as a probable duplicate.
OPTIONAL = {"DEMO": ("reporter_country",)}
LAYOUTS = {"FAERS": FAERS, "legacy AERS": LEGACY}  # layout -> table -> {file column: column read as}
LAYOUT_SPANS = {"FAERS": "2012Q4 onward", "legacy AERS": "2004Q1 to 2012Q3"}
_FILE = re.compile(r"^(DEMO|DRUG|REAC|THER|OUTC|RPSR|INDI)(\d\d)Q([1-4])(?:_new)?\.txt$", re.IGNORECASE)
_DELETED = re.compile(r"^DELE\w*\.txt$", re.IGNORECASE)


class FaersRefused(Exception):
    """The input cannot be imported; ``problems`` says what and what to do. Nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Quarter:
    label: str  # e.g. "2017Q2"
    files: dict[str, Path]  # table -> its file
    deleted: list[Path] = field(default_factory=list)
    origin: str = ""  # the zip or folder it came from, as given


def quarter_span(quarters: list[str]) -> str:
    """'2023Q1–2024Q4', or the one quarter."""
    if not quarters:
        return "none"
    return quarters[0] if len(quarters) == 1 else f"{quarters[0]}–{quarters[-1]}"


def find_quarters(inputs: list[Path], workdir: Path) -> list[Quarter]:
    """Every quarter in the inputs (zips are extracted into ``workdir``), or FaersRefused in words."""
    quarters: list[Quarter] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise FaersRefused([f"{path.name}: no such file or folder"])
        if path.is_dir():
            folder = path
        else:
            folder = _extract(path, workdir / f"in{len(quarters)}-{path.stem}")
        quarters.extend(_quarters_in(folder, path.name))
    labels = [q.label for q in quarters]
    if dupes := sorted({x for x in labels if labels.count(x) > 1}):
        raise FaersRefused([f"quarter {', '.join(dupes)} is given twice: give each quarter once"])
    return sorted(quarters, key=lambda q: q.label)


def _extract(path: Path, target: Path) -> Path:
    if not zipfile.is_zipfile(path):
        raise FaersRefused(
            [f"{path.name} is not a zip file: give the quarterly zip as downloaded from the FDA, or its folder"]
        )
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.infolist() if not m.is_dir() and m.filename.lower().endswith(".txt")]
            wanted = [m for m in members if _FILE.match(Path(m.filename).name) or _is_deleted(m.filename)]
            if not wanted:
                raise FaersRefused(
                    [
                        f"{path.name} holds no FAERS ASCII tables (DEMOyyQq.txt, DRUGyyQq.txt, ...): is it the "
                        "ASCII extract, not the XML one?"
                    ]
                )
            target.mkdir(parents=True)
            for m in wanted:
                name = Path(m.filename).name
                sub = target / ("deleted" if _is_deleted(m.filename) else "ascii")
                sub.mkdir(exist_ok=True)
                with z.open(m) as src, open(sub / name, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FaersRefused([f"{path.name} is damaged or truncated ({type(exc).__name__}): download it again"]) from None
    return target


def _is_deleted(member: str) -> bool:
    parts = Path(member).parts
    return _DELETED.match(Path(member).name) is not None or any(p.lower() == "deleted" for p in parts[:-1])


def _quarters_in(folder: Path, origin: str) -> list[Quarter]:
    found: dict[str, Quarter] = {}
    deleted: list[Path] = []
    for f in sorted(folder.rglob("*")):
        if not f.is_file():
            continue
        if _is_deleted(str(f.relative_to(folder))) and f.suffix.lower() == ".txt":
            deleted.append(f)
            continue
        if m := _FILE.match(f.name):
            label = f"20{m.group(2)}Q{m.group(3)}"
            q = found.setdefault(label, Quarter(label, {}, origin=origin))
            if m.group(1).upper() in TABLES:
                q.files[m.group(1).upper()] = f
    if not found:
        raise FaersRefused([f"{origin} holds no FAERS ASCII tables (DEMOyyQq.txt, DRUGyyQq.txt, ...)"])
    for q in found.values():
        if missing := [t for t in TABLES if t not in q.files]:
            raise FaersRefused([f"{origin}, quarter {q.label}: no {', '.join(missing)} file"])
        q.deleted = deleted
    return list(found.values())
