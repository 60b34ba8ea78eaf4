"""The dashboard's pages, listed once, each with its own choices and charts.

The navigation, the home page's links, the link parser (viewstate.parse), the link itself
(View.to_query_params), the widgets that draw the choices (ui.page) and the tests all read this
list: adding a page is its script in views/ and one entry here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sidefx.serve.sources import FAERS, STUDIES, SURVEY, Source

# The options of the pages' own choices: the value a link holds, and its label.
VIEWS = {"bars": "Bars", "heatmap": "Heatmap", "duration": "By duration of use"}
SORTS = {"prevalence": "By prevalence", "domain": "By domain"}
ROWS = {"all": "Studies and this dashboard's survey", "published": "Published studies only"}
TABS = {
    "by-drug": "By drug",
    "by-duration": "By duration of use",
    "severity": "Severity",
    "lasted": "How long it lasted",
    "half-life": "Half-life",
    "tapering": "Tapered vs abrupt",
}
FAERS_MEASURES = {
    "ror": "Reporting odds ratio (crude)",
    "adjusted": "ROR adjusted for sex and age",
    "adjusted_year": "ROR adjusted for sex, age and year received",
    "prr": "Proportional reporting ratio",
    "ebgm": "EBGM (empirical Bayes, whole folder)",
}
FAERS_ROLES = {
    "suspect": "Suspect drugs (primary or secondary)",
    "any": "Any mention (concomitant and interacting too)",
}
FAERS_DUPES = {  # probable duplicates across case numbers (flagged at import, never deleted)
    "excluded": "Left out",
    "included": "Counted",
}


@dataclass(frozen=True)
class Choice:
    """One of a page's own choices, as its link holds it.

    ``options`` is the values and their labels, or the name of the ``viewstate.Vocab`` field whose
    values the data gives (the side effects, the study topics). A tuple ``default`` makes a
    multi-choice, kept in the link as a comma list ('all' for none chosen). ``tabs``: drawn as the
    page's tabs (their state is the chosen tab's label).
    """

    name: str
    options: Mapping[str, str] | str
    default: str | tuple[str, ...]
    tabs: bool = False

    @property
    def many(self) -> bool:
        return isinstance(self.default, tuple)


@dataclass(frozen=True)
class Page:
    script: str  # the page script, relative to the entry point (views/, not pages/: see dashboard.py)
    title: str
    icon: str
    url_path: str  # also the page's name in a run (the default page's is 'home')
    what: str = ""  # one line for the home page's list
    survey: bool = True  # shows the survey's numbers (and says whose they are at the top)
    # the data sources it cannot be shown without, checked before it runs: a fault in any other source (a damaged
    # survey folder on the FAERS page) leaves it working
    reads: tuple[Source, ...] = (SURVEY,)
    filters: Source = SURVEY  # the source whose values the sidebar's filters offer on this page
    choices: tuple[Choice, ...] = ()
    # the charts whose "Show the numbers" switch the link keeps, by a name that stays put when the filters
    # change a chart's title or file name
    charts: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        """The script's file name without .py: the tests' name for a page."""
        return Path(self.script).stem

    def choice(self, name: str) -> Choice:
        found = [c for c in self.choices if c.name == name]
        if not found:
            raise ValueError(f"The {self.url_path} page has no choice named {name!r}: declare it in sidefx/pages.py.")
        return found[0]


PAGES = (
    Page("views/home.py", "Home", ":material/home:", "home", reads=(SURVEY, STUDIES)),
    Page(
        "views/prevalence.py",
        "Side-effect prevalence",
        ":material/bar_chart:",
        "prevalence",
        "How many respondents report each side effect, by drug, class, duration of use, sex or age, with 95% intervals.",
        choices=(Choice("view", VIEWS, "bars"), Choice("sort", SORTS, "prevalence"), Choice("effects", "effects", ())),
        charts=("chart",),
    ),
    Page(
        "views/withdrawal.py",
        "Withdrawal",
        ":material/trending_down:",
        "withdrawal",
        "Withdrawal effects among those who tried to stop: incidence, severity, how long they lasted, half-life and tapering.",
        choices=(Choice("tab", TABS, "by-drug", tabs=True),),
        charts=("by-drug", "by-duration", "severity", "lasted", "half-life", "tapering", "tapering-severity"),
    ),
    Page(
        "views/studies.py",
        "Study comparisons",
        ":material/compare:",
        "studies",
        "Published estimates side by side in forest plots, with why they differ.",
        reads=(STUDIES,),  # the survey's row is left out, with the reason, when the survey cannot be read
        choices=(Choice("topic", "topics", "withdrawal_incidence"), Choice("rows", ROWS, "all")),
        charts=("forest",),
    ),
    Page(
        "views/faers.py",
        "Reports to the FDA (FAERS)",
        ":material/report:",
        "faers",
        "What is reported to the FDA for each antidepressant: reporting odds ratios against every other drug, "
        "by time on the drug, from the FDA's public adverse-event files.",
        survey=False,
        reads=(),  # the page itself says how to import reports when there are none, and what is wrong otherwise
        filters=FAERS,
        choices=(
            Choice("event", "events", "withdrawal_effects"),
            Choice("roles", FAERS_ROLES, "suspect"),
            Choice("dupes", FAERS_DUPES, "excluded"),
            Choice("measure", FAERS_MEASURES, "ror"),
        ),
        charts=(
            "ror",
            "time",
            "onset",
            "onset-days",
            "quarters",
            "effects",
            "half-life",
            "after-stopping",
            "stop-days",
        ),
    ),
    Page(
        "views/import_survey.py",
        "Import your survey",
        ":material/upload_file:",
        "import",
        "Load your own survey export (CSV, Excel or Parquet): check how it was read, say which column is which "
        "question, and explore it on every page. It is seen by your browser session only.",
        survey=False,
        reads=(),
    ),
    Page(
        "views/about.py",
        "About & methods",
        ":material/info:",
        "about",
        "Sources, how the demo survey is generated and calibrated, caveats and how to cite.",
        reads=(SURVEY, STUDIES),
    ),
)
NO_PAGE = Page("", "", "", "")  # a name no entry has: no choices, no charts


def named(name: str) -> Page:
    """The page entry a run's page name (its url_path) names; NO_PAGE for none."""
    return next((p for p in PAGES if p.url_path == name), NO_PAGE)
