"""Choosing a dataset: each run (each browser session) reads its own folder, and no answer is shared between two."""

from __future__ import annotations

import threading

import pytest

from sidefx import cubes, record, settings
from sidefx.build import demo
from sidefx.filters import Filters
from sidefx.serve import datacheck, datasets, db
from sidefx.survey import numbers as survey_numbers
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
    assert survey_numbers.dataset().name == demo.DATASET  # the default folder first, so its answers are cached
    assert survey_numbers.respondent_count(everyone) == settings.get("demo_respondents")
    with datasets.using(_upload(tiny_folder)):
        assert survey_numbers.dataset() == record.Dataset("fixture", False, "fixture survey")
        assert survey_numbers.respondent_count(everyone) == len(tiny_tables()["respondents"])
        assert survey_numbers.data_version() != ""
    assert survey_numbers.dataset().name == demo.DATASET
    assert survey_numbers.respondent_count(everyone) == settings.get("demo_respondents")


def test_two_sessions_reading_at_once_each_see_their_own_dataset(tiny_folder):
    seen: dict[str, set] = {"demo": set(), "upload": set()}
    failures = []

    def session(kind, choice):
        try:
            datasets.use(choice)  # as the top of a run does, in the session's own thread
            for _ in range(30):
                seen[kind].add((survey_numbers.dataset().name, survey_numbers.respondent_count(Filters())))
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


def _imported_on_server(tiny_folder, made):
    """A copy of the tiny survey where the importer would have put it, with its marker."""
    made.mkdir(parents=True)
    for f in tiny_folder.iterdir():
        (made / f.name).write_bytes(f.read_bytes())
    (made / datasets.MARKER).write_text("made by the importer\n")
    return made


def test_datasets_on_the_server_are_the_importers_folders_by_their_names(tiny_folder, tmp_path, monkeypatch):
    root = tmp_path / "datasets"
    made = _imported_on_server(tiny_folder, root / "clinic-audit")
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


def test_a_link_names_its_dataset_and_opens_it_for_someone_else(tiny_folder, tmp_path, monkeypatch):
    """The dataset is part of the link: a server's imported survey opens from it in a new session; a dataset the
    server does not have, or someone's upload (seen by one browser tab only), opens the default data with a sentence."""
    from tests.test_pages import figures, open_page

    root = tmp_path / "datasets"
    _imported_on_server(tiny_folder, root / "clinic-audit")
    monkeypatch.setenv("SIDEFX_DATASETS_DIR", str(root))

    at = open_page("prevalence", dataset="clinic-audit")
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.selectbox(key="f_dataset").value == "server:clinic-audit"
    assert at.query_params["dataset"] == "clinic-audit"
    assert "Survey: fixture" in str(figures(at)[0]) and not at.sidebar.warning

    mine = open_page("prevalence")
    assert mine.query_params["dataset"] == "default"  # the link names the default data too
    for value, said in [("gone-by-now", "The link's dataset 'gone-by-now' is not on this server"),
                        ("upload", "only the browser tab that uploaded it can see")]:  # fmt: skip
        at = open_page("prevalence", dataset=value)
        assert not at.exception
        assert at.sidebar.selectbox(key="f_dataset").value == "default" and at.query_params["dataset"] == "default"
        assert said in " ".join(w.value for w in at.sidebar.warning)
        # On a phone the sidebar is hidden: the page itself says it too, at its top.
        assert said in " ".join(i.value for i in at.main.info if i not in at.sidebar.info), value
