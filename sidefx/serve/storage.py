"""Where the data folder lives: a local folder, or a location in object storage read through fsspec.

``SIDEFX_DATA_DIR`` may be a local folder or an ``s3://``, ``gs://`` or ``https://`` location.
A remote location is read, never written, through an fsspec filesystem (``s3fs`` for S3, with
credentials and endpoint from the standard ``AWS_*`` environment variables; ``gcsfs`` for Google
Cloud Storage if installed) registered with DuckDB, since DuckDB's own httpfs extension cannot
be installed offline. Only the data folder's tables are read remotely, once per state of the
folder: the database loads them into memory (see ``sidefx.serve.db``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

REMOTE_SCHEMES = ("s3", "gs", "gcs", "http", "https")


class StorageProblem(Exception):
    """The remote location cannot be listed or read; ``str(exc)`` says why in words."""


def is_remote(location: str) -> bool:
    scheme, sep, _ = str(location).partition("://")
    return bool(sep) and scheme.lower() in REMOTE_SCHEMES


@dataclass(frozen=True)
class Remote:
    """A remote data folder: its fsspec filesystem and the folder's path in it."""

    location: str  # as the user wrote it, without a trailing slash

    @property
    def scheme(self) -> str:
        return self.location.partition("://")[0].lower()

    @property
    def fs(self):
        return _filesystem(self.scheme)

    def url(self, name: str) -> str:
        return f"{self.location}/{name}"

    def listing(self) -> dict[str, tuple]:
        """Each Parquet file in the folder: name -> (size, version tag). Raises StorageProblem."""
        try:
            entries = self.fs.ls(self.location, detail=True, refresh=True)
        except FileNotFoundError as exc:
            raise StorageProblem("does not exist (no such bucket or folder)") from exc
        except PermissionError as exc:
            raise StorageProblem("refused access: check the credentials in the AWS_* environment variables") from exc
        except Exception as exc:  # botocore, aiohttp and gcsfs raise their own kinds
            raise StorageProblem(_reason(exc)) from exc
        out = {}
        for e in entries:
            name = str(e.get("name", "")).rstrip("/").rsplit("/", 1)[-1]
            if name.endswith(".parquet") and e.get("type", "file") == "file":
                out[name] = (e.get("size"), str(e.get("ETag") or e.get("LastModified") or e.get("mtime") or ""))
        return out

    def open(self, name: str):
        return self.fs.open(self.url(name), "rb")


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if any(
        w in lowered
        for w in ("credential", "accessdenied", "access denied", "forbidden", "signature", "invalidaccesskeyid")
    ):
        return "refused access: check the credentials in the AWS_* environment variables"
    if any(w in lowered for w in ("nosuchbucket", "not found", "no such")):
        return "does not exist (no such bucket or folder)"
    if any(w in lowered for w in ("connect", "endpoint", "timeout", "name resolution")):
        return f"could not be reached ({text})"
    return f"could not be read ({text})"


@lru_cache(maxsize=8)
def _filesystem(scheme: str):
    import fsspec

    try:
        return fsspec.filesystem(scheme, skip_instance_cache=True)
    except (ImportError, ValueError) as exc:
        package = {"s3": "s3fs", "gs": "gcsfs", "gcs": "gcsfs"}.get(scheme, "aiohttp")
        raise StorageProblem(f"cannot be read: install {package} to read {scheme}:// locations") from exc


def remote(location: str) -> Remote:
    return Remote(str(location).rstrip("/"))


def forget() -> None:
    """Drop the cached filesystems (after credentials or the endpoint in the environment change)."""
    _filesystem.cache_clear()
