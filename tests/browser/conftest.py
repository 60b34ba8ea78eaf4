"""Real-browser harness: one Streamlit server per session, one headless Chromium, a fresh
browser context (so a fresh Streamlit session) per test.

Nothing here downloads a browser: the tests drive Debian's Chromium at /usr/bin/chromium
through Playwright's Python package. Without either, the tests are skipped locally and fail
under CI (env CI set), so a CI run can never pass by skipping them.

The app is in motion (pages move, URL paths change), so page URLs are read from the
entry point's ``PAGES`` table rather than written into the tests: tests name a page by its
script's stem ("prevalence", "withdrawal", ...); the helpers are in browser_harness.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    REPO_ROOT,
    RERUN_TIMEOUT_MS,
    RUN_COUNTER_JS,
    App,
    sync_playwright,
)

SERVER_START_TIMEOUT_S = 60


# ---- environment -------------------------------------------------------------------------
def _missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the browser tests may not be skipped)", pytrace=False)
    pytest.skip(
        f"{message}. To run the browser tests: sudo apt-get install chromium, and pip install -r requirements-dev.txt"
    )


@pytest.fixture(scope="session")
def browser_requirements():
    if sync_playwright is None:
        _missing("The playwright Python package is not installed")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium is not installed at {CHROMIUM}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_uploads_dir(tmp_path_factory) -> Path:
    """Where the server keeps each browser session's upload (the uploads_dir setting)."""
    return tmp_path_factory.mktemp("uploads")


FAERS_SAMPLE = REPO_ROOT / "data" / "faers-sample" / "faers_ascii_2017q2.zip"  # shipped in the repository


@pytest.fixture(scope="session")
def server_faers_dir(tmp_path_factory) -> Path:
    """The server's FAERS folder: the 100-report sample of real reports, imported as `make faers-sample` does."""
    from sidefx.faers import importer

    out = tmp_path_factory.mktemp("faers") / "faers"
    if not FAERS_SAMPLE.exists():
        pytest.fail(f"the FAERS sample is missing from data/faers-sample: {FAERS_SAMPLE.name}", pytrace=False)
    importer.import_sample(out)
    return out


@pytest.fixture(scope="session")
def app_url(browser_requirements, tmp_path_factory, server_uploads_dir, server_faers_dir) -> str:
    """Start the dashboard on the shipped demo data (and the FAERS sample); its base URL. Killed by process group
    at the end."""
    env = {
        "SIDEFX_UPLOADS_DIR": str(server_uploads_dir),
        "SIDEFX_DATASETS_DIR": str(tmp_path_factory.mktemp("datasets")),  # none imported on this server
        "SIDEFX_FAERS_DIR": str(server_faers_dir),
    }
    yield from serve(tmp_path_factory, env)


def serve(tmp_path_factory, settings: dict[str, str]):
    """A dashboard server with these settings (the shipped demo data unless SIDEFX_DATA_DIR is among them): yields
    its base URL once it answers, and stops it (by process group) after."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = open(log_path, "wb")  # noqa: SIM115 (open for the server's whole life; closed when it stops)
    env = dict(os.environ)
    env.pop("SIDEFX_DATA_DIR", None)  # the shipped demo data, whatever the caller's shell says
    env |= settings
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"

    def tail() -> str:
        log.flush()
        return log_path.read_text(errors="replace")[-3000:]

    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with code {proc.returncode} before answering:\n{tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT_S} s:\n{tail()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def browser(browser_requirements):
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _new_app(browser, app_url, viewport, downloads_dir: Path) -> App:
    context = browser.new_context(viewport=viewport, timezone_id="UTC", locale="en-GB", accept_downloads=True)
    context.set_default_timeout(RERUN_TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER_JS)
    page = context.new_page()
    return App(page, app_url, downloads_dir)


@pytest.fixture
def app(browser, app_url, tmp_path):
    """A fresh browser context (a fresh Streamlit session) at 1400x1000."""
    a = _new_app(browser, app_url, DESKTOP, tmp_path)
    yield a
    a.page.context.close()


@pytest.fixture(scope="session")
def visit(browser, app_url, tmp_path_factory):
    """``visit(stem)``: that page, opened once per session at 1400x1000 and shared by every test
    that only looks at it (loads, screenshots, accessibility), to keep the suite short.
    Tests that change anything use the ``app`` fixture instead."""
    context_apps: dict[str, App] = {}
    downloads = tmp_path_factory.mktemp("downloads")

    def open_page(stem: str) -> App:
        if stem not in context_apps:
            a = _new_app(browser, app_url, DESKTOP, downloads)
            try:
                a.open(stem)
            except BaseException:
                a.page.context.close()  # the next test that needs this page tries again
                raise
            context_apps[stem] = a
        return context_apps[stem]

    yield open_page
    for a in context_apps.values():
        a.page.context.close()


@pytest.fixture
def second_app(browser, app_url, tmp_path):
    """Another browser on the same server: a context (so a Streamlit session) of its own."""
    a = _new_app(browser, app_url, DESKTOP, tmp_path / "second")
    yield a
    a.page.context.close()


@pytest.fixture
def phone_app(browser, app_url, tmp_path):
    """A fresh browser context at phone width, 390x844."""
    a = _new_app(browser, app_url, PHONE, tmp_path)
    yield a
    a.page.context.close()
