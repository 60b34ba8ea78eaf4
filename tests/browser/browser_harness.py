"""Helpers for the browser tests: the app's pages, and ``App``, one tab of the dashboard with
the waits Streamlit needs. The fixtures that start the server and the browser are in
conftest.py. (A module of its own: ``from conftest import ...`` would find tests/conftest.py.)
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # checked (skip locally, fail under CI) by conftest's browser_requirements fixture
    sync_playwright = None
    PlaywrightError = Exception
    Page = object

REPO_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = REPO_ROOT / "screenshots"  # git-ignored
# Screenshots are for a person to look at, so they are taken only when asked for (SIDEFX_SCREENSHOTS=1): a whole-page
# one makes the window 16,000 px tall and every chart lays itself out twice, which a CI run would pay for nothing.
TAKE_SCREENSHOTS = bool(os.environ.get("SIDEFX_SCREENSHOTS"))
AXE_JS = HERE / "vendor" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
RERUN_TIMEOUT_MS = 30_000  # a cold page (empty caches) takes a few seconds on 2 cores

# Counts script runs as the page sees them. Streamlit flips stApp's data-test-script-state
# to "running" and back to "notRunning"; right after a click the attribute can still say
# "notRunning" from the previous run, so "wait for notRunning" alone can pass too early.
# Waiting for the run counter to move first closes that gap.
RUN_COUNTER_JS = """
(() => {
  window.__stRuns = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.getAttribute('data-test-script-state') === 'running' && r.oldValue !== 'running') window.__stRuns += 1;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
})();
"""

# Why the page is not yet ready ('' once it is): a script run is going on, elements are stale
# (left from the previous run), an element is still a skeleton (its code, e.g. plotly's, is
# lazy-loaded after the run ends), or a chart has not been drawn by plotly.js yet.
BUSY_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return 'no stApp element';
  const script = app.getAttribute('data-test-script-state'), conn = app.getAttribute('data-test-connection-state');
  if (script !== 'notRunning') return 'script state ' + script;
  if (conn !== 'CONNECTED') return 'connection state ' + conn;
  const stale = document.querySelectorAll('[data-stale="true"]').length;
  if (stale) return stale + ' stale elements';
  const skeletons = document.querySelectorAll('[data-testid="stSkeleton"]').length;
  if (skeletons) return skeletons + ' skeletons';
  const undrawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(c => {
    const g = c.querySelector('.js-plotly-plot');
    return !(g && g._fullLayout && g._fullData);
  }).length;
  if (undrawn) return undrawn + ' charts not drawn yet';
  if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return 'no page title (h1)';
  return '';
}
"""

# Every plotly figure on the page, decoded: plotly.py 6+ ships numeric arrays base64-encoded
# ({dtype, bdata}) in figure.data, so the x/y values are read from the decoded _fullData.
PLOTS_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(g => {
  const t = g.layout && g.layout.title;
  const arr = (v) => (v == null ? null : Array.from(v, (e) => (e && typeof e === 'object' && !Array.isArray(e) ? String(e) : e)));
  return {
    title: t == null ? null : (typeof t === 'string' ? t : (t.text || null)),
    subtitle: t && t.subtitle ? (t.subtitle.text || null) : null,
    traces: (g._fullData || g.data || []).map((d) => ({name: d.name, type: d.type, x: arr(d.x), y: arr(d.y)})),
  };
})
"""


# The height of everything on screen: the main column, and the sidebar unless it is collapsed
# (at phone width it sits off screen, with its content still laid out in a narrow column).
PAGE_HEIGHT_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const content = document.querySelector('[data-testid="stSidebarContent"]');
  const sidebarShown = sidebar && content && sidebar.getBoundingClientRect().right > 0;
  return Math.max(main ? main.scrollHeight : 0, sidebarShown ? content.scrollHeight : 0);
}
"""

# The layout plotly.js gave each chart that is on screen (charts in hidden tabs have no size):
# the plotting area's size, and text that collides: tick labels against the title, subtitle,
# axis titles and annotations (notes, source line).
CHART_LAYOUT_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].filter(g => g.getBoundingClientRect().width > 0).map(g => {
  const size = g._fullLayout._size, fig = g.getBoundingClientRect();
  const boxes = (sel) => [...g.querySelectorAll(sel)].filter(e => e.getBoundingClientRect().width > 0)
    .map(e => ({text: e.textContent.slice(0, 40), box: e.getBoundingClientRect()}));
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const ticks = boxes('.xtick text, .ytick text');
  const others = boxes('.annotation-text, .g-xtitle text, .g-ytitle text, .gtitle, .gtitle-subtitle');
  const overlaps = [];
  for (const a of ticks) for (const b of others) if (hit(a.box, b.box)) overlaps.push(a.text + ' / ' + b.text);
  const t = g.layout.title;
  return {title: t == null ? null : (typeof t === 'string' ? t : t.text), figure_width: Math.round(fig.width),
          plot_width: Math.round(size.w), plot_height: Math.round(size.h), overlaps};
})
"""


# ---- the app's pages, read from the entry point ------------------------------------------
@dataclass(frozen=True)
class AppPage:
    stem: str  # the page script's file stem, e.g. "prevalence"; the tests' name for a page
    title: str
    url_path: str
    default: bool


def app_pages() -> dict[str, AppPage]:
    """The app's one list of pages (sidefx/pages.py); the first, home, is the default and answers at "/"."""
    from sidefx.pages import PAGES as TABLE

    return {
        Path(p.script).stem: AppPage(Path(p.script).stem, p.title, p.url_path, default=i == 0)
        for i, p in enumerate(TABLE)
    }


PAGES = app_pages()


def _chart_pages() -> tuple[str, ...]:
    """The survey pages with charts (sidefx/pages.py): each must draw at least one plotly chart on the demo data."""
    from sidefx.pages import PAGES as TABLE

    return tuple(p.stem for p in TABLE if p.charts and p.survey)


CHART_PAGES = _chart_pages()


# ---- driving the app -----------------------------------------------------------------------
class App:
    """One tab of the dashboard, with the waits Streamlit needs."""

    def __init__(self, page: Page, base_url: str, downloads_dir: Path):
        self.page = page
        self.base_url = base_url
        self.downloads_dir = downloads_dir
        self.page_errors: list[str] = []
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    # navigation and waiting
    def url_for(self, stem: str, **params) -> str:
        p = PAGES[stem]
        path = "/" if p.default else f"/{p.url_path}"
        return f"{self.base_url}{path}" + (f"?{urlencode(params)}" if params else "")

    def open(self, stem: str, **params) -> App:
        """Load a page (a new script run in this session) and wait until it is drawn."""
        self.page.goto(self.url_for(stem, **params))
        self.wait_idle()
        return self

    def wait_idle(self, timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
        """Wait until no script run is going on, nothing is stale, every chart is drawn and the page has its title."""
        try:
            self.page.wait_for_function(f"() => ({BUSY_JS})() === ''", timeout=timeout_ms)
        except PlaywrightError as exc:
            raise AssertionError(
                f"The app did not finish its run at {self.page.url}: {exc}\n{self.diagnose()}"
            ) from None
        self.fail_on_dialog()

    def rerun(self, action: Callable[[], object], timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
        """Do something that makes Streamlit rerun the script, then wait for that run to finish."""
        before = self.page.evaluate("window.__stRuns || 0")
        action()
        try:
            self.page.wait_for_function("n => (window.__stRuns || 0) > n", arg=before, timeout=timeout_ms)
        except PlaywrightError:
            raise AssertionError(
                f"No script run started after the action at {self.page.url}\n{self.diagnose()}"
            ) from None
        self.wait_idle(timeout_ms)

    def fail_on_dialog(self) -> None:
        """A modal (e.g. Streamlit's 'Page not found') makes the page inert; say so instead of timing out later."""
        dialogs = self.page.locator('[role="dialog"]:visible')
        if dialogs.count():
            raise AssertionError(f"A dialog is open at {self.page.url}: {dialogs.first.inner_text()!r}")

    def diagnose(self) -> str:
        try:
            state = self.page.evaluate(BUSY_JS) or "ready"
            dialogs = self.page.locator('[role="dialog"]:visible').all_inner_texts()
        except PlaywrightError as exc:
            return f"(could not inspect the page: {exc})"
        return (
            f"app state: {state}; dialogs: {dialogs}; exceptions: {self.exceptions()}; page errors: {self.page_errors}"
        )

    # reading the page
    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.page.url).query, keep_blank_values=True).items()}

    def wait_for_query(self, key: str, value: str, timeout_ms: int = 10_000) -> None:
        """The URL is rewritten by the script run; wait for it to show key=value."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.query().get(key) != value:
            if time.monotonic() > deadline:
                raise AssertionError(f"URL never showed {key}={value}: {self.page.url}")
            self.page.wait_for_timeout(100)

    def exceptions(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def headings(self) -> list[str]:
        return [
            t.strip()
            for t in self.page.locator('[data-testid="stMainBlockContainer"] :is(h1, h2, h3)').all_inner_texts()
        ]

    def warnings(self) -> list[str]:
        return self.page.locator('[data-testid="stAlert"]:has([data-testid="stAlertContentWarning"])').all_inner_texts()

    def plots(self) -> list[dict]:
        return self.page.evaluate(PLOTS_JS)

    def wait_for_plots_change(self, before: list[dict], timeout_ms: int = 10_000) -> list[dict]:
        """Plotly redraws after the run ends; poll until the figures differ from ``before``."""
        deadline = time.monotonic() + timeout_ms / 1000
        while (now := self.plots()) == before:
            if time.monotonic() > deadline:
                raise AssertionError("The charts did not change")
            self.page.wait_for_timeout(100)
        return now

    def chart_layouts(self) -> list[dict]:
        return self.page.evaluate(CHART_LAYOUT_JS)

    def sidebar_widget(self, testid: str, label: str):
        return self.page.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(
            has=self.page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
        )

    def multiselect_values(self, label: str) -> list[str]:
        """The labels of a sidebar multiselect's chosen tags, e.g. ['paroxetine (Paxil, Aropax)']."""
        return (
            self.sidebar_widget("stMultiSelect", label)
            .locator("[data-tag]")
            .evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        )

    def selectbox_value(self, label: str) -> str:
        return self.sidebar_widget("stSelectbox", label).get_by_role("combobox").input_value()

    def slider_values(self, label: str) -> list[str]:
        return self.sidebar_widget("stSlider", label).locator('[data-testid="stSliderThumbValue"]').all_inner_texts()

    # acting
    def choose_in_multiselect(self, label: str, text: str) -> None:
        """Type into a sidebar multiselect and press Enter, as a person would; waits for the rerun."""
        box = self.sidebar_widget("stMultiSelect", label).get_by_role("combobox")
        box.click()
        box.fill(text)
        self.page.get_by_role("option").filter(has_text=text).first.wait_for(state="visible")
        self.rerun(lambda: box.press("Enter"))
        box.press("Escape")  # close the option list so it does not cover the page

    def go_by_nav(self, stem: str) -> None:
        """Click a page in the sidebar navigation (a page switch in the same session)."""
        link = self.page.locator(
            f'[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"][href$="/{PAGES[stem].url_path}"]'
        )
        if PAGES[stem].default:
            link = self.page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]').filter(
                has_text=PAGES[stem].title
            )
        self.rerun(link.first.click)

    def download(self, button_label: str) -> Path:
        """Click a download button and return the saved file. For the download tests to come.

        Waits for the page to be idle first (a button drawn by a run still in progress may be
        replaced under the click), and again afterwards (a download button reruns the script
        by default).
        """
        self.wait_idle()
        button = self.page.locator('[data-testid="stDownloadButton"]').get_by_role("button", name=button_label)
        with self.page.expect_download() as info:
            button.first.click()
        download = info.value
        failure = download.failure()
        if failure:
            raise AssertionError(f"Download from {button_label!r} failed: {failure}")
        path = self.downloads_dir / download.suggested_filename
        download.save_as(path)
        self.wait_idle()
        return path

    @contextmanager
    def tall(self):
        """Make the window as tall as the page for a while, so everything is on screen.

        The main column scrolls inside [data-testid="stMain"], not the document, so Playwright's
        full_page screenshot would only capture the window; and axe cannot judge the colour
        contrast of text it cannot see.
        """
        viewport = self.page.viewport_size
        height = self.page.evaluate(PAGE_HEIGHT_JS)
        self.page.set_viewport_size(
            {"width": viewport["width"], "height": max(viewport["height"], min(int(height) + 40, 16_000))}
        )
        self.page.wait_for_timeout(500)  # plotly relayouts when the scroll bar goes
        try:
            yield
        finally:
            self.page.set_viewport_size(viewport)
            self.page.wait_for_timeout(300)

    def screenshot(self, name: str, full: bool = False) -> Path | None:
        """Save screenshots/<name>.png: the window, or with full=True the whole page (only with SIDEFX_SCREENSHOTS)."""
        if not TAKE_SCREENSHOTS:
            return None
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        with self.tall() if full else nullcontext():
            self.page.screenshot(path=path, animations="disabled", caret="hide")
        return path

    def axe(self, exclude: list[str] | None = None) -> list[dict]:
        """Run axe-core (vendored, see vendor/) on the whole page, made tall so all of it is on screen.

        Every violation with its nodes; each node also lists the data-testids of its ancestors
        (``within``), nearest first, so a test can tell Streamlit's chrome from the project's content.
        """
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(path=str(AXE_JS))
        with self.tall():
            return self.page.evaluate(
                """async (exclude) => {
                     const within = (el) => { const ids = []; for (let e = el; e; e = e.parentElement) if (e.dataset && e.dataset.testid) ids.push(e.dataset.testid); return ids; };
                     const r = await axe.run(exclude.length ? {exclude: exclude.map(s => [s])} : document, {resultTypes: ['violations'], elementRef: true});
                     return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                       nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.map(String), html: n.html.slice(0, 300),
                                                 within: within(n.element), summary: (n.failureSummary || '').slice(0, 500)}))}));
                   }""",
                exclude or [],
            )


def dumps(obj) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False)
