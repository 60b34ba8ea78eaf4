"""Entry point: `streamlit run dashboard.py`.

Declares the pages and the shared filter sidebar, then runs the chosen page. Built inside
a function so tests can drive it with streamlit.testing.v1.AppTest.
"""

import duckdb
import streamlit as st

from sidefx import ui
from sidefx.queries import QueryError

# URL paths differ from the file names on purpose: a url_path equal to a file name in pages/
# collides with Streamlit's legacy pages/ discovery, and AppTest then runs the page without
# the entry point (no shared sidebar).
PAGES = [
    ("pages/home.py", "Home", ":material/home:", "overview"),
    ("pages/prevalence.py", "Side-effect prevalence", ":material/bar_chart:", "side-effects"),
    ("pages/withdrawal.py", "Withdrawal", ":material/trending_down:", "stopping"),
    ("pages/studies.py", "Study comparisons", ":material/compare:", "evidence"),
    ("pages/about.py", "About & methods", ":material/info:", "methods"),
]


def navigation():
    return st.navigation([st.Page(path, title=title, icon=icon, url_path=slug, default=(slug == "overview")) for path, title, icon, slug in PAGES])


def main() -> None:
    st.set_page_config(page_title="Antidepressant side effects: evidence explorer", page_icon=":material/medication:", layout="wide")
    page = navigation()
    try:
        ui.filter_sidebar()
        page.run()
    except (QueryError, duckdb.IOException, duckdb.CatalogException) as exc:
        st.error(f"The dashboard could not read its data: {exc}. Rebuild the data with `python -m sidefx.build` (see the README).")


main()
