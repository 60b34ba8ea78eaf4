"""Choosing a dataset: each run (each browser session) reads its own folder, and no answer is shared between two."""

from __future__ import annotations

import threading

import pytest

from sidefx import cubes, datacheck, datasets, db, demo, reports, settings
from sidefx.filters import Filters
from tests.conftest import tiny_tables


@pytest.fixture
def tiny_folder(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    for name, frame in tiny_tables().items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    cubes.build(folder)
    yield folder
    db.reset()


def _upload(folder) -> datasets.Choice:
    return datasets.upload_choice(folder, "fixture")


def test_a_chosen_dataset_is_read_inside_its_run_only_and_answers_are_not_shared(tiny_folder):
    everyone = Filters()
    assert reports.dataset().name == demo.DATASET  # the default folder first, so its answers are cached
    assert reports.respondent_count(everyone) == settings.get("demo_respondents")
    with datasets.using(_upload(tiny_folder)):
        assert reports.dataset() == reports.Dataset("fixture", False, "fixture survey")
        assert reports.respondent_count(everyone) == len(tiny_tables()["respondents"])
        assert reports.data_version() != ""
    assert reports.dataset().name == demo.DATASET
    assert reports.respondent_count(everyone) == settings.get("demo_respondents")


def test_two_sessions_reading_at_once_each_see_their_own_dataset(tiny_folder):
    seen: dict[str, set] = {"demo": set(), "upload": set()}
    failures = []

    def session(kind, choice):
        try:
            datasets.use(choice)  # as the top of a run does, in the session's own thread
            for _ in range(30):
                seen[kind].add((reports.dataset().name, reports.respondent_count(Filters())))
        except Exception as exc:  # reported below: an assertion in a thread would be lost
            failures.append(exc)

    threads = [
        threading.Thread(target=session, args=("demo", None)),
        threading.Thread(target=session, args=("upload", _upload(tiny_folder))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert seen["demo"] == {(demo.DATASET, settings.get("demo_respondents"))}
    assert seen["upload"] == {("fixture", len(tiny_tables()["respondents"]))}


def test_datasets_on_the_server_are_the_importers_folders_by_their_names(tiny_folder, tmp_path, monkeypatch):
    root = tmp_path / "datasets"
    made = root / "clinic-audit"
    made.mkdir(parents=True)
    for f in tiny_folder.iterdir():
        (made / f.name).write_bytes(f.read_bytes())
    (made / datasets.MARKER).write_text("made by the importer\n")
    (root / "someone-elses").mkdir()  # no marker: not offered
    (root / "someone-elses" / "dataset.parquet").write_bytes((tiny_folder / "dataset.parquet").read_bytes())
    (root / ".import-half-written").mkdir()  # a staging folder: not offered
    monkeypatch.setenv("SIDEFX_DATASETS_DIR", str(root))
    assert datasets.on_server() == [datasets.Choice("server:clinic-audit", "fixture", str(made), "server")]
    monkeypatch.setenv("SIDEFX_DATASETS_DIR", str(tmp_path / "none-yet"))
    assert datasets.on_server() == []


def test_a_chosen_dataset_that_cannot_be_read_is_named_not_its_server_folder(tiny_folder):
    (tiny_folder / "respondent_cells.parquet").unlink()
    with datasets.using(_upload(tiny_folder)), pytest.raises(datacheck.DataProblem) as problem:
        db.connect()
    message = str(problem.value)
    assert "the dataset 'fixture (your upload)'" in message and "choose another dataset in the sidebar" in message
    assert str(tiny_folder) not in message


def test_a_forgotten_folder_gets_a_fresh_database(tiny_folder):
    with datasets.using(_upload(tiny_folder)):
        first = db.connect()
        assert db.connect() is first
        db.forget(tiny_folder)
        assert db.connect() is not first
