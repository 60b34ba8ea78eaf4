"""The mapping step reads the first rows of a survey file (the mapping_sample_rows setting), not all of it: the
guesses are the same as from every row of a file whose later rows answer like its first, and the import still reads
and counts every row. CSV, XLSX and SPSS files, written as the tools write them."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from sidefx.importer import reading
from tests.test_import_selectall import write_csv
from tests.test_tools import imported, run, write_qualtrics

DRUGS = ["Sertraline 50 mg", "Fluoxetine 20mg", "Citalopram hydrobromide 20 mg", "Mirtazapine 15 mg", "Prozac"]
HEADER = [
    "Participant ID",
    "Which antidepressant are you taking?",
    "How long have you been taking it?",
    "What is your gender?",
    "What is your age in years?",
    "Have you felt emotionally numb since starting it?",
]
N = 300  # rows in the file: longer than the sample


def rows(n: int = N) -> list[list[str]]:
    return [
        [
            f"P{i + 1:04d}",
            DRUGS[i % 5],
            f"{i % 7 + 1} {'months' if i % 2 else 'years'}",
            ["Female", "Male", "Female", "Non-binary"][i % 4],
            str(18 + i % 60),
            ["Yes", "No", "No"][i % 3],
        ]
        for i in range(n)
    ]


def write(folder, suffix: str):
    frame = pd.DataFrame(rows(), columns=HEADER)
    path = folder / f"clinic_audit{suffix}"
    if suffix == ".csv":
        return write_csv(path, HEADER, rows())
    if suffix == ".xlsx":
        frame.to_excel(path, index=False, sheet_name="Responses")
        return path
    names = ["pid", "drug", "howlong", "gender", "age", "numb"]
    pyreadstat.write_sav(frame.set_axis(names, axis=1), str(path), column_labels=HEADER)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sav"])
def test_the_reader_stops_after_the_rows_asked_for(tmp_path, suffix):
    path = write(tmp_path, suffix)
    head, whole = reading.read(path, rows=40), reading.read(path)
    assert (len(head.frame), head.sampled) == (40, 40) and (len(whole.frame), whole.sampled) == (N, 0)
    assert head.frame.equals(whole.frame.head(40)) and list(head.frame.columns) == HEADER
    assert reading.read(path, rows=N).sampled == 0  # no more rows than asked for: the whole file


def test_a_qualtrics_head_keeps_its_three_header_rows_out_of_the_answers(tmp_path):
    path = write_qualtrics(tmp_path / "q.csv")
    head, whole = reading.read(path, rows=2), reading.read(path)
    assert head.frame.equals(whole.frame.head(2)) and head.layout == whole.layout and head.sampled == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sav"])
def test_guesses_from_the_sample_are_the_guesses_from_every_row_and_the_import_counts_every_row(
    tmp_path, capsys, monkeypatch, suffix
):
    path = write(tmp_path, suffix)
    monkeypatch.setenv("SIDEFX_MAPPING_SAMPLE_ROWS", "50")
    said = run([path, "--name", "Clinic audit", "--write-mapping", tmp_path / "head.toml"], capsys)
    assert "guessed from the first 50 rows (the mapping_sample_rows setting); the import reads every row" in said
    monkeypatch.setenv("SIDEFX_MAPPING_SAMPLE_ROWS", "100000")
    said = run([path, "--name", "Clinic audit", "--write-mapping", tmp_path / "all.toml"], capsys)
    assert "guessed from the first" not in said
    assert (tmp_path / "head.toml").read_text() == (tmp_path / "all.toml").read_text()
    assert "0 unsure" in said
    monkeypatch.setenv("SIDEFX_MAPPING_SAMPLE_ROWS", "50")
    for args in (["--mapping", tmp_path / "head.toml"], []):  # with the mapping written, and guessing as it imports
        out = tmp_path / f"out{len(args)}"
        run([path, "--name", "Clinic audit", *args, "--out", out], capsys)
        n, drugs, r = imported(out)
        assert n == N and drugs == {"sertraline": 60, "fluoxetine": 120, "citalopram": 60, "mirtazapine": 60}
        assert r.duration_months["P0300"] == 6 and r.sex["P0300"] == "other"  # the last row, past the sample


def test_non_responses_in_the_sample_are_said_as_such(tmp_path, capsys, monkeypatch):
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", *HEADER[1:]]
    body = [
        [str(i + 1), "" if i % 10 == 3 else "2026-03-04 11:20:07", "3", "en", "1204563871", *r[1:]]
        for i, r in enumerate(rows())
    ]
    path = write_csv(tmp_path / "results-survey364912.csv", header, body)
    monkeypatch.setenv("SIDEFX_MAPPING_SAMPLE_ROWS", "40")
    said = run([path, "--name", "Clinic audit", "--write-mapping", tmp_path / "m.toml"], capsys)
    assert "of the first 40 rows, 4 rows are not responses, left out on import:" in said  # rows 4, 14, 24, 34
    said = run([path, "--name", "Clinic audit", "--mapping", tmp_path / "m.toml", "--out", tmp_path / "o"], capsys)
    assert "left out 30 rows that are not responses" in said and imported(tmp_path / "o")[0] == N - 30
