"""Benchmark: click-to-file time of every download button on every chart page, in a real browser.

    .venv/bin/python bench/download_latency.py                 # the shipped demo data, 3 sessions per page and format
    .venv/bin/python bench/download_latency.py --rounds 5 --data my-data

Starts the dashboard (as bench/browser_bench.py does) and drives Debian's Chromium through the
browser tests' harness. For each chart page and each figure format (PNG, SVG, PDF), --rounds
fresh sessions: open the page, wait until it has settled, then click every download button in
page order (figure, CSV, data zip, and the page's zip), timing from the click until the file is
saved. The first download of each session is reported apart: it is the one that could wait for
Chromium to start (the dashboard starts the export renderer in the background when a page first
draws a chart). Target: click-to-file p95 <= 1 s, the first download included.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_bench import (  # noqa: E402
    CHART_PAGES,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    RUN_COUNTER_JS,
    App,
    PlaywrightError,
    Timeout,
    settle,
    start_server,
    stop_server,
    sync_playwright,
)

FORMATS = ("png", "svg", "pdf")


def kind(label: str, fmt: str) -> str:
    if "Figure (" in label:  # the button's text may start with its icon's name
        return f"figure {fmt}"
    if "on this page" in label:
        return f"page zip ({fmt})"
    return "data csv" if "CSV" in label else "data zip"


def session(app: App, stem: str, fmt: str, timeout_ms: int) -> list[tuple[str, float | None]]:
    """Open the page and click every download button once; (kind, seconds or None on a timeout) each."""
    app.page.goto(app.url_for(stem, format=fmt), timeout=timeout_ms)
    settle(app, stem, timeout_ms)
    buttons = app.page.locator('[data-testid="stDownloadButton"] button')
    out = []
    for i in range(buttons.count()):
        button = buttons.nth(i)
        label = button.inner_text().strip()
        app.wait_idle(timeout_ms)
        try:
            with app.page.expect_download(timeout=timeout_ms) as info:
                t0 = time.perf_counter()
                button.click()
            info.value.path()  # waits until the file is complete
            out.append((kind(label, fmt), time.perf_counter() - t0))
        except PlaywrightError:
            out.append((kind(label, fmt), None))
    return out


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="data folder (SIDEFX_DATA_DIR); default: the shipped demo data")
    ap.add_argument("--rounds", type=int, default=3, help="fresh sessions per page and format")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for a page or a file")
    args = ap.parse_args()
    timeout_ms = int(args.timeout * 1000)
    results: dict[str, dict[str, list]] = {}
    firsts: list[float | None] = []
    log = tempfile.NamedTemporaryFile(prefix="download-bench-", suffix=".log", delete=False)  # noqa: SIM115
    proc, base = start_server(args.data.resolve() if args.data else None, log)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            version = browser.version
            for stem in sorted(CHART_PAGES):
                for fmt in FORMATS:
                    for _ in range(args.rounds):
                        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
                        context.set_default_timeout(timeout_ms)
                        context.add_init_script(RUN_COUNTER_JS)
                        app = App(context.new_page(), base, Path(tempfile.gettempdir()))
                        try:
                            clicks = session(app, stem, fmt, timeout_ms)
                        except Timeout as exc:
                            print(f"timeout opening {stem} ({fmt}): {exc}", file=sys.stderr)
                            clicks = []
                        finally:
                            context.close()
                        if clicks:
                            firsts.append(clicks[0][1])
                        for k, seconds in clicks:
                            results.setdefault(stem, {}).setdefault(k, []).append(seconds)
    finally:
        stop_server(proc)
    print(
        f"Chromium {version}, streamlit {importlib.metadata.version('streamlit')}, "
        f"kaleido {importlib.metadata.version('kaleido')}; {args.rounds} fresh sessions per page and format\n"
    )
    every = []
    for stem, kinds in results.items():
        print(f"**{stem}**\n\n| download | clicks | median (s) | p95 (s) | max (s) |\n|---|---:|---:|---:|---:|")
        for k, times in sorted(kinds.items()):
            done = [t for t in times if t is not None]
            every += times
            missed = len(times) - len(done)
            tail = f" ({missed} timeouts)" if missed else ""
            print(
                f"| {k} | {len(times)}{tail} | {statistics.median(done):.2f} | {pct(done, 95):.2f} | {max(done):.2f} |"
            )
        print()
    done = [t for t in every if t is not None]
    first = [t for t in firsts if t is not None]
    print(
        f"All {len(every)} downloads: median {statistics.median(done):.2f} s, p95 {pct(done, 95):.2f} s, "
        f"max {max(done):.2f} s; timeouts {len(every) - len(done)}."
    )
    print(
        f"First download of each session ({len(firsts)}): median {statistics.median(first):.2f} s, max {max(first):.2f} s."
    )
    verdict = "met" if pct(done, 95) <= 1 and len(done) == len(every) else "missed"
    print(f"Target click-to-file p95 <= 1 s: {verdict}.")


if __name__ == "__main__":
    main()
