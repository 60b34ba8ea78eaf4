"""Importing a user's own survey: valid files become a data folder; bad files are refused and nothing is written."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sidefx.importer import command
from tests.conftest import tiny_tables


def write(tmp_path, frames):
    paths = {}
    for name in ("respondents", "responses", "withdrawal"):
        paths[name] = tmp_path / f"{name}.csv"
        frames[name].to_csv(paths[name], index=False)
    return paths


def test_valid_survey_is_imported(tmp_path):
    paths = write(tmp_path, tiny_tables())
    counts = command.import_survey(**paths, out=tmp_path / "mine")
    assert counts == {"respondents": 6, "responses": 15, "withdrawal": 4}
    r = pd.read_parquet(tmp_path / "mine" / "respondents.parquet")
    assert list(r.dataset.unique()) == ["fixture"] and r.duration_months.isna().sum() == 1
    assert (tmp_path / "mine" / "studies.parquet").exists()


@pytest.mark.parametrize(
    "table,mutate,message",
    [
        ("responses", lambda d: d.assign(severity="awful"), "severity"),
        ("respondents", lambda d: d.drop(columns=["sex"]), "sex"),
        ("respondents", lambda d: d.assign(sex="robot"), "robot"),
        (
            "responses",
            lambda d: pd.concat(
                [
                    d,
                    pd.DataFrame(
                        [{"respondent_id": "P0099", "effect": "weight_gain", "reported": True, "severity": "mild"}]
                    ),
                ]
            ),
            "not in respondents",
        ),
        ("respondents", lambda d: d.assign(drug="notadrug"), "drug catalogue"),
        ("respondents", lambda d: d.assign(respondent_id=["P0001", "", *d.respondent_id[2:]]), "blank on row 2"),
        ("respondents", lambda d: d.assign(respondent_id="P0001"), "'P0001' is on more than one row"),
        ("responses", lambda d: d.assign(reported="maybe"), "true/false"),
        ("withdrawal", lambda d: d.assign(respondent_id=["P0001", "P0002", "P0003", "P0004"]), "did not try to stop"),
    ],
)
def test_malformed_survey_is_refused_and_nothing_written(tmp_path, table, mutate, message):
    frames = tiny_tables()
    frames[table] = mutate(frames[table])
    paths = write(tmp_path, frames)
    out = tmp_path / "mine"
    out.mkdir()
    (out / command.MARKER).write_text("an earlier import")
    (out / "keep.txt").write_text("existing data")
    with pytest.raises(command.ImportRefused) as exc:
        command.import_survey(**paths, out=out)
    assert any(message in p for p in exc.value.problems), exc.value.problems
    assert (out / "keep.txt").read_text() == "existing data" and not (out / "respondents.parquet").exists()


def test_cli_reports_problems_in_words(tmp_path, capsys):
    frames = tiny_tables()
    frames["withdrawal"] = frames["withdrawal"].assign(method="cold turkey")
    paths = write(tmp_path, frames)
    code = command.main([f"--{k}={v}" for k, v in paths.items()] + [f"--out={tmp_path / 'mine'}"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "method" in err
    assert not (tmp_path / "mine").exists()


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    paths = write(tmp_path, tiny_tables())
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(command.ImportRefused, match="not made by this importer"):
        command.import_survey(**paths, out=precious)
    assert (precious / "thesis.docx").read_text() == "years of work"
    # An earlier import's folder may be replaced.
    command.import_survey(**paths, out=tmp_path / "mine")
    command.import_survey(**paths, out=tmp_path / "mine")
    assert (tmp_path / "mine" / command.MARKER).exists()


@pytest.mark.parametrize(
    "table,mutate,message",
    [
        ("withdrawal", lambda d: d.assign(severity="none"), "severity is 'none' exactly"),
        ("respondents", lambda d: d.assign(duration_band="3+ years"), "duration_band does not match"),
        (
            "responses",
            lambda d: d.assign(
                reported=d.reported.where(d.effect != "withdrawal_effects", False),
                severity=d.severity.where(d.effect != "withdrawal_effects", "none"),
            ),
            "differs from withdrawal.had_withdrawal",
        ),
    ],
)
def test_cross_table_consistency_is_checked(tmp_path, table, mutate, message):
    frames = tiny_tables()
    frames[table] = mutate(frames[table])
    with pytest.raises(command.ImportRefused) as exc:
        command.import_survey(**write(tmp_path, frames), out=tmp_path / "mine")
    assert any(message in p for p in exc.value.problems), exc.value.problems


def test_ids_as_survey_tools_write_them_are_kept_as_text(tmp_path):
    frames = tiny_tables()
    shapes = {"P0001": "P0001", "P0002": "r1", "P0003": "R_3kFvX9bQ2mLp7aZ", "P0004": "101-1", "P0005": "0042"}
    shapes["P0006"] = "17"
    for table in ("respondents", "responses", "withdrawal"):
        frames[table] = frames[table].assign(respondent_id=frames[table].respondent_id.map(shapes))
    command.import_survey(**write(tmp_path, frames), out=tmp_path / "mine")
    r = pd.read_parquet(tmp_path / "mine" / "respondents.parquet")
    assert r.respondent_id.tolist() == ["P0001", "r1", "R_3kFvX9bQ2mLp7aZ", "101-1", "0042", "17"]  # zeros kept
    w = pd.read_parquet(tmp_path / "mine" / "withdrawal.parquet")
    assert w.respondent_id.tolist() == ["P0001", "r1", "101-1", "0042"]


# What a person must never be shown: a pandas type, a Python class or an exception's name.
NOT_WORDS = re.compile(
    r"dtype\(|<class|\w*(Error|Exception)\b|\([A-Z][a-z]+[A-Z]\w*\)|string\[pyarrow\]|"
    r"\b(u?int\d+|Int\d+|float\d+|object|bool|boolean|str|NoneType|DataFrame|Series|nan|NaN|None)\b"
)


def _bad_tables():
    """Normalised tables as people get them wrong, one mistake each."""
    yield "respondents", lambda d: d.drop(columns=["sex"])
    yield "respondents", lambda d: d.assign(favourite_colour="blue")
    yield "respondents", lambda d: d.assign(respondent_id=["P0001", "", "P0003", "P0004", "P0005", "P0005"])
    yield "respondents", lambda d: d.assign(duration_months=["2", "forty", "10", "24", "", "5"])
    yield "respondents", lambda d: d.assign(duration_months=[2, 900, 10, 24, None, 5])
    yield "respondents", lambda d: d.assign(sex=["robot", *d.sex[1:]], age_band="old", dataset="")
    yield "respondents", lambda d: d.assign(tried_to_stop="sometimes")
    yield "respondents", lambda d: d.head(0)
    yield "responses", lambda d: d.assign(severity="awful", effect="hiccups")
    yield "responses", lambda d: pd.concat([d, d.head(1)])
    yield "responses", lambda d: d.assign(reported=~d.reported)
    yield "withdrawal", lambda d: d.assign(duration_weeks=["3", "sixty", "", "10"], method="cold turkey")
    yield "withdrawal", lambda d: d.assign(restarted=["yes", "no", "perhaps", ""])
    yield "withdrawal", lambda d: d.assign(respondent_id=["P0001", "P0002", "P0003", "P0099"])


@pytest.mark.parametrize("table,mutate", list(_bad_tables()))
def test_every_refusal_of_tables_is_a_sentence_for_a_person(tmp_path, table, mutate):
    frames = tiny_tables()
    frames[table] = mutate(frames[table])
    with pytest.raises(command.ImportRefused) as exc:
        command.import_survey(**write(tmp_path, frames), out=tmp_path / "mine")
    assert exc.value.problems
    for problem in exc.value.problems:
        assert not NOT_WORDS.search(problem), problem


def test_schema_problems_of_wrongly_typed_or_empty_tables_are_sentences():
    from sidefx.importer import schema

    frames = tiny_tables()
    empty = frames["respondents"].head(0).astype("object")
    typed = frames["withdrawal"].assign(had_withdrawal=["yes", "no", "no", "yes"], duration_weeks="long")
    problems = schema.problems("respondents", empty) + schema.problems("withdrawal", typed)
    assert problems and not [p for p in problems if NOT_WORDS.search(p)], problems
    assert "withdrawal: column 'had_withdrawal' should hold true or false" in problems
