"""Importing a user's own survey: valid files become a data folder; bad files are refused and nothing is written."""

from __future__ import annotations

import pandas as pd
import pytest

from sidefx import importer
from tests.conftest import tiny_tables


def write(tmp_path, frames):
    paths = {}
    for name in ("respondents", "responses", "withdrawal"):
        paths[name] = tmp_path / f"{name}.csv"
        frames[name].to_csv(paths[name], index=False)
    return paths


def test_valid_survey_is_imported(tmp_path):
    paths = write(tmp_path, tiny_tables())
    counts = importer.import_survey(**paths, out=tmp_path / "mine")
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
                        [{"respondent_id": 99, "effect": "weight_gain", "reported": True, "severity": "mild"}]
                    ),
                ]
            ),
            "not in respondents",
        ),
        ("respondents", lambda d: d.assign(drug="notadrug"), "drug catalogue"),
        ("respondents", lambda d: d.assign(respondent_id="x"), "whole number"),
        ("responses", lambda d: d.assign(reported="maybe"), "true/false"),
        ("withdrawal", lambda d: d.assign(respondent_id=[1, 2, 3, 4]), "did not try to stop"),
    ],
)
def test_malformed_survey_is_refused_and_nothing_written(tmp_path, table, mutate, message):
    frames = tiny_tables()
    frames[table] = mutate(frames[table])
    paths = write(tmp_path, frames)
    out = tmp_path / "mine"
    out.mkdir()
    (out / importer.MARKER).write_text("an earlier import")
    (out / "keep.txt").write_text("existing data")
    with pytest.raises(importer.ImportRefused) as exc:
        importer.import_survey(**paths, out=out)
    assert any(message in p for p in exc.value.problems), exc.value.problems
    assert (out / "keep.txt").read_text() == "existing data" and not (out / "respondents.parquet").exists()


def test_cli_reports_problems_in_words(tmp_path, capsys):
    frames = tiny_tables()
    frames["withdrawal"] = frames["withdrawal"].assign(method="cold turkey")
    paths = write(tmp_path, frames)
    code = importer.main([f"--{k}={v}" for k, v in paths.items()] + [f"--out={tmp_path / 'mine'}"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "method" in err
    assert not (tmp_path / "mine").exists()


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    paths = write(tmp_path, tiny_tables())
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(importer.ImportRefused, match="not made by this importer"):
        importer.import_survey(**paths, out=precious)
    assert (precious / "thesis.docx").read_text() == "years of work"
    # An earlier import's folder may be replaced.
    importer.import_survey(**paths, out=tmp_path / "mine")
    importer.import_survey(**paths, out=tmp_path / "mine")
    assert (tmp_path / "mine" / importer.MARKER).exists()


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
    with pytest.raises(importer.ImportRefused) as exc:
        importer.import_survey(**write(tmp_path, frames), out=tmp_path / "mine")
    assert any(message in p for p in exc.value.problems), exc.value.problems
