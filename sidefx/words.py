"""The sentences the dashboard says about its numbers, each written once.

Charts, exports, READMEs and pages read these, so a reading note on screen and the same
note in an exported figure or a data bundle can never drift apart.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from sidefx import settings, sources

SYNTHETIC_BADGE = "Synthetic demo data, not real patients"


def dataset_badge(name: str) -> str:
    """The title-area label of a chart drawn from an imported survey: its own name, short enough for a badge."""
    return f"Survey: {name[:60]}"


def badge_for(dataset) -> str | None:
    """What a chart's title area says about its data: synthetic, an imported survey's name, or nothing."""
    if dataset is None:
        return None
    if dataset.origin.badge:
        return dataset.origin.badge
    return SYNTHETIC_BADGE if dataset.synthetic else dataset_badge(dataset.name)


FAERS_BADGE = sources.FAERS.badge


def faers_badge(cases: int, minimum: int) -> str:
    """The FAERS title-area label; with fewer cases than ``minimum`` (the 100-report sample), it says so there."""
    return FAERS_BADGE if cases >= minimum else f"{FAERS_BADGE} · only {plural(cases, 'case')}: too few to conclude"


FAERS_CAVEATS = (
    "Spontaneous reports are not incidence: nobody counts the people who took a drug without reporting. Reporting "
    "is stirred by news and litigation; duplicates and missing fields remain after deduplication. A "
    "disproportionality measure is a signal to look into, not a risk."
)
# The same four caveats, short enough for every figure at every export size (a journal column too).
FIGURE_CAVEATS = (
    "Spontaneous reports, not incidence: reporting follows news and litigation, duplicates and gaps remain, and a "
    "ratio is a signal, not a risk."
)
FAERS_NOTE = (
    "Squares: reporting odds ratio (ROR) against every other drug, 95% interval, log scale (1 = as often as with "
    "other drugs). ✓ Evans' criteria met; * fewer than 3 cases; – no ratio (a cell is 0). " + FIGURE_CAVEATS
)


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


def ratio_number(v, digits: int = 2) -> str:
    """A ratio to ``digits`` significant figures, never in scientific notation: 24, 1.2, 450, 1,100, 0.050."""
    if v is None or pd.isna(v):
        return "–"
    if v == 0 or math.isinf(v):
        return "0" if v == 0 else "∞"
    decimals = digits - 1 - math.floor(math.log10(abs(v)))
    v = round(v, decimals)
    decimals = digits - 1 - math.floor(math.log10(abs(v)))  # 9.96 rounds to 10: one decimal fewer
    return f"{v:,.{max(0, decimals)}f}"


def ror_text(r) -> str:
    """A row's estimate, short enough for the forest's column: '7.5 (2.0–28) ✓' (✓: Evans' criteria met), or '–'."""
    if pd.isna(r.ror):  # a cell of the 2x2 table is 0
        return "–"
    return f"{ratio_number(r.ror)} ({ratio_number(r.ror_low)}–{ratio_number(r.ror_high)})" + (" ✓" if r.evans else "")


def ror_hover(r, event_label: str) -> str:
    ic = f"IC {r.ic:.2f} (IC025 {r.ic_low:.2f})"
    ror = "no ROR (a cell of the table is 0)" if pd.isna(r.ror) else f"ROR {ror_text(r)}"
    return f"{r.inn}: {plural(r.a, 'case')} with {event_label.lower()}; {ror}; {ic}"


FAERS_MEASURE_NAMES = {  # the FAERS forest plot's measures (sidefx.faers.panels.MEASURES), in words
    "ror": "reporting odds ratio",
    "adjusted": "reporting odds ratio adjusted for sex and age",
    "prr": "proportional reporting ratio",
}
FAERS_MEASURE_WORDS = {  # what the subtitle adds about the measure drawn
    "ror": "",
    "adjusted": " · adjusted for sex and age band (Mantel–Haenszel)",
    "prr": " · proportional reporting ratio",
}


def ratio_text(r) -> str:
    """A plotted row's estimate, short enough for the forest's column: '7.5 (2.0–28) ✓' (✓: Evans' criteria met), or
    '–' where the measure is undefined."""
    if pd.isna(r.value):
        return "–"
    return f"{ratio_number(r.value)} ({ratio_number(r.ci_low)}–{ratio_number(r.ci_high)})" + (" ✓" if r.evans else "")


def faers_reading(rows, measure: str = "ror") -> str:
    """One sentence reading the chart with its own top number."""
    defined = rows[rows.value.notna()]
    if defined.empty:
        return f"No drug here has enough reports on both sides for a {FAERS_MEASURE_NAMES[measure]}."
    top = defined.iloc[0]
    how = {
        "ror": "(in odds) as reports naming other drugs",
        "adjusted": "(in odds) as reports naming other drugs, comparing reports of the same sex and age band",
        "prr": "(as a share of their reports) as reports naming other drugs",
    }[measure]
    return (
        f"{top.inn}: {plural(int(top.a), 'case')} reported it; reports naming {top.inn} mention it "
        f"{ratio_number(top.value)} times as often {how}."
    )


def known_time(rows) -> str:
    """How often the time on the drug is known, beside every view that filters or splits by it."""
    if rows.empty:
        return ""
    lo, hi = rows.known_time_pct.min(), rows.known_time_pct.max()
    share = f"{lo:.0f}%" if round(lo) == round(hi) else f"{lo:.0f}–{hi:.0f}%"
    return f"Time on the drug is known for {share} of the cases naming each drug."


FAERS_METHOD = (  # the items the READUS-PV guidance asks a disproportionality analysis to report
    (
        "Data source and period",
        "the FDA Adverse Event Reporting System's quarterly data extract (ASCII), the quarters named in the source line.",
    ),
    (
        "Deduplication",
        "the latest version (caseversion) of each case (caseid) across the imported quarters, as the FDA advises; "
        "cases the FDA lists as deleted are dropped.",
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
        "with its gamma credibility interval, a signal when IC025 > 0. Fewer than 3 cases are shown but marked.",
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
    ("Limitations", FAERS_CAVEATS),
)


ASSUMED = "assumed (no published figure)"


def assumed_note(table) -> str:
    """On a synthetic chart, which of its numbers no published figure pins down (their differences are assumptions)."""
    if "checked_against" not in table or not len(table):
        return ""
    assumed = table[table.checked_against == ASSUMED]
    if assumed.empty:
        return ""
    name = (
        (assumed.grp.astype(str) + " · " + assumed.label.astype(str))
        if {"grp", "label"} <= set(assumed)
        else assumed.get("label", assumed.get("grp")).astype(str)
    )
    example = name.iloc[0]
    if len(assumed) == len(table):
        return "Synthetic survey: no published figure pins these numbers down; their differences are assumptions"
    return (
        f"Synthetic survey: {len(assumed)} of {plural(len(table), 'number')} have no published figure to match "
        f"(e.g. {example}); their differences are assumptions (see 'Checked against' in the numbers)"
    )


CI_NOTE = "Error bars: 95% Wilson confidence intervals"
SURVEY_ROW_CAVEAT = (
    "Synthetic: calibrated to published figures, some of them on this chart, so its agreement with them is "
    "by construction, not independent evidence."
)
SYNTHETIC_CAVEAT = (
    "SYNTHETIC DATA: these numbers come from a demo survey generated by this project and calibrated to "
    "published figures. They are not real respondents; do not cite them as findings."
)


_CLASS_ABBREVIATIONS = re.compile(r"\b(ssris?|snris?|tcas?|maois?|nassa|ndri|sari)\b", re.I)


def drug_words(text: str) -> str:
    """Drug and class names as people write them: 'venlafaxine (vs SSRI)', never 'vs ssri'."""
    return _CLASS_ABBREVIATIONS.sub(
        lambda m: (
            m.group(0)[:-1].upper() + "s"
            if m.group(0).lower().endswith("s") and len(m.group(0)) > 4
            else m.group(0).upper()
        ),
        text,
    )


def sentence_case(text: str) -> str:
    """The first letter up, the rest as written ('SSRI' stays 'SSRI'; str.capitalize would make it 'Ssri')."""
    return text[:1].upper() + text[1:]


def small_n() -> int:
    return settings.get("small_sample_n")


def small_sample_words() -> str:
    """What a small sample is and what it means, in the words every chart uses: 'fewer than 30 answered, unreliable'."""
    return f"fewer than {small_n()} answered, unreliable"


def small_sample_key() -> str:
    """The legend entry of hatched bars: it reads as a key, not as a label of every bar."""
    return f"Hatched: {small_sample_words()}"


def small_sample_sentence() -> str:
    """The sentence under charts and in their notes about small samples."""
    return f"Hatched bars: {small_sample_words()}."


def heatmap_note() -> str:
    return f"Cells: % reporting and n answering; *: {small_sample_words()}"


def sentences(*parts: str) -> str:
    """Sentences joined with one full stop each, whatever their own endings."""
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count before its noun, the noun in the number it takes: '1 case', '2 cases', '1,087 respondents'."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def answered_of_group(reported: int, answered: int, group_n: int, group: str) -> str:
    """A grouped bar's own count: '2 of 3 paroxetine respondents', and '(3 in the group)' when fewer answered."""
    if answered >= group_n:
        return f"{reported:,} of {plural(answered, f'{group} respondent')}"
    return f"{reported:,} of {plural(answered, f'{group} respondent')} who answered it ({group_n:,} in the group)"


def grouped_note(fewer: int) -> str:
    """What the legend's n is, and how many bars' questions fewer answered (their n is given where it differs)."""
    note = "Legend: each group's respondents"
    if fewer:
        one = fewer == 1
        was = "bar's question was" if one else "bars' questions were"
        its = "its" if one else "their"
        note += f"; {fewer:,} {was} answered by fewer than {its} group ({its} own n: on hover and in the numbers)"
    return note


def bars_note(has_small: bool) -> str:
    """What the marks of a bar chart with Wilson intervals mean; the hatch key only where hatched bars exist."""
    return sentences(CI_NOTE, small_sample_sentence() if has_small else "")


def source_line(source: str) -> str:
    return source if source.lower().startswith("source") else f"Source: {source}"


ASSUMED_HALF_LIFE = (
    "Synthetic survey: differences between drugs follow an assumed half-life model, "
    "not a published figure for each drug"
)
READING_CI = "The line across the bar shows where the true share probably lies (95% interval)."


def reading_example(df, count_col: str, n_col: str, verb: str) -> str:
    """How to read the chart, in plain words, with its first bar: '65%: 830 of 1,272 people said yes. ...'."""
    if df is None or not len(df):
        return ""
    top = df.iloc[0]
    return f"{top['pct']:.0f}%: {int(top[count_col]):,} of {plural(int(top[n_col]), 'person', 'people')} {verb}. {READING_CI}"


# ---- published studies ----------------------------------------------------------------
def subtitle(scope: str, n: int, unit: str = "respondents") -> str:
    """A survey chart's subtitle: what was selected, then its n ('Paroxetine · n = 1,272 respondents')."""
    return f"{sentence_case(scope)} · n = {n:,} {unit}"


def stopping_subtitle(scope: str, tried: int, answered: int) -> str:
    """A withdrawal chart's subtitle: who tried to stop, and how many of them answered the withdrawal question where
    some did not ('... · n = 191 who tried to stop · 185 answered the withdrawal question')."""
    text = subtitle(scope, tried, "who tried to stop")
    return text if answered == tried else f"{text} · {answered:,} answered the withdrawal question"


def first_author(authors: str) -> str:
    return str(authors).split(",")[0].split(" ")[0]


def estimate_text(value, lo, hi, measure) -> str:
    """'62.0% (58.1–65.8%)', '1.24 (1.10–1.40)', or '... (no CI reported)'."""
    unit = "%" if measure == "percent" else ""
    fmt = (lambda v: f"{v:.1f}{unit}") if measure == "percent" else (lambda v: f"{v:.2f}")
    ci = f" ({fmt(lo)}–{fmt(hi)})" if pd.notna(lo) and pd.notna(hi) else " (no CI reported)"
    return fmt(value) + ci


def row_label(r, subgroup_prefixes: tuple[str, ...]) -> str:
    """'Horowitz 2022 · double-blind RCTs, average rate of withdrawal in 3 trials · paroxetine': words, not keys."""
    bits = [f"{first_author(r.authors)} {r.year}"]
    if isinstance(r.row_label, str):
        bits.append(r.row_label)
    if r.drug and r.drug != "any antidepressant":
        bits.append(drug_words(r.drug))
    if isinstance(r.duration_band, str):
        bits.append(r.duration_band)
    pop = str(r.population or "")
    if pop.lower().startswith(subgroup_prefixes) and len(pop) < 40:
        bits.append(pop)
    return " · ".join(bits) + (" †" if isinstance(r.caveat, str) else "")


def citation(row, identifier: str) -> str:
    """'Authors (year). Title. Journal. doi:...' with the identifier already in words."""
    return f"{row.authors} ({row.year}). {row.title}. {row.journal}. {identifier}"


def forest_words(info, pub, rows, survey_scope: str, synthetic: bool, survey_source: str, identifiers: list[str]):
    """(title, subtitle, source, note) of a forest plot: the note describes only the marks drawn."""
    cites = "; ".join(sorted({f"{first_author(a)} {y}, {i}" for a, y, i in zip(pub.authors, pub.year, identifiers)}))
    kinds = set(rows.kind)
    interval = "95% credible interval" if info.name == "acceptability" else "95% CI"
    parts = [f"Squares: published estimates (bigger for larger n); lines: {interval} where the paper reports one"]
    if "n_own" in rows and (rows.kind.eq("estimate") & ~rows.n_own.fillna(True).astype(bool)).any():
        parts.append(  # side columns write '21,002*'; stacked rows (a journal column, a phone) '21,002, whole study'
            "open squares, n* or 'whole study': the paper gives no n for that estimate, so the whole study's n is shown"
        )
    if "pooled" in kinds:
        parts.append("diamonds: random-effects pooled estimates")
    if "survey" in kinds:
        parts.append(
            "open circle: this dashboard's survey"
            + (" (synthetic, calibrated to published figures)" if synthetic else "")
        )
    if pub.caveat.notna().any():
        parts.append("† read in news coverage, not the paper")
    studies, estimates = int(info.studies), int(info.estimates)
    subtitle = (
        f"{estimates} published {'estimate' if estimates == 1 else 'estimates'} "
        f"from {studies} {'study' if studies == 1 else 'studies'}"
    )
    source = f"Sources: {cites}"
    if "survey" in kinds:
        subtitle += f" · survey row: {survey_scope}"
        source += f" · Survey row: {survey_source}"
    # The Rows choice's own words; "published estimates and this dashboard's survey" would wrap on a 4:3 slide.
    shown = "studies and this dashboard's survey" if "survey" in kinds else "published estimates"
    return f"{info.topic_label}: {shown}", subtitle, source, "; ".join(parts)
