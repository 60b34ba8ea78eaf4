"""Every tunable of the dashboard: a name, a default and a sentence of help.

Values may be overridden by environment variables named ``SIDEFX_<NAME>`` (upper case),
which is how tests and users point the dashboard at another data folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def value(self):
        raw = os.environ.get(f"SIDEFX_{self.name.upper()}")
        if raw is None:
            return self.default
        return type(self.default)(raw)


SETTINGS = {
    s.name: s
    for s in [
        Setting("data_dir", str(ROOT / "data"), "Folder holding the Parquet tables the dashboard reads."),
        Setting("queries_dir", str(ROOT / "queries"), "Folder holding one .sql file per question."),
        Setting("datasets_dir", str(ROOT / "datasets"), "Folder holding one data folder per imported dataset."),
        Setting(
            "faers_min_cases", 10_000, "Fewer FAERS cases than this: the FAERS page says they are too few to conclude."
        ),
        Setting(
            "faers_dir", str(ROOT / "datasets" / "faers"), "Folder holding the imported FAERS reports (sidefx.faers)."
        ),
        Setting(
            "uploads_dir",
            str(Path(tempfile.gettempdir()) / "sidefx-uploads"),
            "Folder holding one temporary folder per browser session with an uploaded survey (removed with the session).",
        ),
        Setting("upload_max_mb", 200, "Largest survey file, in MB, that the Import page accepts."),
        Setting(
            "upload_read_timeout_s",
            120,
            "Seconds the server may spend reading one uploaded survey (in a worker process) before refusing it.",
        ),
        Setting(
            "upload_read_memory_mb",
            2048,
            "Most memory, in MB, the worker reading one uploaded survey may take before the upload is refused.",
        ),
        Setting(
            "upload_keep_h", 24, "Hours after which a session's upload folder left by a stopped server is removed."
        ),
        Setting(
            "mapping_sample_rows",
            5000,
            "Rows of a survey file the mapping step reads to guess which column is which question (the import reads all).",
        ),
        Setting("small_sample_n", 30, "Estimates from fewer respondents than this are drawn hatched and flagged."),
        Setting("demo_seed", 20140101, "Seed of the synthetic demo survey generator."),
        Setting("demo_respondents", 5000, "Respondents in the committed synthetic demo survey."),
        Setting("demo_chunk_rows", 250_000, "Respondents generated per chunk, which bounds the generator's memory."),
        Setting(
            "duckdb_memory_limit",
            "1GB",
            "Most memory one DuckDB database may use (serving and cube building); beyond it DuckDB spills to disk.",
        ),
        Setting(
            "duckdb_temp_dir",
            str(Path(tempfile.gettempdir()) / "sidefx-duckdb"),
            "Folder where DuckDB spills intermediate results that outgrow the memory limit.",
        ),
        Setting("duckdb_threads", 2, "Threads one DuckDB query may use."),
        Setting("remote_check_s", 60, "Seconds between listings of a remote data folder to notice a rebuilt one."),
        Setting("export_timeout_s", 60, "Seconds one static figure export may take before it is abandoned."),
    ]
}


def get(name: str):
    """The current value of a setting (environment override or default)."""
    return SETTINGS[name].value


def data_dir() -> Path:
    return Path(get("data_dir"))


def data_location() -> str:
    """The data folder as set: a local folder or a remote location such as ``s3://bucket/folder``."""
    return str(get("data_dir"))


def queries_dir() -> Path:
    return Path(get("queries_dir"))
