"""Data in object storage: the dashboard reads a data folder from S3 exactly as from a local folder.

A local S3 API (moto in server mode on 127.0.0.1) holds a copy of the shipped data; the
dashboard, pointed at it with SIDEFX_DATA_DIR=s3://..., must give the same numbers as from the
local folder, draw its pages, and say in words when the bucket is missing or the credentials
are refused. Nothing here reaches the internet.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sidefx.filters import Filters
from sidefx.serve import datacheck, db, queries, sources, storage

ROOT = Path(__file__).resolve().parent.parent
boto3 = pytest.importorskip("boto3") if not os.environ.get("CI") else __import__("boto3")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _s3_server(env_extra: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ) | env_extra
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the local S3 API (moto) did not start")


@pytest.fixture(scope="module")
def s3():
    """A local S3 API with the shipped data under s3://sidefx-data/demo; its endpoint."""
    proc, endpoint = _s3_server({})
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
    }
    saved = {k: os.environ.get(k) for k in credentials}
    os.environ.update(credentials)
    try:
        client = boto3.client("s3")
        client.create_bucket(Bucket="sidefx-data")
        for path in sorted((ROOT / "data").glob("*.parquet")):
            client.upload_file(str(path), "sidefx-data", f"demo/{path.name}")
        yield endpoint
    finally:
        proc.kill()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        storage.forget()


@pytest.fixture
def use(monkeypatch):
    def point_at(location: str | None):
        if location is None:
            monkeypatch.delenv("SIDEFX_DATA_DIR", raising=False)
        else:
            monkeypatch.setenv("SIDEFX_DATA_DIR", location)
        db.reset()

    yield point_at
    db.reset()


QUESTIONS = [
    ("dataset_summary", {}),
    ("calibration_check", {}),
    ("drug_options", {}),
    ("prevalence_by_effect", Filters(drugs=("paroxetine",), min_months=12).to_params() | {"effects": []}),
    ("prevalence_by_group", Filters().to_params() | {"effects": [], "group_by": "drug"}),
    ("withdrawal_by_group", Filters(sexes=("female",)).to_params() | {"group_by": "method"}),
    ("withdrawal_duration", Filters().to_params() | {"group_by": "duration_band"}),
    ("published_estimates", {"topic": "sexual_dysfunction"}),
]


def test_the_bucket_gives_the_same_numbers_as_the_local_folder(s3, use):
    use(None)
    local = {name: queries.run(name, **params) for name, params in QUESTIONS}
    use("s3://sidefx-data/demo")
    for name, params in QUESTIONS:
        pd.testing.assert_frame_equal(queries.run(name, **params), local[name], obj=name)
    # the numbers above came from the bucket: the survey's database and the published studies' both read it
    assert sorted((key[0], key[1]) for key in db._databases) == [
        ("s3://sidefx-data/demo", "studies"),
        ("s3://sidefx-data/demo", "survey"),
    ]


SERVE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=60)
at.query_params["drug"] = "paroxetine,sertraline"
at.query_params["compare"] = "drug"
at.switch_page("views/prevalence.py")
at.run()
assert not at.exception and not at.error
[panel] = at.session_state["page_panels"]
table = panel.table[["grp", "effect", "reported", "respondents"]].sort_values(["grp", "effect"])
sys.stdout.write(table.to_csv(index=False))
"""


def test_two_dashboard_processes_reading_one_bucket_serve_the_same_numbers(s3):
    env = dict(os.environ) | {"SIDEFX_DATA_DIR": "s3://sidefx-data/demo"}
    procs = [
        subprocess.Popen([sys.executable, "-c", SERVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # at the same time, as two server processes behind a proxy would
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 10
    db.reset()
    expected = queries.run(
        "prevalence_by_group", **Filters(drugs=("paroxetine", "sertraline")).to_params(), effects=[], group_by="drug"
    )
    expected = expected[["grp", "effect", "reported", "respondents"]].sort_values(["grp", "effect"])
    assert outputs[0] == expected.to_csv(index=False)  # and they are the numbers of the local folder


def test_pages_draw_from_the_bucket(s3, use):
    use("s3://sidefx-data/demo/")  # a trailing slash is fine
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("views/prevalence.py")
    at.run()
    assert not at.exception and not at.error
    assert at.get("plotly_chart")


def test_a_missing_bucket_is_said_in_words(s3, use):
    use("s3://no-such-bucket/demo")
    with pytest.raises(datacheck.DataProblem) as problem:
        datacheck.check()
    message = str(problem.value)
    assert message.startswith(
        "SIDEFX_DATA_DIR points at `s3://no-such-bucket/demo`, which does not exist (no such bucket or folder)"
    ), message
    assert "AWS_ACCESS_KEY_ID" in message and "unset SIDEFX_DATA_DIR" in message


def test_a_missing_file_in_the_bucket_is_named_with_a_fix_that_works_there(s3, use):
    boto3.client("s3").delete_object(Bucket="sidefx-data", Key="demo/studies.parquet")
    try:
        use("s3://sidefx-data/demo")
        with pytest.raises(datacheck.DataProblem) as problem:
            datacheck.check(source=sources.STUDIES)  # the published studies' table, read from the data_dir setting
    finally:
        boto3.client("s3").upload_file(str(ROOT / "data" / "studies.parquet"), "sidefx-data", "demo/studies.parquet")
    message = str(problem.value)
    assert "`studies.parquet` is missing from `s3://sidefx-data/demo`" in message
    assert "copy every .parquet file in it to `s3://sidefx-data/demo`" in message


def test_refused_credentials_are_said_in_words(use, monkeypatch):
    # A second local S3 API that checks every request's credentials (none are known to it).
    proc, endpoint = _s3_server({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "not-a-key")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        storage.forget()
        use("s3://sidefx-data/demo")
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.run()
        [error] = at.error
        assert error.value.startswith(
            "SIDEFX_DATA_DIR points at `s3://sidefx-data/demo`, which refused access: check the credentials"
        ), error.value
        assert not at.exception
    finally:
        proc.kill()
        storage.forget()
