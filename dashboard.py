"""Entry point: `streamlit run dashboard.py`.

Declares the pages and the shared filter sidebar, then runs the chosen page. Built inside
a function so tests can drive it with streamlit.testing.v1.AppTest.
"""

import duckdb
import pyarrow as pa
import streamlit as st

from sidefx import pages, ui
from sidefx.pages import PAGES
from sidefx.serve import datacheck, datasets
from sidefx.serve.queries import QueryError

# The page scripts live in views/, not pages/: a folder named pages/ beside the entry point
# switches Streamlit (1.67) into its legacy multipage mode until st.navigation first runs in that
# server process: a deep link then shows "Page not found", and AppTest runs a page without this
# entry point (so without the shared filters). This rests on streamlit/runtime/pages_manager.py,
# where PagesManager.uses_pages_directory is set once per process from whether pages/ exists beside
# the main script, and streamlit/runtime/scriptrunner/script_runner.py, whose _mpa_v1 then scans
# pages/*.py and runs them instead of this script. tests/test_pages.py fails if pages/ appears.
# The one list of pages (sidefx/pages.py): the navigation and the home page's links are both drawn from it.


def navigation():
    return st.navigation(
        [
            st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path, default=i == 0)
            for i, p in enumerate(PAGES)
        ]
    )


def main() -> None:
    st.set_page_config(
        page_title="Antidepressant side effects: evidence explorer", page_icon=":material/medication:", layout="wide"
    )
    page = navigation()
    datasets.use(ui.chosen_dataset())  # this session's choice, before anything is read
    ui.dataset_switch()  # drawn first, so a dataset that cannot be read can be switched away from
    entry = pages.named(page.url_path or "home")  # the default page answers at "/"
    try:
        for source in entry.reads:  # cheap (file footers only, cached): a broken folder is said before a page reads it
            datacheck.check(source=source)
        ui.start(entry.url_path)
        page.run()
    except datacheck.DataProblem as problem:
        data_problem(problem)
    except (duckdb.Error, pa.ArrowException) as exc:
        # A file that passed the check but failed while its rows were read: said in words, never with the
        # reader's stack or the server paths in its message.
        data_problem(datacheck.explain(exc, source=(entry.reads or (entry.filters,))[0]))
    except QueryError as exc:
        st.error(
            f"The dashboard could not run one of its queries: {exc}. This is a fault in the dashboard, not in your data.",
            icon=":material/error:",
        )


def data_problem(problem: datacheck.DataProblem) -> None:
    st.error(str(problem), icon=":material/folder_off:")


main()
