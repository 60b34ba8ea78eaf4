"""The sentences the FAERS page says about its numbers (the badge, caveats, notes, ratios in words, the method),
each written once, like sidefx.words for the rest."""

from __future__ import annotations

import pandas as pd

from sidefx import words
from sidefx.faers import weibull
from sidefx.serve import sources

FAERS_BADGE = sources.FAERS.badge


def faers_badge(cases: int, minimum: int) -> str:
    """The FAERS title-area label; with fewer cases than ``minimum`` (the 100-report sample), it says so there."""
    return words.counted_badge(FAERS_BADGE, cases, "case", minimum)


FAERS_CAVEATS = (
    "Spontaneous reports are not incidence: nobody counts the people who took a drug without reporting. Reporting "
    "is stirred by news and litigation; duplicates and missing fields remain after deduplication. A "
    "disproportionality measure is a signal to look into, not a risk."
)


FAERS_NOTE = (
    "Squares: reporting odds ratio (ROR) against every other drug, 95% interval, log scale (1 = as often as with "
    "other drugs). ✓ Evans' criteria met; * fewer than 3 cases; – no ratio (a cell is 0). " + words.FIGURE_CAVEATS
)
_SQUARES = {  # what a forest plot's squares are, by the measure drawn
    "ror": "Squares: reporting odds ratio (ROR) against every other drug",
    "adjusted": "Squares: ROR against every other drug within each sex and age band, pooled (Mantel–Haenszel)",
    "adjusted_year": "Squares: ROR against every other drug within each sex, age band and year received, pooled "
    "(Mantel–Haenszel)",
    "prr": "Squares: proportional reporting ratio (PRR) against every other drug",
}
EBGM_NOTE = (
    "Squares: EBGM, the ratio of reports to those expected (by sex, age band and year received) shrunk towards 1 "
    "where reports are few, with its EB05–EB95 interval, log scale. ✓ a signal: EB05 ≥ 2; * fewer than 3 cases "
    "under the filters; – no EBGM. " + words.FIGURE_CAVEATS
)


def faers_note(measure: str = "ror") -> str:
    """The forest plot's note for the measure drawn."""
    if measure == "ebgm":
        return EBGM_NOTE
    note = FAERS_NOTE.replace(_SQUARES["ror"], _SQUARES[measure])
    if measure.startswith("adjusted"):  # the ✓ beside an adjusted ratio is the crude table's
        note = note.replace("✓ Evans' criteria met;", "✓ Evans' criteria met (crude table);")
    return note


# Beside every FAERS figure's subtitle: whether the probable duplicates flagged at import (pages.FAERS_DUPES) count.
DUPES_WORDS = {"excluded": "probable duplicates left out", "included": "probable duplicates counted"}


def dupes_summary(flagged, included: bool) -> str:
    """The page's sentence on the probable duplicates flagged at import (``flagged`` is None for a folder imported
    before they were flagged)."""
    if flagged is None or pd.isna(flagged):
        return (
            "Probable duplicates were not looked for: this FAERS folder was imported before the import flagged them "
            "(import its quarters again)."
        )
    n = int(flagged)
    return (
        f"{words.plural(n, 'case')} {'is' if n == 1 else 'are'} flagged as probable duplicates of a case with another "
        "number (same event date, age, sex, reporter country, drugs and reactions; see the method): "
        + ("counted in every figure below." if included else "left out of every figure below unless counted.")
    )


def ebgm_words(prior, narrowed: bool, duplicates_counted: bool = False) -> str:
    """What the forest says about its EBGM: why there is none (``prior``, faers_ebgm_prior.sql's rows, is empty for a
    folder imported before EBGM, or names why the prior could not be fitted), that the filters do not narrow it, or
    that it leaves out the probable duplicates the other measures count (``duplicates_counted``)."""
    if prior.empty:
        return (
            "EBGM needs the quarters imported again: this FAERS folder was imported before the import fitted it "
            "(`python -m sidefx.faers FILE ...`, see the README)."
        )
    problem = prior.problem.iloc[0]
    if isinstance(problem, str) and problem:
        return f"No EBGM: its prior could not be fitted ({problem})."
    if narrowed:
        return (
            "EBGM is fitted at import over every case in the folder: the sex, age and duration filters do not narrow "
            "it (its N is the whole folder's)."
            + (
                " It leaves out the probable duplicates, which the other measures here count."
                if duplicates_counted
                else ""
            )
        )
    if duplicates_counted:
        return "EBGM is fitted at import without the probable duplicates, which the other measures here count."
    return ""


_GRID_COLOURS = {  # the grid's note: what a cell's colour is, by the measure drawn
    "ror": "Colour: ROR against every other drug, log scale. ✓ Evans' criteria met",
    "adjusted": "Colour: ROR against every other drug within each sex and age band, pooled (Mantel–Haenszel), log "
    "scale. ✓ Evans' criteria met (crude table)",
    "adjusted_year": "Colour: ROR against every other drug within each sex, age band and year received, pooled "
    "(Mantel–Haenszel), log scale. ✓ Evans' criteria met (crude table)",
    "prr": "Colour: PRR against every other drug, log scale. ✓ Evans' criteria met",
    "ebgm": "Colour: EBGM, reports against those expected by sex, age band and year, shrunk towards 1 where few, "
    "log scale. ✓ EB05 ≥ 2",
}


def grid_note(measure: str = "ror") -> str:
    """The every-side-effect grid's note for the measure drawn (the figure caveats follow it)."""
    return f"{_GRID_COLOURS[measure]}; * fewer than 3 cases; – no ratio (a cell is 0). "


def grid_hover(r, event_label: str, measure: str = "ror") -> str:
    """A grid cell's hover: the crude ROR's words, with the drawn measure first when it is another."""
    crude = ror_hover(r, event_label)
    if measure == "ror":
        return crude
    name = {"adjusted": "adjusted ROR", "adjusted_year": "adjusted ROR", "prr": "PRR", "ebgm": "EBGM"}[measure]
    drawn = f"no {name}" if pd.isna(r.value) else f"{name} {ratio_text(r, False)}"
    return f"{crude}; {drawn}"


def faers_compare_note(compare_by: str) -> str:
    """What Compare by does on the FAERS page, where it is not what it does on the survey's pages."""
    return {
        "sex": "Compared by sex: the first chart makes each sex's own 2x2 tables (women's cases against other women's); "
        "the other charts count every case.",
        "age_band": "Compared by age band: the first chart makes each band's own 2x2 tables; the other charts count "
        "every case.",
        "duration_band": "Compared by duration of use: see the chart by time on the drug, where each band is its own "
        "comparison.",
        "class": "Compare by drug class does not apply to the reports: they are counted drug by drug (one case may name "
        "two drugs of a class).",
    }.get(compare_by, "")


def ror_text(r) -> str:
    """A row's estimate, short enough for the forest's column: '7.5 (2.0–28) ✓' (✓: Evans' criteria met), or '–'."""
    if pd.isna(r.ror):  # a cell of the 2x2 table is 0
        return "–"
    return f"{words.ratio_number(r.ror)} ({words.ratio_number(r.ror_low)}–{words.ratio_number(r.ror_high)})" + (
        " ✓" if r.evans else ""
    )


def ror_hover(r, event_label: str) -> str:
    ic = f"IC {r.ic:.2f} (IC025 {r.ic_low:.2f})"
    ror = "no ROR (a cell of the table is 0)" if pd.isna(r.ror) else f"ROR {ror_text(r)}"
    return f"{r.inn}: {words.plural(r.a, 'case')} with {event_label.lower()}; {ror}; {ic}"


FAERS_MEASURE_NAMES = {  # the FAERS forest plot's measures (sidefx.faers.panels.MEASURES), in words
    "ror": "reporting odds ratio",
    "adjusted": "reporting odds ratio adjusted for sex and age",
    "adjusted_year": "reporting odds ratio adjusted for sex, age and year received",
    "prr": "proportional reporting ratio",
    "ebgm": "empirical Bayes geometric mean (EBGM)",
}


FAERS_MEASURE_WORDS = {  # what the subtitle adds about the measure drawn
    "ror": "",
    "adjusted": " · adjusted for sex and age band (Mantel–Haenszel)",
    "adjusted_year": " · adjusted for sex, age band and year received (Mantel–Haenszel)",
    "prr": " · proportional reporting ratio",
    "ebgm": " · EBGM (DuMouchel's gamma Poisson shrinker), every case in the folder",
}


def ratio_text(r, signal: bool | None = None) -> str:
    """A plotted row's estimate, short enough for the forest's column: '7.5 (2.0–28) ✓' (✓: ``signal``, else Evans'
    criteria met), or '–' where the measure is undefined."""
    if pd.isna(r.value):
        return "–"
    mark = r.evans if signal is None else signal
    return f"{words.ratio_number(r.value)} ({words.ratio_number(r.ci_low)}–{words.ratio_number(r.ci_high)})" + (
        " ✓" if mark else ""
    )


def faers_reading(rows, measure: str = "ror") -> str:
    """One sentence reading the chart with its own top number."""
    defined = rows[rows.value.notna()]
    if defined.empty:
        return f"No drug here has enough reports on both sides for a {FAERS_MEASURE_NAMES[measure]}."
    ebgm = measure == "ebgm"  # EBGM's rows are in the crude ratio's order, its N the whole folder's
    top = defined.loc[defined.value.idxmax()] if ebgm else defined.iloc[0]
    how = {
        "ror": "(in odds) as reports naming other drugs",
        "adjusted": "(in odds) as reports naming other drugs, comparing reports of the same sex and age band",
        "adjusted_year": "(in odds) as reports naming other drugs, comparing reports of the same sex, age band and "
        "year received",
        "prr": "(as a share of their reports) as reports naming other drugs",
        "ebgm": "as expected from reports of the same sex, age band and year (EBGM, shrunk towards 1 when few)",
    }[measure]
    return (
        f"{top.inn}: {words.plural(int(top.ebgm_n if ebgm else top.a), 'case')} reported it; reports naming {top.inn} mention it "
        f"{words.ratio_number(top.value)} times as often {how}."
    )


def known_time(rows) -> str:
    """How often the time on the drug is known, beside every view that filters or splits by it."""
    if rows.empty:
        return ""
    lo, hi = rows.known_time_pct.min(), rows.known_time_pct.max()
    share = f"{lo:.0f}%" if round(lo) == round(hi) else f"{lo:.0f}–{hi:.0f}%"
    return f"Time on the drug is known for {share} of the cases naming each drug."


ONSET_TITLE_CAVEAT = "the reports, not the risk: dates often missing, late onsets not yet reported"
ONSET_CAVEATS = (
    "Spontaneous reports are right-truncated (a late onset, long after starting or stopping, may not have happened "
    "or been reported by the time of the report) and most leave a date out or give only its month or year, so these "
    "describe the reports that give both dates to the day, not the risk over time."
)
ONSET_SHAPE_NOTE = (
    "Squares: the Weibull shape β of each drug's days from starting it to onset, 95% profile-likelihood interval, log "
    "scale; read as pharmacovigilance papers do: interval below 1 early (risk falling with time), containing 1 "
    f"constant, above 1 wear-out (risk rising with time); fitted with {weibull.MIN_CASES} or more cases. Label: median "
    "days (25th–75th percentile). " + ONSET_CAVEATS
)
ONSET_DAYS_NOTE = (
    "Each step: the share of the drug's cases whose onset came by that day (empirical distribution); same-day onsets "
    "at the left. " + ONSET_CAVEATS
)
STOP_NOTE = (
    "Points: median days from the drug's end date to the onset of withdrawal (its MedDRA terms), whiskers the 25th and "
    "75th percentiles, point size the cases giving both dates to the day; only events on or after the end date count. "
    "Half-life is the midpoint of the published range. " + ONSET_CAVEATS
)
ONSET_EMPTY = (
    "No case here gives both dates to the day, or the side effect is a preferred term (days are kept for the "
    "dashboard's side effects only). A FAERS folder imported before days were kept needs its quarters imported again."
)
ONSET_COMPUTED = (
    "n, cases, usable_pct, median_days, q1_days and q3_days are faers_onset.sql's (since 'start'). β (value), its "
    "interval (ci_low, ci_high), scale_days and pattern are computed from faers_onset_days.sql's rows (days, cases) "
    "by sidefx.faers.weibull.fit: each onset the interval [d, d+1) days, the Weibull (scipy.stats.weibull_min) fitted "
    "by maximum likelihood, β's 95% interval where the profile log-likelihood falls 1.92 below its maximum; pattern "
    "'early' when the interval is below 1, 'wear-out' above 1, else 'constant'."
)


def onset_hover(r, event_label: str) -> str:
    share = f"{r.usable_pct:.0f}%" if pd.notna(r.usable_pct) else "–"
    said = f"{r.inn}: {r.n:,} of {words.plural(r.cases, 'case')} of {event_label.lower()} give the days ({share})"
    if r.n:
        said += f"; median {r.median_days:g} days (IQR {r.q1_days:g}–{r.q3_days:g})"
    if r.pattern:
        said += (
            f"; Weibull β {words.ratio_number(r.shape)} ({words.ratio_number(r.shape_low)}–"
            f"{words.ratio_number(r.shape_high)}), {weibull.PATTERNS[r.pattern]}"
        )
    return said


def onset_reading(df, event_label: str) -> str:
    """The forest's reading: its drug with the most cases giving the days, in words."""
    given = df[df.n > 0]
    if given.empty:
        return "No case here gives both dates to the day."
    top = given.iloc[0]
    said = (
        f"{top.inn}: half of the {words.plural(top.n, 'case')} giving the days reported {event_label.lower()} within "
        f"{top.median_days:g} days of starting it"
    )
    if top.pattern:
        said += f"; its Weibull shape reads {weibull.PATTERNS[top.pattern]}"
    return said + "."


def days_reading(stats, since: str, filters, available: int) -> str:
    if stats.empty:
        return ""
    drawn = "the drugs chosen" if filters.drugs else f"the {words.plural(len(stats), 'drug')} with the most cases"
    if not filters.drugs and len(stats) == available:
        drawn = "every drug with a case giving the days"
    top = stats.iloc[0]
    return (
        f"Lines: {drawn}. {top.inn}: half of its {words.plural(top.n, 'case')} began within {top.median_days:g} days of "
        f"{'stopping' if since == 'end' else 'starting'} it."
    )


def stop_hover(r) -> str:
    return (
        f"{r.inn}: {r.n:,} of {words.plural(r.cases, 'case')} of withdrawal give the end and event dates; median "
        f"{r.median_days:g} days after stopping (IQR {r.q1_days:g}–{r.q3_days:g})"
    )


def stop_reading(df) -> str:
    if df.empty:
        return ""
    return (
        "A short half-life is expected to bring withdrawal sooner after stopping; each point is a drug's median days "
        f"from its end date to the onset of withdrawal, of {words.plural(int(df.n.sum()), 'case')} giving both dates."
    )


FAERS_METHOD = (  # the items the READUS-PV guidance asks a disproportionality analysis to report
    (
        "Data source and period",
        "the FDA Adverse Event Reporting System's quarterly data extract (ASCII), the quarters named in the source line.",
    ),
    (
        "Deduplication",
        "the latest version (caseversion) of each case (caseid) across the imported quarters, as the FDA advises; "
        "cases the FDA lists as deleted are dropped. Probable duplicates across case numbers are flagged, never "
        "deleted, by the AEOLUS rule (Banda et al. 2016): the same event date, age, sex, reporter country, set of "
        "drugs (every drug named, any role) and set of preferred terms. A case is compared only when it gives all "
        "six (the event date as a whole day, the sex as female or male), so a missing field never makes a match and "
        "a sex or age clash never does; the reporter country is compared as its ISO 3166-1 code, a legacy AERS "
        "report's country name read as its code (through pycountry), so a legacy report and a FAERS one can match; "
        "of each group the case with the latest FDA date is kept. Flagged cases are "
        "left out of every figure, export and EBGM unless the page's choice counts them (EBGM, fitted at import, "
        "always leaves them out); each figure's subtitle says which.",
    ),
    (
        "Case and drug definitions",
        "a case names an antidepressant when a DRUG row's active ingredient (prod_ai), else its name, resolves to "
        "the drug's INN through the dashboard's synonyms table (brands, salts, spellings); by default only as primary "
        "or secondary suspect (role PS, SS); concomitant (C) and interacting (I) when chosen. A combination product "
        "counts as each antidepressant in it: its ingredients (prod_ai, split at each backslash) are resolved one by one, and "
        "a combination's brand (Symbyax, Contrave, Auvelity, Limbitrol) names the antidepressant in it.",
    ),
    (
        "Event definition",
        "MedDRA preferred terms mapped to each side effect in data/sources/faers_terms.csv; any other preferred term "
        "is its own event. Terms are made lower case and single-spaced once, at import, so 'Nausea ', 'NAUSEA' and "
        "'nausea' are one term, counted once per case.",
    ),
    (
        "Comparator",
        "N, the cases of each 2x2 table, is every deduplicated case in the imported quarters that passes the sex and "
        "age filters, including cases that name no suspect drug (or no drug at all) and cases that report no "
        "reaction; the comparator is every one of them not naming the drug in the roles counted, whatever drugs it "
        "names (not only antidepressants); cases naming the drug for a time outside the chosen range are in neither "
        "group.",
    ),
    (
        "Measures and thresholds",
        "reporting odds ratio and proportional reporting ratio with 95% intervals (log method); Evans' criteria "
        "(PRR >= 2, Yates chi-squared >= 4, at least 3 cases); the information component IC = log2((a+0.5)/(E+0.5)) "
        "with its gamma credibility interval, a signal when IC025 > 0; DuMouchel's EBGM with EB05 and EB95, E by sex, "
        "age band and year received, the prior fitted over every drug × term cell, a signal when EB05 >= 2 (the "
        "whole folder's: the sex, age and duration filters do not narrow it). Fewer than 3 cases are shown but marked.",
    ),
    (
        "Adjustment",
        "the ROR adjusted for sex and age band pools each drug's 2x2 tables within every sex × age band stratum (a sex "
        "or band not given is a stratum of its own) by Mantel–Haenszel, with the Robins–Breslow–Greenland 95% "
        "interval and the Breslow–Day test of whether the strata share one ratio (statsmodels' StratifiedTable); "
        "adjusted for the year received too, the strata are sex × age band × year received (kept for the dashboard's "
        "side effects only: a MedDRA term chosen is adjusted for sex and age band). A stratum without cases on both "
        "sides of a margin adds nothing. Compared by sex or age band, each group keeps its crude table.",
    ),
    (
        "Time on drug",
        "from THER: start date to event date, else to end date, else the reported duration; YYYY-only dates unknown. "
        "A case naming the drug twice takes its longest time. By time on the drug, each of the survey's duration "
        "bands (under 3 months, 3-6 months, 6-12 months, 1-3 years, 3 years or more) is its own 2x2 table, with "
        "cases whose time is not known in none of them.",
    ),
    (
        "Quarter received",
        "the quarter whose file held the case's latest version; counts by quarter are of cases, not rates.",
    ),
    (
        "Drug characteristics",
        "drug class and elimination half-life (the midpoint of the published range, its source named on the figure) "
        "from the dashboard's drug catalogue, as it was when the reports were imported.",
    ),
    (
        "Time to onset",
        "days from the drug's first start (THER start_dt) to the event (DEMO event_dt), only where both are given to "
        "the day (YYYYMMDD and a valid date: a YYYYMM or YYYY date, or one padded to the 1st of its month, is never "
        "read as a day) and the event is not before the start; a case naming the drug in several courses takes the "
        "earliest start, and none when a course gives its start only to the month. Kept for the dashboard's side "
        "effects. Per drug: the cases giving the days (n) and their share of the cases naming drug and effect, the "
        "median and quartiles, the empirical distribution, and the Weibull shape β with its 95% profile-likelihood "
        f"interval (each onset the interval of a day, fitted with scipy; {weibull.MIN_CASES} or more cases): below 1 "
        "early (risk falling with time), containing 1 constant, above 1 wear-out (risk rising with time). The sex, "
        "age, time on drug and role filters apply.",
    ),
    (
        "Onset after stopping",
        "for withdrawal (its MedDRA terms), days from the drug's last end (THER end_dt) to the event, both to the day, "
        "counting only events on or after the end date (withdrawal while tapering, before the end, is not counted); "
        "per drug, n, median and quartiles and the distribution, drawn against the drug's half-life.",
    ),
    ("Limitations", FAERS_CAVEATS + " " + ONSET_CAVEATS),
)
