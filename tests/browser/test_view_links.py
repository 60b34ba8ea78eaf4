"""The view in a real browser: what only a browser shows of the link, the Share button and the phone layout."""

from __future__ import annotations

import pytest
from browser_harness import DESKTOP, PHONE, RERUN_TIMEOUT_MS, RUN_COUNTER_JS, App

pytestmark = pytest.mark.browser

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def make_app(browser, app_url, tmp_path):
    """``make_app(viewport, **context options)``: a fresh session in its own browser context."""
    contexts = []

    def make(viewport=DESKTOP, **options) -> App:
        context = browser.new_context(viewport=viewport, timezone_id="UTC", locale="en-GB", **options)
        context.set_default_timeout(RERUN_TIMEOUT_MS)
        context.add_init_script(RUN_COUNTER_JS)
        contexts.append(context)
        return App(context.new_page(), app_url, tmp_path)

    yield make
    for c in contexts:
        c.close()


def selected_tab(app: App) -> str:
    return (
        app.page.locator('[data-testid="stMainBlockContainer"] [role="tab"][aria-selected="true"]').inner_text().strip()
    )


def test_the_withdrawal_tab_is_in_the_link(make_app):
    app = make_app().open("withdrawal", tab="half-life")
    assert selected_tab(app) == "Half-life" and app.warnings() == []
    tab = app.page.locator('[data-testid="stMainBlockContainer"] [role="tab"]').filter(has_text="Severity")
    app.rerun(tab.click)
    app.wait_for_query("tab", "severity")
    assert selected_tab(app) == "Severity"
    again = make_app().open("withdrawal", **app.query())
    assert selected_tab(again) == "Severity"


def test_the_numbers_table_and_figure_settings_are_in_the_link(make_app):
    app = make_app().open("prevalence", numbers="chart", size="journal", format="pdf", dark="on")
    assert app.page.locator('[data-testid="stMainBlockContainer"] [data-testid="stDataFrame"]').count() == 1
    assert app.selectbox_value("Size").startswith("Journal column")
    assert app.page.get_by_role("button", name="Figure (PDF, journal)").count() == 1
    assert app.warnings() == []


def test_share_copies_the_link_where_there_is_no_share_sheet(make_app, app_url):
    app = make_app(permissions=["clipboard-read", "clipboard-write"]).open(
        "withdrawal", drug="paroxetine", tab="severity"
    )
    has_share = app.page.evaluate("() => typeof navigator.share === 'function'")
    button = app.page.get_by_role("button", name="Share this view")
    assert button.is_visible(), "the Share button is on screen without hovering anything"
    if has_share:  # this Chromium has a share sheet: take it away to test the fallback
        app.page.evaluate("() => { navigator.share = undefined; }")
    button.click()
    app.page.get_by_text("Link copied").wait_for()
    copied = app.page.evaluate("() => navigator.clipboard.readText()")
    shown = app.page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text().strip()
    assert copied == shown and copied.startswith(app_url) and "tab=severity" in copied and "drug=paroxetine" in copied


def test_share_opens_the_share_sheet_where_there_is_one(make_app):
    app = make_app(PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True)
    app.page.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
    app.open("prevalence", drug="sertraline")
    app.page.get_by_role("button", name="Open sidebar").or_(
        app.page.locator('[data-testid="stExpandSidebarButton"]')
    ).first.click()
    app.page.get_by_role("button", name="Share this view").tap()
    shared = app.page.wait_for_function("() => window.__shared").json_value()
    assert "drug=sertraline" in shared["url"] and shared["url"].startswith("http")


def test_a_phone_gets_square_figures_unless_the_link_says_otherwise(make_app):
    phone = make_app(PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True).open("withdrawal")
    assert phone.query()["size"] == "square"
    assert phone.page.get_by_role("button", name="Figure (PNG, square)").count() >= 1
    linked = make_app(PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True).open("withdrawal", size="slide-4x3")
    assert linked.query()["size"] == "slide-4x3"
    desktop = make_app().open("withdrawal")
    assert desktop.query()["size"] == "slide-16x9"


# For the charts on screen: the plotly toolbar's box (None when hidden) and the boxes of the words at the chart's
# top (title, subtitle, and annotations such as the synthetic-data badge).
TOOLBAR_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].filter(g => g.getBoundingClientRect().width > 0).map(g => {
  const box = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? {l: r.left, r: r.right, t: r.top, b: r.bottom, text: e.textContent.slice(0, 40)} : null; };
  const bar = g.querySelector('.modebar-container');
  const words = [...g.querySelectorAll('.gtitle, .gtitle-subtitle, .annotation')].map(box).filter(Boolean);
  return {words, toolbar: bar && getComputedStyle(bar).display !== 'none' ? box(g.querySelector('.modebar')) : null};
})
"""


def overlaps(a, b) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def hover_top_right(app: App):
    """Point at a chart's top right corner, where plotly draws its toolbar (a tap does the same on a phone)."""
    chart = app.page.locator(
        '[data-testid="stPlotlyChart"] .js-plotly-plot:visible'
    ).first  # a phone hides a forest's wide twin
    chart.scroll_into_view_if_needed()
    app.page.mouse.wheel(0, -150)  # out from under Streamlit's header
    app.page.wait_for_timeout(300)
    box = chart.bounding_box()
    app.page.mouse.move(box["x"] + box["width"] - 40, box["y"] + 30)
    app.page.wait_for_timeout(400)
    return app.page.evaluate(TOOLBAR_JS)


@pytest.mark.parametrize("stem", ["prevalence", "withdrawal", "studies"])
def test_on_a_phone_no_toolbar_covers_a_chart_title(make_app, stem):
    app = make_app(PHONE).open(stem)
    charts = hover_top_right(app)
    app.screenshot(f"{stem}-390x844-toolbar")
    assert charts and all(c["words"] for c in charts), charts
    covered = [
        (c["toolbar"], w["text"]) for c in charts if c["toolbar"] for w in c["words"] if overlaps(c["toolbar"], w)
    ]
    assert covered == [], f"the toolbar covers the chart's words: {covered}"


def test_on_a_desktop_the_toolbar_is_still_there(make_app):
    app = make_app().open("prevalence")
    assert any(c["toolbar"] for c in hover_top_right(app)), "the camera and zoom buttons stay on wide screens"
