"""Benchmark: the dashboard as a person sees it, in a real headless browser, on a given data folder.

    .venv/bin/python bench/browser_bench.py --label "5,000-respondent demo"      # the shipped demo data
    .venv/bin/python bench/browser_bench.py --data big-data --label "10M respondents"
    .venv/bin/python bench/browser_bench.py --repeat 3 --timeout 90
    .venv/bin/python bench/browser_bench.py --faers history --pages faers --label "FAERS, 90 quarters"

Starts `streamlit run dashboard.py` on a free port (SIDEFX_DATA_DIR=--data, or unset for the demo
data; SIDEFX_FAERS_DIR=--faers, a folder `bench/faers_bench.py --keep` made) and drives Debian's Chromium (/usr/bin/chromium) through Playwright, with the browser tests'
harness (tests/browser/browser_harness.py). For every page of sidefx/pages.py, plus two compare-by
views, --repeat times, each in a fresh browser context (a fresh Streamlit session):

* open: page.goto(url) until the page has settled: no script run going on, nothing stale, no
  skeletons, every plotly chart drawn by plotly.js, the page title shown (the harness's
  ``App.wait_idle``); on the chart pages also at least one `.js-plotly-plot`.
* rerun: then, in that session, one filter change through the UI: a drug typed into the sidebar's
  "Drug" multiselect (a different drug each repeat), from the Enter key until settled again.

Streamlit's caches live in the server, so the first open of a view is cold and later ones mostly
warm: the max is (close to) the cold open, the median the warm one. Afterwards the server's
resident memory (VmRSS, and its peak VmHWM) is read from /proc. Prints a markdown table; a wait
that runs out prints "timeout" in its cell.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_harness import (  # noqa: E402
    CHART_PAGES,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PAGES,
    RUN_COUNTER_JS,
    App,
    PlaywrightError,
    sync_playwright,
)

SERVER_START_TIMEOUT_S = 90
# A different drug for each repeat's rerun, so the rerun is not answered from the previous one's cache.
RERUN_DRUGS = ("paroxetine", "sertraline", "fluoxetine", "venlafaxine", "citalopram", "mirtazapine", "duloxetine")
RUN_STARTED_JS = """([n, drug]) => (window.__stRuns || 0) > n
  || new URLSearchParams(location.search).get('drug') === drug"""
CHARTS_DRAWN_JS = """() => { const g = [...document.querySelectorAll('.js-plotly-plot')];
  return g.length > 0 && g.every(e => e._fullLayout && e._fullData); }"""


class Timeout(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path | None, log, faers: Path | None = None) -> tuple[subprocess.Popen, str]:
    """The dashboard in its own process group, as tests/browser/conftest.py starts it; its base URL once it answers."""
    port = free_port()
    env = dict(os.environ)
    env.pop("SIDEFX_DATA_DIR", None)
    if data is not None:
        env["SIDEFX_DATA_DIR"] = str(data)
    if faers is not None:
        env["SIDEFX_FAERS_DIR"] = str(faers)
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]  # no watching of the repo (and its .venv) while timing
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}; log: {log.name}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return proc, url
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not answer within {SERVER_START_TIMEOUT_S} s; log: {log.name}")
        time.sleep(0.25)


def stop_server(proc: subprocess.Popen) -> None:
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait_s)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def memory_mb(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def settle(app: App, stem: str, timeout_ms: int) -> None:
    """The harness's idle state, and on a chart page at least one chart, every one drawn."""
    try:
        app.wait_idle(timeout_ms)
        if stem in CHART_PAGES:
            app.page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout_ms)
            app.wait_idle(timeout_ms)
    except (AssertionError, PlaywrightError) as exc:
        raise Timeout(str(exc).splitlines()[0]) from None


def timed_open(app: App, stem: str, params: dict, timeout_ms: int) -> float:
    t0 = time.perf_counter()
    try:
        app.page.goto(app.url_for(stem, **params), timeout=timeout_ms)
    except PlaywrightError as exc:
        raise Timeout(str(exc).splitlines()[0]) from None
    settle(app, stem, timeout_ms)
    return time.perf_counter() - t0


def timed_rerun(app: App, stem: str, drug: str, timeout_ms: int) -> float:
    """Type a drug into the sidebar's Drug multiselect; the time from Enter until the page has settled again.

    The run has started once the harness's run counter moves or the URL (rewritten by the run) names
    the drug: a fast run can flip the script state to "running" and back within one render, unseen
    by the counter."""
    page = app.page
    try:
        box = app.sidebar_widget("stMultiSelect", "Drug").get_by_role("combobox")
        box.click()
        box.fill(drug)
        page.get_by_role("option").filter(has_text=drug).first.wait_for(state="visible")
        before = page.evaluate("window.__stRuns || 0")
        t0 = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(RUN_STARTED_JS, arg=[before, drug], timeout=timeout_ms)
        if page.evaluate("window.__stRuns || 0") == before:
            print(f"  (the run counter did not move; the URL shows drug={drug})", file=sys.stderr)
    except PlaywrightError as exc:
        raise Timeout(str(exc).splitlines()[0]) from None
    settle(app, stem, timeout_ms)
    return time.perf_counter() - t0


def cell(times: list[float | None], how) -> str:
    if not times:
        return "–"
    if None in times:
        return f"timeout ({times.count(None)}/{len(times)})"
    return f"{how(times):.2f}"


def respondents(folder: Path) -> int | None:
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(folder / "respondent_cells.parquet", columns=["respondents"])
        return int(table.column("respondents").to_numpy().sum())
    except Exception:  # optional: the count is only a label
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="data folder (SIDEFX_DATA_DIR); default: the shipped demo data")
    ap.add_argument("--label", default="", help="a name for this run, printed above the table")
    ap.add_argument("--repeat", type=int, default=5, help="opens (and reruns) per view, each a fresh session")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for a page to settle")
    ap.add_argument("--faers", type=Path, help="FAERS folder (SIDEFX_FAERS_DIR); default: the settings' one")
    ap.add_argument("--pages", help="only these pages, by script name (comma-separated, e.g. faers)")
    args = ap.parse_args()
    timeout_ms = int(args.timeout * 1000)
    data = args.data.resolve() if args.data else None

    views = [(p.stem, p.url_path, {}) for p in PAGES.values()]
    views += [("prevalence", "prevalence?compare=drug", {"compare": "drug"})]
    views += [("withdrawal", "withdrawal?compare=duration_band", {"compare": "duration_band"})]
    if args.pages:
        views = [v for v in views if v[0] in args.pages.split(",")]
    results: dict[str, tuple[list, list]] = {}

    log = tempfile.NamedTemporaryFile(prefix="browser-bench-", suffix=".log", delete=False)  # noqa: SIM115
    proc, base = start_server(data, log, args.faers.resolve() if args.faers else None)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            chromium_version = browser.version
            for stem, name, params in views:
                opens, reruns = results.setdefault(name, ([], []))
                for i in range(args.repeat):
                    context = browser.new_context(viewport=DESKTOP, timezone_id="UTC", locale="en-GB")
                    context.set_default_timeout(timeout_ms)
                    context.add_init_script(RUN_COUNTER_JS)
                    app = App(context.new_page(), base, Path(tempfile.gettempdir()))
                    o = r = None
                    try:
                        o = timed_open(app, stem, params, timeout_ms)
                        r = timed_rerun(app, stem, RERUN_DRUGS[i % len(RERUN_DRUGS)], timeout_ms)
                    except Timeout as exc:
                        print(f"  {name} #{i + 1}: timeout ({exc})", file=sys.stderr)
                    finally:
                        context.close()
                    opens.append(o)
                    if o is not None:
                        reruns.append(r)
                    print(f"  {name} #{i + 1}: open {o}, rerun {r}", file=sys.stderr)
            browser.close()
        memory = memory_mb(proc.pid)
    finally:
        stop_server(proc)
        log.close()
    timeouts = any(None in times for pair in results.values() for times in pair)
    if timeouts:
        print(f"Some waits timed out; server log: {log.name}", file=sys.stderr)
    else:
        Path(log.name).unlink()

    n = respondents(data or ROOT / "data")
    print(f"\n### {args.label or 'browser benchmark'}\n")
    print(f"Data: {data or 'shipped demo data (data/)'}" + (f", {n:,} respondents" if n is not None else ""))
    if args.faers:
        print(f"FAERS: {args.faers}")
    print(
        f"Server memory after all views: VmRSS {memory.get('VmRSS', float('nan')):.0f} MB, "
        f"VmHWM {memory.get('VmHWM', float('nan')):.0f} MB"
    )
    print(
        f"Chromium {chromium_version}, streamlit {importlib.metadata.version('streamlit')}, "
        f"playwright {importlib.metadata.version('playwright')}; {args.repeat} fresh sessions per view\n"
    )
    print("| page / view | open median (s) | open max (s) | rerun median (s) |")
    print("|---|---:|---:|---:|")
    for name, (opens, reruns) in results.items():
        print(f"| {name} | {cell(opens, statistics.median)} | {cell(opens, max)} | {cell(reruns, statistics.median)} |")


if __name__ == "__main__":
    main()
