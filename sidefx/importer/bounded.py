"""A survey file uploaded in the browser is read in a worker process, within a time and a memory limit.

Streamlit serves every browser session from one process: a parse that held it for minutes, or took gigabytes,
would slow every other visitor. The worker reads the file (``reading.read``) and leaves what it read in a file; the
server's process only waits, and the worker runs at a lower CPU priority (``NICE``), so other sessions keep their
speed. A worker that runs past ``upload_read_timeout_s`` seconds, or whose resident memory grows past
``upload_read_memory_mb``, is stopped, and the upload is refused in words (the command line, which reads in its own
process, has no such limits).

The worker is this module run as a program (``python -m sidefx.importer.bounded FILE SHEET ANSWER``), not a
``multiprocessing`` child: while Streamlit runs a page, the page script is the process's ``__main__``, and a
multiprocessing child would run that page again before reading (about 2 s per upload, and the page's side effects).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sidefx import settings
from sidefx.importer import reading

POLL_S = 0.05  # how often the server looks at the worker's memory and answer
NICE = 10  # the worker's lower CPU priority: while it reads, other sessions' reruns get the processor first


class OverLimit(Exception):
    """The file took longer, or more memory, to read than the server allows an upload; ``str(exc)`` says which."""


def read(path: Path, sheet: str | None = None) -> reading.SurveyFile:
    """``reading.read(path, sheet)`` in a worker process, within the limits (raises FileRefused or OverLimit)."""
    seconds, megabytes = settings.get("upload_read_timeout_s"), settings.get("upload_read_memory_mb")
    with tempfile.TemporaryDirectory(prefix="sidefx-read-") as work:
        answer = Path(work) / "answer.pickle"
        worker = _start(Path(path).resolve(), sheet, answer)
        try:
            kind, value = _wait(answer, worker, Path(path).name, seconds, megabytes)
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
    if kind == "refused":
        message, sheets = value
        raise reading.FileRefused(message, sheets)
    if kind == "failed":
        raise reading.FileRefused(f"{path.name} could not be read ({value}): export the survey again, or as CSV")
    return value


def _start(path: Path, sheet: str | None, answer: Path) -> subprocess.Popen:
    """The worker, with the server's settings (its environment) and this checkout's sidefx first on its path."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(settings.ROOT), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "sidefx.importer.bounded", str(path), sheet or "", str(answer)]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def _wait(answer: Path, worker, name: str, seconds: float, megabytes: int):
    """The worker's answer once it has ended; FileRefused when it ended without one, OverLimit past a limit."""
    started = time.monotonic()
    while worker.poll() is None:
        if _resident_mb(worker.pid) > megabytes:
            raise OverLimit(
                f"{name} needs more than {megabytes:,} MB of memory to read, this server's limit for an upload (the "
                "upload_read_memory_mb setting): import it with the command line instead (see the README)."
            )
        if time.monotonic() - started > seconds:
            raise OverLimit(
                f"{name} took longer than {seconds:g} seconds to read, this server's limit for an upload (the "
                "upload_read_timeout_s setting): import it with the command line instead (see the README)."
            )
        time.sleep(POLL_S)
    if not answer.exists():
        raise reading.FileRefused(f"{name} could not be read: the reader stopped (the file may be damaged)")
    return pickle.loads(answer.read_bytes())


def _work(path: Path, sheet: str | None, answer: Path) -> None:
    """Read the file and leave the answer whole (written aside, then renamed), or leave none."""
    try:
        got = ("ok", reading.read(path, sheet))
    except reading.FileRefused as exc:
        got = ("refused", (str(exc), exc.sheets))
    except MemoryError:
        got = ("failed", "it needs more memory than this server has")
    partial = answer.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
    partial.rename(answer)


def _resident_mb(pid: int) -> float:
    """A process's resident memory in MB (from /proc; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


if __name__ == "__main__":
    os.nice(NICE)
    _work(Path(sys.argv[1]), sys.argv[2] or None, Path(sys.argv[3]))
