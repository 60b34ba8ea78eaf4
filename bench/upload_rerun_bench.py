"""Benchmark: a second browser session's reruns while another session's large survey upload is read.

    .venv/bin/python bench/upload_rerun_bench.py                     # a 2,000,000-row CSV export (about 103 MB)
    .venv/bin/python bench/upload_rerun_bench.py --rows 1000000 --reruns 10
    .venv/bin/python bench/upload_rerun_bench.py --file export.csv   # upload a file made before

Starts `streamlit run dashboard.py` on the shipped demo data (as bench/browser_bench.py does) and drives
Debian's Chromium through Playwright, with the browser tests' harness. Two browser contexts, two Streamlit
sessions on the one server:

* Session B opens the Prevalence page; one untimed rerun warms it, then --reruns reruns **alone**: a drug
  typed into the sidebar's "Drug" multiselect, timed from the Enter key until the page has settled.
* Session A opens the Import page and sets a large survey export (built in code as bench/import_bench.py
  builds one, semicolon CSV) on the uploader. Right after, B clears its drugs and reruns again, drug by drug
  in the reverse order (so no filter state is one B's alone reruns have cached), until --reruns of them have
  run while the server's worker (`python -m sidefx.importer.bounded`, a child of the server) was reading,
  and then on until A's page has settled. Each rerun is marked by what A's upload was doing meanwhile:
  still being sent (no worker yet), read by the worker throughout, or after the worker (the server loading
  the worker's answer and drawing A's page).
* Then B clears its drugs and reruns --reruns times **alone again**, a check that the machine's load has
  not changed under the measurement.

Prints a markdown table: B's rerun median and p95 alone and during the read, their ratio (the target is
1.5x at most), and the upload's size, how long it took (sent, read by the worker, A's page settled), the
worker's and the server's peak memory (VmHWM from /proc). Screenshots (git-ignored screenshots/): B's page
during the read, and A's Import page once its page has settled.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from browser_bench import (  # noqa: E402  (it puts the repository and the browser tests' folder on the path)
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    RUN_COUNTER_JS,
    App,
    PlaywrightError,
    Timeout,
    memory_mb,
    settle,
    start_server,
    stop_server,
    sync_playwright,
    timed_open,
)
from browser_harness import BUSY_JS  # noqa: E402
from import_bench import export, write  # noqa: E402

from sidefx import settings  # noqa: E402

WORKER = "sidefx.importer.bounded"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
READ_HEADING = "1. Check the file was read right"
WARM_DRUG = "moclobemide"
# Demo drugs whose names are not part of one another's, so the typed name picks one option.
DRUGS = ("fluoxetine", "venlafaxine", "sertraline", "paroxetine", "mirtazapine", "amitriptyline")
DRUGS += ("duloxetine", "bupropion", "fluvoxamine", "nortriptyline", "vortioxetine")
# The run has started: the run counter moved, or the URL (rewritten by the run) names the drug.
STARTED_JS = """([n, drug]) => (window.__stRuns || 0) > n
  || (new URLSearchParams(location.search).get('drug') || '').split(',').includes(drug)"""


class Watcher(threading.Thread):
    """Polls the server's children for the reading worker: when it was first and last seen, and its peak memory."""

    def __init__(self, server_pid: int):
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.first: float | None = None
        self.last: float | None = None
        self.worker_hwm_mb = 0.0
        self.stop = threading.Event()

    def alive(self) -> bool:
        return self.first is not None and self.last is not None and time.perf_counter() - self.last < 0.5

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.workers():
                now = time.perf_counter()
                self.first = self.first or now
                self.last = now
                with contextlib.suppress(OSError):
                    self.worker_hwm_mb = max(self.worker_hwm_mb, memory_mb(pid).get("VmHWM", 0.0))
            time.sleep(0.05)

    def workers(self) -> list[int]:
        """The server's child processes running the worker (other people's workers on the machine are not ours)."""
        found = []
        for children in Path(f"/proc/{self.server_pid}/task").glob("*/children"):
            for pid in children.read_text().split():
                try:
                    if WORKER in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                        found.append(int(pid))
                except OSError:
                    continue
        return found


def rerun(app: App, drug: str, timeout_ms: int) -> float:
    """Type a drug into the sidebar's Drug multiselect; seconds from Enter until the page has settled again."""
    page = app.page
    try:
        box = app.sidebar_widget("stMultiSelect", "Drug").get_by_role("combobox")
        box.click()
        box.fill(drug)
        page.get_by_role("option").filter(has_text=drug).first.wait_for(state="visible")
        before = page.evaluate("window.__stRuns || 0")
        t0 = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(STARTED_JS, arg=[before, drug], timeout=timeout_ms)
    except PlaywrightError as exc:
        raise Timeout(str(exc).splitlines()[0]) from None
    settle(app, "prevalence", timeout_ms)
    took = time.perf_counter() - t0
    box.press("Escape")  # close the option list so it does not cover the page
    return took


def clear_drugs(app: App, timeout_ms: int) -> None:
    """Remove every chosen drug (the multiselect's Clear all button), untimed, and wait for the page to settle.

    Checked by the tags going, not the run counter: a click can land while the page is still busy and be lost,
    so it is tried again."""
    widget = app.sidebar_widget("stMultiSelect", "Drug")
    for _ in range(5):
        app.wait_idle(timeout_ms)
        if not app.multiselect_values("Drug"):
            app.wait_for_query("drug", "all", timeout_ms)  # the run the clear started has rewritten the URL
            app.wait_idle(timeout_ms)
            return
        widget.get_by_role("button", name="Clear all", exact=True).first.click()
        with contextlib.suppress(PlaywrightError):
            widget.locator("[data-tag]").first.wait_for(state="detached", timeout=10_000)
    raise Timeout("the Drug filter could not be cleared")


def session(browser, base: str, timeout_ms: int) -> App:
    context = browser.new_context(viewport=DESKTOP, timezone_id="UTC", locale="en-GB")
    context.set_default_timeout(timeout_ms)
    context.add_init_script(RUN_COUNTER_JS)
    return App(context.new_page(), base, Path(tempfile.gettempdir()))


def settled(app: App) -> bool:
    try:
        return app.page.evaluate(BUSY_JS) == ""
    except PlaywrightError:
        return False


def alone(b: App, drugs: list[str], timeout_ms: int) -> list[float]:
    times = []
    for drug in drugs:
        times.append(rerun(b, drug, timeout_ms))
        print(f"  B alone, {drug}: {times[-1]:.2f} s", file=sys.stderr)
    return times


def during(a: App, b: App, upload: Path, watcher: Watcher, args) -> dict:
    """A's file set on the uploader; B reruns until enough ran during the worker's read and A's page settled."""
    timeout_ms = int(args.timeout * 1000)
    a_before = a.page.evaluate("window.__stRuns || 0")
    t0 = time.perf_counter()
    a.page.locator(UPLOAD_INPUT).first.set_input_files(str(upload))
    clear_drugs(b, timeout_ms)  # untimed: B starts from no drug chosen
    out = {"t0": t0, "sending": [], "reading": [], "after": [], "a_settled": None, "screenshot_b": None}
    deadline = t0 + settings.get("upload_read_timeout_s") + args.timeout * 2
    for i in range(len(DRUGS) * 3):
        if i and i % len(DRUGS) == 0:
            clear_drugs(b, timeout_ms)  # every drug chosen: start again, untimed
        if time.perf_counter() > deadline:
            break
        started, drug = time.perf_counter(), during_order(i)
        took = rerun(b, drug, timeout_ms)
        phase = phase_of(watcher, started)
        out[phase].append(took)
        print(f"  B during the upload ({phase}), {drug}: {took:.2f} s", file=sys.stderr)
        if phase == "reading" and out["screenshot_b"] is None:
            out["screenshot_b"] = b.screenshot("upload-rerun-b-during-read")
        if watcher.first is not None and not watcher.alive() and a_settled_now(a, a_before):
            out["a_settled"] = time.perf_counter() - t0
            break
    out["a_settled"] = out["a_settled"] or wait_for_a(a, t0, timeout_ms)
    return out


def during_order(i: int) -> str:
    """B's drugs during the upload: the reverse order, rotated by two each round, so each chosen set is new."""
    order = list(reversed(DRUGS))
    k = (i // len(DRUGS)) * 2
    return (order[k:] + order[:k])[i % len(DRUGS)]


def phase_of(watcher: Watcher, started: float) -> str:
    """What A's upload was doing during a rerun that started at ``started`` and has just ended."""
    if watcher.first is None or watcher.first > started:
        return "sending"  # no worker yet when the rerun started
    return "reading" if watcher.alive() else "after"


def a_settled_now(a: App, a_before: int) -> bool:
    return a.page.evaluate("window.__stRuns || 0") > a_before and settled(a)


def wait_for_a(a: App, t0: float, timeout_ms: int) -> float | None:
    try:
        a.wait_idle(timeout_ms)
    except AssertionError as exc:
        print(f"  A did not settle: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None
    return time.perf_counter() - t0


def a_outcome(a: App) -> str:
    """What A's page says once settled: the file read (its rows), or the refusal's sentence."""
    if READ_HEADING in a.headings():
        caption = a.page.get_by_text("Read as ").first.inner_text()
        return "read: " + caption.split(". The first")[0]
    alerts = a.page.locator('[data-testid="stAlert"]').all_inner_texts()
    return "refused: " + (" ".join(alerts) or "(no message)").replace("\n", " ")[:300]


def cell(times: list[float]) -> str:
    if not times:
        return "–"
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return f"{statistics.median(times):.2f} / {p95:.2f} ({len(times)})"


def p50_p95(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


def report(args, upload: Path, base_alone, reading, after_alone, during_out, watcher, memory, sent_s, chromium):
    size = upload.stat().st_size
    print(f"\n### {args.label or 'a second session reruns while an upload is read'}\n")
    print(
        f"Upload: {upload.name}, {size / 1e6:.1f} MB ({size / 1024 / 1024:.1f} MiB); limits "
        f"upload_read_timeout_s {settings.get('upload_read_timeout_s')}, upload_read_memory_mb "
        f"{settings.get('upload_read_memory_mb')}, upload_max_mb {settings.get('upload_max_mb')}"
    )
    print(
        f"Chromium {chromium}, streamlit {importlib.metadata.version('streamlit')}, "
        f"playwright {importlib.metadata.version('playwright')}; demo data\n"
    )
    print("| session B's rerun | median / p95, s (reruns) |")
    print("|---|---:|")
    print(f"| alone, before the upload | {cell(base_alone)} |")
    print(f"| while A's file was being sent (no worker yet) | {cell(during_out['sending'])} |")
    print(f"| **while the worker read A's file** | **{cell(reading)}** |")
    print(f"| after the worker, until A's page settled | {cell(during_out['after'])} |")
    print(f"| alone, after the upload | {cell(after_alone)} |")
    if reading and len(base_alone) > 1 and len(reading) > 1:
        (b50, b95), (r50, r95) = p50_p95(base_alone), p50_p95(reading)
        print(
            f"| **ratio, during the read / alone before** (target <= 1.5x) | **{r50 / b50:.2f}x / {r95 / b95:.2f}x** |"
        )
    read_s = watcher.last - watcher.first if watcher.first is not None else None
    print("\n| session A's upload | |")
    print("|---|---:|")
    print(f"| file set on the uploader -> worker started (sent, stored) | {fmt_s(sent_s)} |")
    print(f"| worker alive (the read) | {fmt_s(read_s)} |")
    print(f"| file set -> A's page settled | {fmt_s(during_out['a_settled'])} |")
    print(f"| A's page ended with | {during_out['outcome']} |")
    print(f"| worker's peak resident (VmHWM) | {watcher.worker_hwm_mb:,.0f} MB |")
    before = memory["before"]
    print(
        f"| server's resident before the upload (VmRSS) / its peak until then (VmHWM) | "
        f"{before.get('VmRSS', 0):,.0f} MB / {before.get('VmHWM', 0):,.0f} MB |"
    )
    print(
        f"| server's peak resident (VmHWM) / resident at the end (VmRSS) | {memory.get('VmHWM', 0):,.0f} MB / "
        f"{memory.get('VmRSS', 0):,.0f} MB |"
    )


def fmt_s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.1f} s"


def build(args, folder: Path) -> Path:
    if args.file:
        return args.file.resolve()
    t = time.perf_counter()
    path = write(export(args.rows, folder / "source"), folder, "csv")
    print(
        f"  built {path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB in "
        f"{time.perf_counter() - t:.0f} s",
        file=sys.stderr,
    )
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=2_000_000, help="respondents in the export built for the upload")
    ap.add_argument("--file", type=Path, help="upload this export instead of building one")
    ap.add_argument("--reruns", type=int, default=10, help="B's reruns alone, and during the worker's read")
    ap.add_argument("--timeout", type=float, default=120, help="seconds to wait for a page to settle")
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    timeout_ms = int(args.timeout * 1000)
    with tempfile.TemporaryDirectory(prefix="upload-rerun-") as tmp:
        upload = build(args, Path(tmp))
        log = tempfile.NamedTemporaryFile(prefix="upload-rerun-bench-", suffix=".log", delete=False)  # noqa: SIM115
        proc, base = start_server(None, log)
        watcher = Watcher(proc.pid)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                chromium = browser.version
                b, a = session(browser, base, timeout_ms), session(browser, base, timeout_ms)
                timed_open(b, "prevalence", {}, timeout_ms)
                rerun(b, WARM_DRUG, timeout_ms)  # the first rerun is cold (plotly's code, the caches): untimed
                base_alone = alone(b, list(DRUGS[: args.reruns]), timeout_ms)
                a.open("import_survey")
                before = memory_mb(proc.pid)  # the server before the upload: both sessions open, B's reruns done
                watcher.start()
                during_out = during(a, b, upload, watcher, args)
                sent_s = None if watcher.first is None else watcher.first - during_out["t0"]
                during_out["outcome"] = a_outcome(a)
                a.screenshot("upload-rerun-a-after-read", full=True)
                clear_drugs(b, timeout_ms)
                after_alone = alone(b, list(DRUGS[1 : args.reruns + 1]), timeout_ms)
                browser.close()
            memory = memory_mb(proc.pid) | {"before": before}
        finally:
            watcher.stop.set()
            stop_server(proc)
            log.close()
        report(
            args, upload, base_alone, during_out["reading"], after_alone, during_out, watcher, memory, sent_s, chromium
        )
    print(f"\nServer log: {log.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
