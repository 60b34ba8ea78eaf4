"""A survey file uploaded in the browser is read in a worker process, within a time and a memory limit.

Streamlit serves every browser session from one process: a parse that held it for minutes, or took gigabytes,
would slow every other visitor. The worker reads the file (``reading.read``) and sends back what it read; the
server's process only waits, so other sessions keep their speed. A worker that runs past ``upload_read_timeout_s``
seconds, or whose resident memory grows past ``upload_read_memory_mb``, is stopped, and the upload is refused in
words (the command line, which reads in its own process, has no such limits).
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from sidefx import settings
from sidefx.importer import reading

POLL_S = 0.05  # how often the server looks at the worker's memory and answer


class OverLimit(Exception):
    """The file took longer, or more memory, to read than the server allows an upload; ``str(exc)`` says which."""


def read(path: Path, sheet: str | None = None) -> reading.SurveyFile:
    """``reading.read(path, sheet)`` in a worker process, within the limits (raises FileRefused or OverLimit)."""
    seconds, megabytes = settings.get("upload_read_timeout_s"), settings.get("upload_read_memory_mb")
    context = multiprocessing.get_context("forkserver")
    answer, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, str(path), sheet), daemon=True)
    worker.start()
    sender.close()
    try:
        got = _wait(answer, worker, path.name, seconds, megabytes)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        answer.close()
    kind, value = got
    if kind == "refused":
        message, sheets = value
        raise reading.FileRefused(message, sheets)
    if kind == "failed":
        raise reading.FileRefused(f"{path.name} could not be read ({value}): export the survey again, or as CSV")
    return value


def _wait(answer, worker, name: str, seconds: float, megabytes: int):
    started = time.monotonic()
    while not answer.poll(POLL_S):
        if not worker.is_alive():
            if answer.poll(0):  # it answered, then ended, between the poll and this look
                break
            raise reading.FileRefused(f"{name} could not be read: the reader stopped (the file may be damaged)")
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
    return answer.recv()


def _work(sender, path: str, sheet: str | None) -> None:
    try:
        sender.send(("ok", reading.read(Path(path), sheet)))
    except reading.FileRefused as exc:
        sender.send(("refused", (str(exc), exc.sheets)))
    except MemoryError:
        sender.send(("failed", "it needs more memory than this server has"))
    finally:
        sender.close()


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
