"""A broken data folder: every page that reads it says which file, what is wrong and the fix, in words, never
with a stack; every page that does not read it goes on working.

Each fault is made in a copy of the shipped data folder that SIDEFX_DATA_DIR points at:
(a) the folder is missing, (b) a table's file is missing, (c) a file is truncated or is not
Parquet at all, (d) a file lacks a column the queries read. Plus a file whose footer is fine
but whose rows are not (found only when DuckDB reads them), the check's list of needed
columns against what the queries really read, and Streamlit's own error details.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from sidefx import settings
from sidefx.importer import schema
from sidefx.pages import PAGES as TABLE
from sidefx.serve import datacheck, db, queries, sources
from sidefx.serve.sources import STUDIES, SURVEY

ROOT = Path(__file__).resolve().parent.parent
REBUILD = "python -m sidefx.build"
REIMPORT = "python -m sidefx.importer"


def fresh() -> None:
    db.reset()
    st.cache_data.clear()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the shipped data folder, which the dashboard reads through SIDEFX_DATA_DIR."""
    copy = tmp_path / "my-data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(copy))
    fresh()
    yield copy
    fresh()


def page_errors(page: str) -> list[str]:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if page != "home":
        at.run()  # the Import page is reached only from a first run (as in tests/test_import_page.py)
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return [e.value for e in at.error]


def reading(source) -> list[str]:
    """The pages that cannot be shown without ``source`` (their entries in sidefx/pages.py)."""
    return [p.stem for p in TABLE if source in p.reads]


def test_each_page_needs_only_what_it_reads():
    assert reading(SURVEY) == ["home", "prevalence", "withdrawal", "about"]
    assert reading(STUDIES) == ["home", "studies", "about"]
    assert [p.stem for p in TABLE if not p.reads] == ["faers", "import_survey"]


def assert_every_page_says(*fragments: str, broken=(SURVEY,)) -> str:
    """Every page reading a broken source shows one error holding every fragment, and no stack or server path but
    the user's folder; every other page shows no error at all."""
    seen = set()
    for page in (p.stem for p in TABLE):
        errors = page_errors(page)
        if not any(page in reading(source) for source in broken):
            assert errors == [], (page, errors)  # a page that does not read it goes on working
            continue
        assert len(errors) == 1, (page, errors)
        message = errors[0]
        missing = [f for f in fragments if f not in message]
        assert not missing, (page, missing, message)
        assert "Traceback" not in message and 'File "' not in message and str(ROOT) not in message, message
        assert not re.search(r"/tmp|/work|/srv|/home", message), message  # no server path: the log has it
        seen.add(message)
    assert len(seen) == 1, seen  # the same words on every page
    return seen.pop()


HERE = "the data folder (SIDEFX_DATA_DIR)"  # a visitor is told the setting, never the server's path


def fixes(folder: Path) -> tuple[str, ...]:
    return (f'{REBUILD} --out "$SIDEFX_DATA_DIR"', f'{REIMPORT} ... --out "$SIDEFX_DATA_DIR"', "unset SIDEFX_DATA_DIR")


def test_a_missing_folder_names_the_setting_and_the_folder(tmp_path, monkeypatch):
    gone = tmp_path / "no-such-folder"
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(gone))
    fresh()
    try:
        message = assert_every_page_says(
            "SIDEFX_DATA_DIR points at a folder that does not exist",
            "set it to a data folder or unset it to use the demo data",
            broken=(SURVEY, STUDIES),
        )
    finally:
        fresh()
    assert "rebuild" not in message.lower()  # rebuilding would not help: the setting is wrong


@pytest.mark.parametrize("table, source", [("respondents", SURVEY), ("studies", STUDIES)])
def test_a_missing_table_file_is_named(folder, table, source):
    (folder / f"{table}.parquet").unlink()
    assert_every_page_says(f"`{table}.parquet` is missing from {HERE}", *fixes(folder), broken=(source,))


def test_a_folder_made_before_the_cubes_existed_says_how_to_make_them(folder):
    for cube in datacheck.cube_files():
        (folder / cube).unlink()
    message = assert_every_page_says(
        f"`respondent_cells.parquet` is missing from {HERE}",
        "`withdrawal_cells.parquet` is missing",
        '`python -m sidefx.cubes "$SIDEFX_DATA_DIR"`',
        "the survey tables in the folder, which stay as they are",
    )
    assert "rebuild" not in message  # the survey in the folder is fine: only its summary tables are missing


def test_a_truncated_file_is_named(folder):
    path = folder / "respondents.parquet"
    path.write_bytes(path.read_bytes()[:1000])
    assert_every_page_says(f"`respondents.parquet` in {HERE} is damaged or not a Parquet file", *fixes(folder))


def test_a_text_file_posing_as_parquet_is_named(folder):
    (folder / "withdrawal.parquet").write_text("respondent_id,had_withdrawal\n1,true\n")
    assert_every_page_says(f"`withdrawal.parquet` in {HERE} is damaged or not a Parquet file", *fixes(folder))


def test_a_missing_column_is_named(folder):
    path = folder / "respondents.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["duration_months"]), path)
    assert_every_page_says(f"`respondents.parquet` in {HERE} has no column `duration_months`", *fixes(folder))


def test_several_faults_are_listed_together(folder):
    (folder / "effects.parquet").unlink()
    path = folder / "responses.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["effect", "severity"]), path)
    assert_every_page_says(
        "`effects.parquet` is missing", "`responses.parquet`", "has no columns `effect`, `severity`", *fixes(folder)
    )


def test_damage_behind_an_intact_footer_is_said_in_words_when_the_rows_are_read(folder):
    # The footer (schema, row groups) is intact, so the cheap check passes; DuckDB fails on the pages.
    path = folder / "respondent_cells.parquet"
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little")
    for i in range(4, len(data) - footer - 8):
        data[i] = (i * 7) % 256
    path.write_bytes(bytes(data))
    datacheck.check()  # the footer check alone cannot see it
    message = assert_every_page_says(f"The data in {HERE} could not be read (the reader said: ", *fixes(folder))
    assert not re.search(r"/\w+/", message), message  # no server path


def test_a_reader_error_names_the_file_and_drops_server_paths(folder):
    err = duckdb.IOException(
        f'IO Error: Could not read "{folder.resolve()}/withdrawal.parquet" (see /srv/app/lib/reader.so)'
    )
    message = str(datacheck.explain(err))
    assert message.startswith(
        f"`withdrawal.parquet` in {HERE} could not be read (the reader said: IO Error: Could not read "
        '"withdrawal.parquet" (see reader.so))'
    ), message
    assert "/srv/app" not in message and all(f in message for f in fixes(folder))


def test_the_built_in_demo_folder_missing_says_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.delenv("SIDEFX_DATA_DIR", raising=False)
    monkeypatch.setitem(
        settings.SETTINGS, "data_dir", settings.Setting("data_dir", str(tmp_path / "data"), "demo folder")
    )
    with pytest.raises(datacheck.DataProblem) as problem:
        datacheck.check()
    assert (
        str(problem.value) == "The demo data folder `data/` does not exist: "
        "rebuild the demo data with `python -m sidefx.build` (or `make data`)."
    )
    assert str(tmp_path) not in str(problem.value)


def test_the_verdict_is_cached_but_a_changed_folder_is_checked_again(folder):
    datacheck.check()
    path = folder / "drugs.parquet"
    good = path.read_bytes()
    path.write_bytes(good[:1000])
    with pytest.raises(datacheck.DataProblem, match="drugs.parquet"):
        datacheck.check()
    path.write_bytes(good)
    datacheck.check()


def test_a_damaged_file_that_is_not_a_table_is_named_too(folder):
    # Figures print a data version made from every .parquet file's footer, so a stray one would break them.
    (folder / "notes.parquet").write_text("not parquet")
    with pytest.raises(datacheck.DataProblem) as problem:
        datacheck.check()
    assert str(problem.value) == (
        f"`notes.parquet` in {HERE} is damaged or not a Parquet file, and is not one of the dashboard's "
        "tables: move it out of the folder (the dashboard reads the footer of every .parquet file in it)."
    )


def test_the_shipped_data_passes():
    datacheck.check(ROOT / "data")


_VIEW = re.compile(r"CREATE (?:VIEW|TABLE) (\w+) AS SELECT \* FROM read_parquet\((?:data_file\()?'([^']+)'\)?\);")


def columns_the_queries_read(source) -> dict[str, set[str]]:
    """For each table of a source, the columns without which some query of its folder (or, for the survey tables,
    the making of a cube by _cubes.sql) no longer binds.

    Tables are empty stand-ins with the shipped files' schemas, so running a query costs only its binding.
    """
    example = {"VARCHAR[]": [], "INTEGER": 0, "BOOLEAN": True, "VARCHAR": ""}
    own = [q for q in map(queries.load, queries.names()) if q.source is source]
    runs = [(q.sql, {p: example[t] for p, t in q.params.items()}) for q in own]
    read = _columns_read(source.views(), runs)
    if source.also_reads:
        cube_runs = [
            (f"SELECT * FROM {cube.removesuffix('.parquet')}($s)", {"s": [0, 12]}) for cube in datacheck.cube_files()
        ]
        read |= _columns_read(source.queries_dir() / source.also_reads, cube_runs)
    assert set(read) == set(f.removesuffix(".parquet") for f in source.files())
    return read


def _columns_read(definitions: Path, runs: list[tuple[str, dict]]) -> dict[str, set[str]]:
    text = definitions.read_text()
    stand_ins, n = _VIEW.subn(r"CREATE TABLE \1 AS SELECT * FROM read_parquet('\2') LIMIT 0;", text)
    assert n == len(re.findall("read_parquet", text)), "every view is a plain read_parquet of one file"
    con = duckdb.connect(":memory:", config={"file_search_path": str(ROOT / "data"), "threads": 1})
    con.execute("PRAGMA disable_optimizer")
    con.execute(stand_ins)

    def unbound(candidates):
        out = []
        for sql, params in candidates:
            try:
                con.execute(sql, params)  # typed values: DuckDB binds a query with untyped parameters only in part
            except (duckdb.BinderException, duckdb.CatalogException):
                out.append((sql, params))
        return out

    assert not unbound(runs)
    read = {}
    for table, file in _VIEW.findall(text):
        con.execute(f"ALTER TABLE {table} RENAME TO whole_{table}")
        readers = unbound(runs)  # the queries that read this table at all
        read[file.removesuffix(".parquet")] = set()
        for (col,) in con.execute(f"SELECT column_name FROM (DESCRIBE whole_{table})").fetchall():
            con.execute(f'CREATE OR REPLACE TABLE {table} AS SELECT * EXCLUDE ("{col}") FROM whole_{table}')
            if unbound(readers):
                read[file.removesuffix(".parquet")].add(col)
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE whole_{table} RENAME TO {table}")
    con.close()
    return read


def test_needed_columns_are_exactly_what_the_queries_read():
    read = columns_the_queries_read(SURVEY) | columns_the_queries_read(STUDIES)
    assert {t: set(c) for t, c in SURVEY.columns.items()} == read
    for table, frame_schema in schema.SCHEMAS.items():  # an imported survey (validated by these schemas) always passes
        assert set(SURVEY.columns[table]) <= set(frame_schema.columns), table


def test_streamlit_shows_visitors_no_stack_for_an_unexpected_error():
    value = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["client"]["showErrorDetails"]
    assert value == "type"
    before = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", value)
    try:
        at = AppTest.from_string("raise ValueError('secret at /srv/app/data/respondents.parquet')").run()
    finally:
        st_config.set_option("client.showErrorDetails", before)
    [shown] = at.exception
    assert not shown.stack_trace and "/srv/app" not in shown.value and "secret" not in shown.value


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def test_a_damaged_survey_leaves_study_comparisons_with_the_published_rows_only(folder):
    path = folder / "respondents.parquet"
    path.write_bytes(path.read_bytes()[:1000])
    at = _page("studies")
    assert [e.value for e in at.error] == []
    said = " ".join(w.value for w in at.warning)
    assert "The survey's row is left out" in said and "`respondents.parquet`" in said and "damaged" in said
    forest = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [str(t) for trace in forest["data"] for t in (trace.get("y") or [])]
    assert labels and not any("survey" in label.lower() for label in labels), labels  # the published rows, drawn
    assert "Why the estimates differ" in " ".join(m.value for m in at.markdown)


def test_a_damaged_faers_folder_is_said_on_its_page_only(tiny_faers, monkeypatch):
    (tiny_faers / "faers_event_cells.parquet").write_text("not parquet")
    db.reset()
    errors = [e.value for e in _page("faers").error]
    assert len(errors) == 1, errors
    assert errors[0].startswith("`faers_event_cells.parquet` in the FAERS folder is damaged or not a Parquet file")
    assert "python -m sidefx.faers" in errors[0] and str(tiny_faers) not in errors[0]  # no server path
    for page in ("prevalence", "studies"):
        assert [e.value for e in _page(page).error] == [], page


def test_a_faers_folder_an_earlier_import_made_says_to_import_again(tiny_faers):
    (tiny_faers / ".sidefx-faers").write_text("")
    (tiny_faers / "effects.parquet").unlink()  # the side-effect catalogue the FAERS page's choices now read
    with pytest.raises(datacheck.DataProblem) as problem:
        datacheck.check(source=sources.FAERS)
    assert str(problem.value) == (
        "the FAERS folder was made by an earlier version of the import (it lacks effects.parquet): "
        "import its quarters again with `python -m sidefx.faers FILE ...` (see the README)."
    )
    assert not problem.value.absent


def test_the_faers_sidebar_offers_the_reports_values_not_the_surveys(tiny_faers):
    at = _page("faers")
    ages = next(m for m in at.sidebar.multiselect if m.label == "Age band")
    sexes = next(m for m in at.sidebar.multiselect if m.label == "Sex")
    assert list(ages.options) == ["35-44"]  # the fixture's cases are all 35-44; the survey has every band
    assert list(sexes.options) == ["female", "male"]
    drugs = next(m for m in at.sidebar.multiselect if m.label == "Drug")
    labels = {o.split(" (")[0]: o for o in drugs.options}
    assert "in no report" not in labels["sertraline"] and labels["agomelatine"].endswith("(in no report)")


def test_the_folders_path_is_in_the_servers_log_not_in_the_visitors_message(folder, caplog):
    (folder / "effects.parquet").unlink()
    with caplog.at_level("WARNING", logger="sidefx.serve.datacheck"), pytest.raises(datacheck.DataProblem) as problem:
        datacheck.check()
    assert str(folder) not in str(problem.value) and HERE in str(problem.value)
    assert any(str(folder) in r.getMessage() and "effects.parquet" in r.getMessage() for r in caplog.records)
