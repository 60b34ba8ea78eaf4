"""An upload is read in a worker process within the server's time and memory limits: what it reads is what the
reader reads, its refusals are the reader's, and a file past a limit is refused in words."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from sidefx.importer import bounded, reading
from tests.test_importer import NOT_WORDS


@pytest.fixture
def big_csv(tmp_path):
    """60,000 respondents: large enough that reading takes longer than a first look at the worker."""
    path = tmp_path / "wave3.csv"
    rows = pd.DataFrame(
        {
            "Respondent": [f"P{i:06d}" for i in range(60_000)],
            "Which antidepressant?": ["Sertraline 50 mg", "Paroxetine (Seroxat)", "Venlafaxine XL"] * 20_000,
            "How long?": ["2 years", "8 months", "about 3 years"] * 20_000,
        }
    )
    rows.to_csv(path, index=False)
    return path


def test_the_worker_reads_what_the_reader_reads(big_csv):
    direct, bounded_ = reading.read(big_csv), bounded.read(big_csv)
    pd.testing.assert_frame_equal(bounded_.frame, direct.frame)
    assert bounded_.notes == direct.notes and bounded_.layout == direct.layout


def test_the_readers_refusal_comes_back_as_it_is(tmp_path):
    path = tmp_path / "wave1.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook" + bytes(100))
    with pytest.raises(reading.FileRefused) as direct:
        reading.read(path)
    with pytest.raises(reading.FileRefused) as through:
        bounded.read(path)
    assert str(through.value) == str(direct.value)


def test_a_file_past_the_time_limit_is_refused_in_words(big_csv, monkeypatch):
    monkeypatch.setenv("SIDEFX_UPLOAD_READ_TIMEOUT_S", "0")
    with pytest.raises(bounded.OverLimit) as refused:
        bounded.read(big_csv)
    message = str(refused.value)
    assert message.startswith("wave3.csv took longer than 0 seconds to read, this server's limit for an upload")
    assert "upload_read_timeout_s" in message and "command line" in message and not NOT_WORDS.search(message)


def test_a_file_past_the_memory_limit_is_refused_in_words(big_csv, monkeypatch):
    monkeypatch.setenv("SIDEFX_UPLOAD_READ_MEMORY_MB", "1")  # any Python process is past 1 MB
    with pytest.raises(bounded.OverLimit) as refused:
        bounded.read(big_csv)
    message = str(refused.value)
    assert message.startswith("wave3.csv needs more than 1 MB of memory to read, this server's limit for an upload")
    assert "upload_read_memory_mb" in message and not NOT_WORDS.search(message)


def test_a_worker_that_ended_without_answering_is_a_refusal_in_words(tmp_path, monkeypatch):
    """A reader that died (killed from outside, a crash) leaves no answer: the upload is refused in a sentence."""
    ends = [sys.executable, "-c", "pass"]
    monkeypatch.setattr(bounded, "_start", lambda path, sheet, answer: subprocess.Popen(ends))
    path = tmp_path / "wave1.csv"
    path.write_text("Respondent,Which antidepressant?\nP0001,Sertraline 50 mg\n")
    with pytest.raises(reading.FileRefused) as refused:
        bounded.read(path)
    assert str(refused.value) == "wave1.csv could not be read: the reader stopped (the file may be damaged)"


def test_the_worker_does_not_run_the_page_that_is_running(tmp_path, monkeypatch):
    """While Streamlit runs a page, the page script is the process's __main__; the worker reads the file without
    running that script again (a multiprocessing child would, before reading: seconds per upload)."""
    ran = tmp_path / "the page ran"
    page = tmp_path / "import_survey.py"
    page.write_text(f"open({str(ran)!r}, 'w').close()\n")
    script = types.ModuleType("__main__")
    script.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", script)
    path = tmp_path / "wave1.csv"
    path.write_text("Respondent,Which antidepressant?\nP0001,Sertraline 50 mg\n")
    assert bounded.read(path).frame["Respondent"].tolist() == ["P0001"]
    assert not ran.exists()


def test_the_worker_reads_at_a_lower_cpu_priority_than_the_server(big_csv, monkeypatch):
    """While a large upload is read, other sessions' reruns get the processor first: the worker is niced (looked at
    each time the server looks at its memory, while it reads)."""
    seen = []
    real = bounded._resident_mb

    def looked_at(pid: int) -> float:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        seen.append(int(stat[16]))  # its nice value
        return real(pid)

    monkeypatch.setattr(bounded, "_resident_mb", looked_at)
    bounded.read(big_csv)
    assert seen and max(seen) == min(os.nice(0) + bounded.NICE, 19)  # 19: the lowest priority there is
