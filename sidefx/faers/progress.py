"""The import's progress on the command line: each quarter read and each step after it, with the time it took and
the time left.

The time left to read is estimated from the bytes still to read at the rate read so far. The steps after reading
are estimated from their times at the folder's last import (``state/steps.json``, written by every import): an
added quarter's steps take about what the last one's did. A first import (or a folder made before the times were
kept) has none, and says so once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sidefx.faers.quarters import Quarter

STEPS = {  # the steps after reading, in order, as the command line names them
    "raw": "raw files stored",
    "cases": "cases deduplicated, probable duplicates flagged, cells counted",
    "ebgm": "EBGM's prior fitted and each cell's posterior",
    "count": "the report counted",
    "write": "tables written",
}
TIMES = "steps.json"  # in the folder's state/ (sidefx.faers.incremental.STATE): each step's seconds


def duration(seconds: float) -> str:
    """'4.2 s', '35 s', '2 min 05 s', '1 h 03 min'."""
    if seconds < 9.95:
        return f"{seconds:.1f} s"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class Progress:
    """Lines for ``say`` as the import goes: ``read(q)`` after each quarter, ``with step(name):`` around each step."""

    def __init__(self, say: Callable[[str], None], quarters: list[Quarter], state: Path | None):
        self.say, self.quarters = say, quarters
        self.sizes = [sum(f.stat().st_size for f in (*q.files.values(), *q.deleted)) for q in quarters]
        self.started = time.perf_counter()
        self.taken: dict[str, float] = {}
        self.before = _times(state)
        self.read_count = 0

    def read(self, q: Quarter) -> None:
        """A quarter is read: how many are, the time so far, and the time left to read at the rate so far."""
        self.read_count += 1
        done, total = sum(self.sizes[: self.read_count]), sum(self.sizes)
        elapsed = time.perf_counter() - self.started
        left = elapsed * (total - done) / done if done else 0.0
        n = len(self.quarters)
        tail = f"about {duration(left)} left to read" if self.read_count < n else "every quarter read"
        self.say(f"{q.label}: quarter {self.read_count} of {n} read; {duration(elapsed)} so far, {tail}")
        if self.read_count == n and not self.before:
            self.say(
                "(no step times kept from a last import into this folder: the steps after reading are not estimated)"
            )

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one step of STEPS and say it, with the time the steps after it took at the folder's last import."""
        start = time.perf_counter()
        yield
        self.taken[name] = took = time.perf_counter() - start
        after = list(STEPS)[list(STEPS).index(name) + 1 :]
        line = f"{STEPS[name]}: {duration(took)}"
        if after and self.before and all(s in self.before for s in after):
            line += f"; about {duration(sum(self.before[s] for s in after))} left (as at the last import)"
        self.say(line)

    def write(self, state: Path) -> None:
        """The steps' times into ``state`` (the new folder's state/), for the next import's estimate."""
        (state / TIMES).write_text(json.dumps({k: round(v, 2) for k, v in self.taken.items()}) + "\n")


def _times(state: Path | None) -> dict[str, float]:
    """The steps' seconds at the folder's last import; none when it kept none (or they cannot be read)."""
    try:
        got = json.loads((state / TIMES).read_text()) if state is not None else {}
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in got.items() if k in STEPS and isinstance(v, (int, float))}
