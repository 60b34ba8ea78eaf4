"""The dashboard's pages, listed once: the navigation, the home page's links and the browser tests read this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    script: str  # the page script, relative to the entry point (views/, not pages/: see dashboard.py)
    title: str
    icon: str
    url_path: str
    what: str = ""  # one line for the home page's list


PAGES = (
    Page("views/home.py", "Home", ":material/home:", "home"),
    Page(
        "views/prevalence.py",
        "Side-effect prevalence",
        ":material/bar_chart:",
        "prevalence",
        "How many respondents report each side effect, by drug, class, duration of use, sex or age, with 95% intervals.",
    ),
    Page(
        "views/withdrawal.py",
        "Withdrawal",
        ":material/trending_down:",
        "withdrawal",
        "Withdrawal effects among those who tried to stop: incidence, severity, how long they lasted, half-life and tapering.",
    ),
    Page(
        "views/studies.py",
        "Study comparisons",
        ":material/compare:",
        "studies",
        "Published estimates side by side in forest plots, with why they differ.",
    ),
    Page(
        "views/faers.py",
        "Reports to the FDA (FAERS)",
        ":material/report:",
        "faers",
        "What is reported to the FDA for each antidepressant: reporting odds ratios against every other drug, "
        "by time on the drug, from the FDA's public adverse-event files.",
    ),
    Page(
        "views/import_survey.py",
        "Import your survey",
        ":material/upload_file:",
        "import",
        "Load your own survey export (CSV, Excel or Parquet): check how it was read, say which column is which "
        "question, and explore it on every page. It is seen by your browser session only.",
    ),
    Page(
        "views/about.py",
        "About & methods",
        ":material/info:",
        "about",
        "Sources, how the demo survey is generated and calibrated, caveats and how to cite.",
    ),
)
