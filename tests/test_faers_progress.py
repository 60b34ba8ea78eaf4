"""The import's progress on the command line: each quarter read with the time left to read, each step after with
its time and, when the folder kept the last import's step times, the time left."""

from __future__ import annotations

import json
import re

import pytest

from sidefx.faers import importer, progress
from sidefx.faers.quarters import Quarter
from tests.test_faers import q1, q2

STEP_LINES = [f"{words}: " for words in progress.STEPS.values()]


def step_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if any(line.startswith(s) for s in STEP_LINES)]


def test_a_first_import_says_each_quarter_and_step_and_that_it_cannot_estimate_the_steps(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"^2018Q1: quarter 1 of 2 read; [\d.]+ s so far, about [\d.]+ s left to read$", err, re.M)
    assert re.search(r"^2018Q2: quarter 2 of 2 read; [\d.]+ s so far, every quarter read$", err, re.M)
    assert "(no step times kept from a last import into this folder" in err
    lines = step_lines(err)
    assert [line.split(":")[0] for line in lines] == list(progress.STEPS.values())  # every step, in order
    assert not any("left" in line for line in lines)
    kept = json.loads((out / "state" / progress.TIMES).read_text())
    assert list(kept) == list(progress.STEPS) and all(v >= 0 for v in kept.values())


def test_an_added_quarter_says_the_time_left_from_the_last_imports_step_times(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    kept = {"raw": 1.0, "cases": 12.5, "ebgm": 61.0, "count": 2.0, "write": 7.25}  # as if the last import took these
    (out / "state" / progress.TIMES).write_text(json.dumps(kept))
    capsys.readouterr()
    assert importer.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    lines = step_lines(capsys.readouterr().err)
    left = [re.search(r"about (.+) left \(as at the last import\)$", line) for line in lines]
    assert [m.group(1) if m else None for m in left] == ["1 min 23 s", "1 min 10 s", "9.2 s", "7.2 s", None]
    assert json.loads((out / "state" / progress.TIMES).read_text()) != kept  # this import's own times, for the next


def test_unreadable_step_times_leave_the_steps_unestimated(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    (out / "state" / progress.TIMES).write_text("{not json")
    capsys.readouterr()
    assert importer.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "(no step times kept" in err and not any("left" in line for line in step_lines(err))


def test_the_time_left_to_read_is_the_bytes_left_at_the_rate_so_far(tmp_path, monkeypatch):
    quarters = []
    for label, size in (("2004Q1", 100), ("2004Q2", 300), ("2004Q3", 100)):
        f = tmp_path / f"DEMO{label}.txt"
        f.write_bytes(b"x" * size)
        quarters.append(Quarter(label, {"DEMO": f}))
    clock = iter([10.0, 12.0, 20.0, 22.0])  # started, then after each quarter
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    said = []
    p = progress.Progress(said.append, quarters, None)
    for q in quarters:
        p.read(q)
    assert said[0] == "2004Q1: quarter 1 of 3 read; 2.0 s so far, about 8.0 s left to read"  # 400 bytes at 50/s
    assert said[1] == "2004Q2: quarter 2 of 3 read; 10 s so far, about 2.5 s left to read"  # 100 bytes at 40/s
    assert said[2] == "2004Q3: quarter 3 of 3 read; 12 s so far, every quarter read"


@pytest.mark.parametrize(
    "seconds, words", [(0.04, "0.0 s"), (4.24, "4.2 s"), (35.4, "35 s"), (125, "2 min 05 s"), (3790, "1 h 03 min")]
)
def test_durations_are_written_for_a_reader(seconds, words):
    assert progress.duration(seconds) == words


def test_an_import_out_of_duckdbs_memory_says_what_to_do_and_writes_nothing(tmp_path, monkeypatch, capsys):
    """The whole history made at once can need more than DuckDB's limit: the refusal names the setting and the
    fixes, not 'a file could not be read'; the folder is left as it was."""
    import duckdb

    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def no_memory(con):
        raise duckdb.OutOfMemoryException("failed to pin block of size 256.0 KiB (953.6 MiB/953.6 MiB used)")

    monkeypatch.setattr(importer.ebgm, "make", no_memory)
    capsys.readouterr()
    assert importer.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "more memory than DuckDB may use here (1GB, the duckdb_memory_limit setting)" in err
    assert "SIDEFX_DUCKDB_MEMORY_LIMIT=4GB" in err and "could not be read" not in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
