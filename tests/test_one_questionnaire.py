"""One questionnaire, exported by each survey tool exactly as the tool writes it, imports with the right numbers.

The twenty respondents below are the truth. Each tool's writer adds the rows that tool writes that are not responses
(a Qualtrics preview and an unfinished response, a REDCap incomplete record, a LimeSurvey response never submitted, a
SurveyMonkey respondent who answered nothing) and the tool's own columns. Each export is mapped with
--write-mapping; a person decides the lines left unsure (at most three, none about a tool's own column); the import
with --mapping must give the counts worked out by hand from the truth: 20 respondents, the respondents per drug, and
each side effect's share of those who answered the select-all question.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import NamedTuple

import pandas as pd
import pyreadstat
import pytest

from sidefx.filters import Filters
from sidefx.importer import command
from sidefx.serve import db, queries
from tests.test_import_page import uploads  # noqa: F401  (each test's uploads in a folder of its own)
from tests.test_limesurvey import _row, _section
from tests.test_redcap import DICTIONARY_HEADER

DRUG = "Which antidepressant are you taking now?"
LONG = "How long have you been taking it?"
SEX = "What is your sex?"
AGE = "What is your age in years?"
SIDE = "Which of these side effects have you had? Select all that apply."
STOP = "Have you tried to come off it?"
WD = "Did you have withdrawal symptoms when you tried to stop?"
SEV = "How severe were the withdrawal symptoms?"
LASTED = "How long did the withdrawal symptoms last?"
# The select-all question's choices, in the questionnaire's order: four catalogue effects, None of these and Other.
WEIGHT, NUMB, SUICIDAL = "Weight gain", "Feeling emotionally numb", "Suicidal thoughts"
SEXUAL = "Sexual problems (e.g., low libido)"  # a choice holding a comma
NONE, OTHER = "None of these", "Other"
CHOICES = [WEIGHT, NUMB, SEXUAL, SUICIDAL, NONE, OTHER]


class Person(NamedTuple):
    drug: str  # as they wrote it
    long: str
    sex: str
    age: int
    ticked: tuple[str, ...]  # of CHOICES; () skipped the question
    other: str  # what they wrote beside "Other"
    stop: str  # tried to come off it: Yes / No
    withdrawal: str  # Yes / No, blank when they did not try
    severity: str  # Mild / Moderate / Severe, blank without withdrawal
    lasted: str


P = Person
TRUTH = [
    P("Sertraline 50mg", "2 years", "Female", 34, (WEIGHT, NUMB), "", "Yes", "Yes", "Moderate", "3 weeks"),
    P("Escitalopram (Lexapro)", "18 months", "Male", 51, (NONE,), "", "No", "", "", ""),
    P("Effexor XR (venlafaxine)", "2 yrs 8 mths", "Female", 27, (SEXUAL,), "", "Yes", "No", "", ""),
    P("Prozac", "6 months", "Female", 45, (), "", "No", "", "", ""),  # skipped the side effects
    P("sertraline", "3 years", "Male", 39, (NUMB, SUICIDAL), "", "Yes", "Yes", "Severe", "2 months"),
    P("Citalopram 20 mg", "1 year", "Female", 62, (WEIGHT,), "", "No", "", "", ""),
    P("Zoloft", "about 4 months", "Male", 29, (OTHER,), "Vivid dreams", "Yes", "Yes", "Mild", "10 days"),
    P("Fluoxetine 20mg", "5 yrs", "Female", 41, (WEIGHT, NUMB, SEXUAL), "", "No", "", "", ""),
    P("Mirtazapine 15mg", "10 months", "Female", 56, (NONE,), "", "No", "", "", ""),
    P("Lexapro", "2.5 years", "Male", 23, (NUMB,), "", "Yes", "Yes", "Moderate", "6 weeks"),
    P("Venlafaxine XL 75mg", "4 years", "Female", 48, (WEIGHT, OTHER), "Vivid dreams", "No", "", "", ""),
    P("Sertraline 100 mg", "8 months", "Female", 31, (NUMB, SEXUAL), "", "Yes", "No", "", ""),
    P("Cipralex", "2 years", "Male", 36, (), "", "No", "", "", ""),  # skipped the side effects
    P("Duloxetine (Cymbalta)", "14 months", "Female", 44, (SUICIDAL,), "", "Yes", "Yes", "Severe", "3 months"),
    P("Citalopram", "7 months", "Male", 58, (WEIGHT,), "", "No", "", "", ""),
    P("Sertraline hydrochloride", "3 years", "Female", 26, (NONE,), "", "No", "", "", ""),
    P("Prozac 20mg", "1 year", "Female", 33, (NUMB, SEXUAL), "", "Yes", "Yes", "Mild", "2 weeks"),
    P("Escitalopram 10mg", "9 months", "Male", 47, (WEIGHT, NUMB, SUICIDAL), "", "No", "", "", ""),
    P("Amitriptyline 25mg", "6 years", "Female", 65, (OTHER,), "Hair loss", "No", "", "", ""),
    P("Mirtazapine", "5 months", "Male", 38, (NUMB,), "", "Yes", "No", "", ""),
]
# Worked out by hand from the rows above. Sertraline 1, 5, 7, 12, 16; escitalopram 2, 10, 13, 18; fluoxetine 4, 8,
# 17; venlafaxine 3, 11; citalopram 6, 15; mirtazapine 9, 20; duloxetine 14; amitriptyline 19.
RESPONDENTS = 20
DRUGS = {
    "sertraline": 5,
    "escitalopram": 4,
    "fluoxetine": 3,
    "venlafaxine": 2,
    "citalopram": 2,
    "mirtazapine": 2,
    "duloxetine": 1,
    "amitriptyline": 1,
}
# 18 answered the select-all question (4 and 13 skipped it): weight gain 1, 6, 8, 11, 15, 18; numb 1, 5, 8, 10, 12,
# 17, 18, 20; sexual 3, 8, 12, 17; suicidal 5, 14, 18.
SHARES = {"weight_gain": (6, 18), "emotional_numbing": (8, 18), "sexual_dysfunction": (4, 18), "suicidality": (3, 18)}
# Tried to stop: 1, 3, 5, 7, 10, 12, 14, 17, 20; withdrawal 1, 5, 7, 10, 14, 17, severe 5 and 14.
STOPPING = {"tried": 9, "withdrawal": 6, "severe": 2}


def test_the_hand_counts_are_the_truths():
    """The numbers above, counted again from the rows (a slip in the hand count is caught here)."""
    from sidefx import drugnames

    assert len(TRUTH) == RESPONDENTS and Counter(drugnames.resolve(p.drug) for p in TRUTH) == DRUGS
    answered = [p for p in TRUTH if p.ticked]
    effect = {"weight_gain": WEIGHT, "emotional_numbing": NUMB, "sexual_dysfunction": SEXUAL, "suicidality": SUICIDAL}
    assert {e: (sum(c in p.ticked for p in answered), len(answered)) for e, c in effect.items()} == SHARES
    tried = [p for p in TRUTH if p.stop == "Yes"]
    assert (len(tried), sum(p.withdrawal == "Yes" for p in tried), sum(p.severity == "Severe" for p in TRUTH)) == (
        STOPPING["tried"],
        STOPPING["withdrawal"],
        STOPPING["severe"],
    )


def write_csv(path, rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


class Export(NamedTuple):
    file: object  # the export
    dictionary: object  # the REDCap data dictionary or LimeSurvey structure file, or None
    own: frozenset  # the tool's own columns, as the mapping names them


# --- Qualtrics: 3 header rows, the select-all question in one cell joined by "," ------------------------------------

Q_OWN = [
    ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Europe/London"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "Europe/London"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("IPAddress", "IP Address", {"ImportId": "ipAddress"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "Europe/London"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("RecipientLastName", "Recipient Last Name", {"ImportId": "recipientLastName"}),
    ("RecipientFirstName", "Recipient First Name", {"ImportId": "recipientFirstName"}),
    ("RecipientEmail", "Recipient Email", {"ImportId": "recipientEmail"}),
    ("ExternalReference", "External Data Reference", {"ImportId": "externalDataReference"}),
    ("LocationLatitude", "Location Latitude", {"ImportId": "locationLatitude"}),
    ("LocationLongitude", "Location Longitude", {"ImportId": "locationLongitude"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
]
Q_QUESTIONS = [
    ("Q1", DRUG, {"ImportId": "QID1_TEXT"}),
    ("Q2", LONG, {"ImportId": "QID2_TEXT"}),
    ("Q3", SEX, {"ImportId": "QID3"}),
    ("Q4", AGE, {"ImportId": "QID4_TEXT"}),
    ("Q5", f"{SIDE} - Selected Choice", {"ImportId": "QID5"}),
    ("Q5_6_TEXT", f"{SIDE} - Other - Text", {"ImportId": "QID5_6_TEXT"}),
    ("Q6", STOP, {"ImportId": "QID6"}),
    ("Q7", WD, {"ImportId": "QID7"}),
    ("Q8", SEV, {"ImportId": "QID8"}),
    ("Q9", LASTED, {"ImportId": "QID9_TEXT"}),
]
Q_IDS = [
    "R_3kFvX9aBcD1e2F3", "R_1OpQrStUvWxYz12", "R_2aBcDeFgHiJkLmN", "R_3ZyXwVuTsRqPoNm", "R_5QwErTyUiOpAsDf",
    "R_2PvWxYz0AbCdEfG", "R_6UnFiNiShEd1234", "R_1a2B3c4D5e6F7g8", "R_9zY8xW7vU6tS5rQ", "R_4mN5bV6cX7zL8kJ",
    "R_7hG6fD5sA4pO3iU", "R_8yT7rE6wQ5aS4dF", "R_0gH1jK2lZ3xC4vB", "R_5nM6qW7eR8tY9uI", "R_2oP3aS4dF5gH6jK",
    "R_6lZ7xC8vB9nM0qW", "R_3eR4tY5uI6oP7aS", "R_9dF0gH1jK2lZ3xC", "R_1vB2nM3qW4eR5tY", "R_4uI5oP6aS7dF8gH",
]  # fmt: skip
Q_PREVIEW, Q_UNFINISHED = "R_2xPrEvIeW0aBcDe", "R_7uNfInIsHeD9zYx"


def _qualtrics_answers(p: Person) -> list[str]:
    cell = ",".join(c for c in CHOICES if c in p.ticked)  # Qualtrics' default: the choices joined by ","
    return [p.drug, p.long, p.sex, str(p.age), cell, p.other, p.stop, p.withdrawal, p.severity, p.lasted]


def write_qualtrics(folder) -> Export:
    columns = Q_OWN + Q_QUESTIONS
    header = [[c[0] for c in columns], [c[1] for c in columns]]
    header.append([json.dumps(c[2], separators=(",", ":")) for c in columns])
    people = [(rid, "IP Address", "True", "100", _qualtrics_answers(p)) for rid, p in zip(Q_IDS, TRUTH)]
    people.insert(3, (Q_PREVIEW, "Survey Preview", "True", "100", _qualtrics_answers(TRUTH[0])))
    people.insert(9, (Q_UNFINISHED, "IP Address", "False", "30", ["Sertraline", "1 year"] + [""] * 8))
    rows = []
    for i, (rid, status, finished, progress, answers) in enumerate(people):
        when = f"2026-03-{i % 28 + 1:02d} 10:{i:02d}:00"
        own = [when, when, status, f"203.0.113.{i + 9}", progress, str(420 + 61 * i), finished, when, rid]
        rows.append([*own, "", "", "", "", "51.5072", "-0.1276", "anonymous", "EN", *answers])
    path = write_csv(folder / "Antidepressant_side_effects_March+2026_Qualtrics.csv", header + rows, "utf-8-sig")
    return Export(path, None, frozenset(c[0] for c in Q_OWN) - {"ResponseId"})


# --- SurveyMonkey: the expanded XLSX, 2 header rows, one column per option ---------------------------------------

M_OWN = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name"]
M_OWN += ["Last Name", "Custom Data 1"]
M_OPTIONS = [WEIGHT, NUMB, SEXUAL, SUICIDAL, NONE, "Other (please specify)"]


def write_monkey(folder) -> Export:
    header = [*M_OWN, DRUG, LONG, SEX, AGE, SIDE, *[""] * 5, STOP, WD, SEV, LASTED]
    sub = [""] * len(M_OWN) + ["Open-Ended Response", "Open-Ended Response", "Response", "Open-Ended Response"]
    sub += [*M_OPTIONS, "Response", "Response", "Response", "Open-Ended Response"]
    rows = []
    for i, p in enumerate([*TRUTH[:12], None, *TRUTH[12:]]):  # the 13th opened the survey and answered nothing
        when = f"03/{i % 28 + 1:02d}/2026 10:{i:02d}:11 AM"
        own = [114236518932 + 97 * i, 431877201, when, when, f"198.51.100.{i + 4}", "", "", "", ""]
        if p is None:
            rows.append([*own, *[""] * 14])
            continue
        ticks = [c if c in p.ticked else "" for c in CHOICES[:5]] + [p.other]
        answers = [p.drug, p.long, p.sex, p.age, *ticks, p.stop, p.withdrawal, p.severity, p.lasted]
        rows.append([*own, *answers])
    path = folder / "Antidepressant side effects (March 2026).xlsx"
    pd.DataFrame([header, sub, *rows]).to_excel(path, header=False, index=False, sheet_name="Sheet")
    return Export(path, None, frozenset(M_OWN) - {"Respondent ID"})


# --- REDCap: the raw export with its data dictionary, and the labels export ----------------------------------------

R_FIELDS = [  # name, type, label, choices, validation
    ("record_id", "text", "Record ID", "", ""),
    ("drug_name", "text", f"<p>{DRUG}</p>", "", ""),
    ("duration", "text", LONG, "", ""),
    ("sex", "radio", SEX, "1, Female | 2, Male", ""),
    ("age", "text", AGE, "", "integer"),
    ("sidefx", "checkbox", SIDE, " | ".join(f"{i}, {c}" for i, c in enumerate(CHOICES, 1)), ""),
    ("tried_stop", "yesno", STOP, "", ""),
    ("withdrawal", "yesno", WD, "", ""),
    ("wd_severity", "radio", SEV, "1, Mild | 2, Moderate | 3, Severe", ""),
    ("wd_lasted", "text", LASTED, "", ""),
]
R_FORM = "side_effects_survey"
R_OWN = ["record_id", "redcap_survey_identifier", f"{R_FORM}_timestamp"]
R_IDS = [f"{100 + i // 10 + 1}-{i % 10 + 1}" for i in range(len(TRUTH) + 1)]  # 101-1 ... 103-1
R_CODES = {"Female": "1", "Male": "2", "Yes": "1", "No": "0", "Mild": "1", "Moderate": "2", "Severe": "3", "": ""}


def _redcap_people():
    """(record, person, complete): the 8th record is incomplete (answered the drug only)."""
    people = [(r, p, True) for r, p in zip(R_IDS, TRUTH)]
    people.insert(7, (R_IDS[-1], Person("Sertraline", "", "", 0, (), "", "", "", "", ""), False))
    return people


def write_redcap_raw(folder) -> Export:
    boxes = [f"sidefx___{i}" for i in range(1, len(CHOICES) + 1)]
    header = [*R_OWN, "drug_name", "duration", "sex", "age", *boxes, "tried_stop", "withdrawal", "wd_severity"]
    header += ["wd_lasted", f"{R_FORM}_complete"]
    rows = []
    for i, (rid, p, complete) in enumerate(_redcap_people()):
        when = f"2026-03-{i % 28 + 1:02d} 09:{i:02d}:55" if complete else "[not completed]"
        ticks = ["1" if c in p.ticked else "0" for c in CHOICES]
        codes = [R_CODES[v] for v in (p.stop, p.withdrawal, p.severity)]
        age = str(p.age) if p.age else ""
        rows.append([rid, "", when, p.drug, p.long, R_CODES[p.sex], age, *ticks, *codes, p.lasted])
        rows[-1].append("2" if complete else "0")
    data = write_csv(folder / "SideEffects_DATA_2026-03-30_1405.csv", [header, *rows])
    dictionary = [DICTIONARY_HEADER]
    for name, kind, label, choices, validation in R_FIELDS:
        dictionary.append([name, R_FORM, "", kind, label, choices, "", validation] + [""] * 10)
    book = write_csv(folder / "SideEffects_DataDictionary_2026-03-30.csv", dictionary)
    return Export(data, book, frozenset(R_OWN + [f"{R_FORM}_complete"]) - {"record_id"})


def write_redcap_labels(folder) -> Export:
    """REDCap's 'CSV (labels)' export: each column named by its field label, answers as their labels."""
    own = ["Record ID", "Survey Identifier", "Survey Timestamp"]
    boxes = [f"{SIDE} (choice={c})" for c in CHOICES]
    header = [*own, DRUG, LONG, SEX, AGE, *boxes, STOP, WD, SEV, LASTED, "Complete?"]
    rows = []
    for i, (rid, p, complete) in enumerate(_redcap_people()):
        when = f"2026-03-{i % 28 + 1:02d} 09:{i:02d}:55" if complete else "[not completed]"
        ticks = ["Checked" if c in p.ticked else "Unchecked" for c in CHOICES]
        age = str(p.age) if p.age else ""
        rows.append([rid, "", when, p.drug, p.long, p.sex, age, *ticks, p.stop, p.withdrawal, p.severity, p.lasted])
        rows[-1].append("Complete" if complete else "Incomplete")
    path = write_csv(folder / "SideEffects_DATA_LABELS_2026-03-30_1405.csv", [header, *rows], "utf-8-sig")
    return Export(path, None, frozenset(own + ["Complete?"]) - {"Record ID"})


# --- Google Forms: Timestamp first, the select-all question joined by ", " (Other as what was written) ----------


def write_google(folder) -> Export:
    header = ["Timestamp", "Email Address", DRUG, LONG, SEX, AGE, SIDE, STOP, WD, SEV, LASTED]
    rows = []
    for i, p in enumerate(TRUTH):
        cell = ", ".join(p.other if c == OTHER else c for c in CHOICES if c in p.ticked)
        when = f"3/{i % 28 + 1}/2026 {9 + i % 12}:{i:02d}:03"
        answers = [p.drug, p.long, p.sex, p.age, cell, p.stop, p.withdrawal, p.severity, p.lasted]
        rows.append([when, f"respondent{i + 1}@mail.example", *answers])
    path = write_csv(folder / "Antidepressant side effects (Responses) - Form responses 1.csv", [header, *rows])
    return Export(path, None, frozenset(["Timestamp", "Email Address"]))


# --- LimeSurvey: the code export (answer codes, Y or blank), read through its .lss structure file ----------------

L_OWN = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
L_SID, L_GID = "364912", "12"
L_QUESTIONS = [  # code, type, text, answers
    ("G01Q01", "S", DRUG, {}),
    ("G01Q02", "S", LONG, {}),
    ("G01Q03", "L", SEX, {"A1": "Female", "A2": "Male"}),
    ("G01Q04", "N", AGE, {}),
    ("G01Q05", "M", SIDE, {}),
    ("G01Q06", "Y", STOP, {}),
    ("G01Q07", "Y", WD, {}),
    ("G01Q08", "L", SEV, {"A1": "Mild", "A2": "Moderate", "A3": "Severe"}),
    ("G01Q09", "S", LASTED, {}),
]
L_SUB = {f"SQ00{i}": c for i, c in enumerate(CHOICES[:5], 1)}  # Other is the question's own [other] column


def lss() -> str:
    """The survey's structure file as LimeSurvey 6 writes it (texts in question_l10ns and answer_l10ns)."""
    questions, subquestions, answers, texts, answer_texts = [], [], [], [], []
    for n, (code, kind, text, options) in enumerate(L_QUESTIONS, 1):
        qid = str(100 + n)
        other = "Y" if kind == "M" else "N"
        questions.append(_row(qid=qid, parent_qid="0", sid=L_SID, gid=L_GID, type=kind, title=code, other=other))
        texts.append(_row(id=f"{qid}en", qid=qid, question=f"<p>{text}</p>", help="", language="en"))
        for i, (acode, answer) in enumerate(options.items()):
            aid = f"{qid}{i}"
            answers.append(_row(aid=aid, qid=qid, code=acode, sortorder=str(i), assessment_value="0", scale_id="0"))
            answer_texts.append(_row(id=f"{aid}en", aid=aid, answer=answer, language="en"))
    for i, (code, text) in enumerate(L_SUB.items()):
        qid = str(200 + i)
        subquestions.append(_row(qid=qid, parent_qid="105", sid=L_SID, gid=L_GID, type="T", title=code))
        texts.append(_row(id=f"{qid}en", qid=qid, question=text, help="", language="en"))
    survey = _row(sid=L_SID, admin="Clinic", language="en", additional_languages="", active="Y")
    body = _section("answers", answers) + _section("answer_l10ns", answer_texts) + _section("questions", questions)
    body += _section("subquestions", subquestions) + _section("question_l10ns", texts) + _section("surveys", [survey])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n'
        " <DBVersion>623</DBVersion>\n <languages>\n  <language>en</language>\n </languages>\n"
        f"{body}</document>\n"
    )


def write_limesurvey(folder) -> Export:
    choices = [f"G01Q05[{code}]" for code in L_SUB] + ["G01Q05[other]"]
    header = [*L_OWN, "G01Q01", "G01Q02", "G01Q03", "G01Q04", *choices, "G01Q06", "G01Q07", "G01Q08", "G01Q09"]
    sex, yes, level = {"Female": "A1", "Male": "A2"}, {"Yes": "Y", "No": "N", "": ""}, {"": ""}
    level |= {"Mild": "A1", "Moderate": "A2", "Severe": "A3"}
    people = [(p, True) for p in TRUTH]
    people.insert(5, (Person("Citalopram", "", "Female", 0, (), "", "", "", "", ""), False))  # never submitted
    rows = []
    for i, (p, done) in enumerate(people, 1):
        stamp = f"2026-03-{i % 28 + 1:02d} 11:{i:02d}:07"
        own = [str(i), stamp if done else "", "3" if done else "1", "en", str(1204563871 + 7919 * i), stamp, stamp]
        ticks = ["Y" if c in p.ticked else "" for c in L_SUB.values()] + [p.other]
        answers = [p.drug, p.long, sex[p.sex], str(p.age) if p.age else "", *ticks]
        rows.append([*own, *answers, yes[p.stop], yes[p.withdrawal], level[p.severity], p.lasted])
    data = write_csv(folder / f"results-survey{L_SID}.csv", [header, *rows])
    structure = folder / f"limesurvey_survey_{L_SID}.lss"
    structure.write_text(lss(), encoding="utf-8")
    return Export(data, structure, frozenset(L_OWN) - {"id"})


# --- SPSS: Qualtrics' .sav, coded answers with value labels, the question text as each variable's label -----------

S_YES = {1.0: "Yes", 2.0: "No"}


def write_spss(folder) -> Export:
    """Qualtrics' SPSS export: its own variables, then Q1-Q9; Q5_1 ... Q5_6 are 1 where ticked, missing where not."""
    people = [(rid, 0.0, 1.0, p) for rid, p in zip(Q_IDS, TRUTH)]
    people.insert(3, (Q_PREVIEW, 1.0, 1.0, TRUTH[0]))
    people.insert(9, (Q_UNFINISHED, 0.0, 0.0, Person("Sertraline", "1 year", "", 0, (), "", "", "", "", "")))
    codes = {"Female": 1.0, "Male": 2.0, "Yes": 1.0, "No": 2.0, "Mild": 1.0, "Moderate": 2.0, "Severe": 3.0}
    rows = []
    for i, (rid, status, finished, p) in enumerate(people):
        own = {"StartDate": f"2026-03-{i % 28 + 1:02d} 10:{i:02d}:00", "Status": status, "Progress": 100.0}
        own |= {"Duration__in_seconds_": 420.0 + 61 * i, "Finished": finished, "ResponseId": rid}
        own |= {"UserLanguage": "EN"}
        ticks = {f"Q5_{k}": (1.0 if c in p.ticked else None) for k, c in enumerate(CHOICES, 1)}
        coded = {q: codes.get(v) for q, v in (("Q3", p.sex), ("Q6", p.stop), ("Q7", p.withdrawal), ("Q8", p.severity))}
        rows.append(
            own
            | {"Q1": p.drug, "Q2": p.long, "Q3": coded["Q3"], "Q4": float(p.age) if p.age else None}
            | ticks
            | {"Q5_6_TEXT": p.other, "Q6": coded["Q6"], "Q7": coded["Q7"], "Q8": coded["Q8"], "Q9": p.lasted}
        )
    frame = pd.DataFrame(rows)
    labels = {"StartDate": "Start Date", "Status": "Response Type", "Progress": "Progress"}
    labels |= {"Duration__in_seconds_": "Duration (in seconds)", "Finished": "Finished", "ResponseId": "Response ID"}
    labels |= {"UserLanguage": "User Language", "Q1": DRUG, "Q2": LONG, "Q3": SEX, "Q4": AGE}
    labels |= {f"Q5_{k}": f"{SIDE} - Selected Choice - {c}" for k, c in enumerate(CHOICES, 1)}
    labels |= {"Q5_6_TEXT": f"{SIDE} - Other - Text", "Q6": STOP, "Q7": WD, "Q8": SEV, "Q9": LASTED}
    values = {"Status": {0.0: "IP Address", 1.0: "Survey Preview"}, "Finished": {0.0: "False", 1.0: "True"}}
    values |= {"Q3": {1.0: "Female", 2.0: "Male"}, "Q6": S_YES, "Q7": S_YES, "Q8": {1.0: "Mild", 2.0: "Moderate"}}
    values["Q8"][3.0] = "Severe"
    values |= {f"Q5_{k}": {1.0: c} for k, c in enumerate(CHOICES, 1)}
    path = folder / "Antidepressant_side_effects_March+2026.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=values)
    return Export(
        path,
        None,
        frozenset(["StartDate", "Status", "Progress", "Duration (in seconds)", "Finished", "UserLanguage"]),
    )


WRITERS = {
    "Qualtrics": write_qualtrics,
    "SurveyMonkey": write_monkey,
    "REDCap raw": write_redcap_raw,
    "REDCap labels": write_redcap_labels,
    "Google Forms": write_google,
    "LimeSurvey": write_limesurvey,
    "SPSS": write_spss,
}

# --- the mapping as a person decides it, and the import ----------------------------------------------------------

# What a person who knows the questionnaire says a line is, by its key in the mapping file (a column, or a choice).
RIGHT = {
    DRUG: '{ role = "drug" }',
    LONG: '{ role = "duration" }',
    SEX: '{ role = "sex" }',
    AGE: '{ role = "age" }',
    STOP: '{ role = "tried_to_stop" }',
    WD: '{ effect = "withdrawal_effects" }',
    SEV: '{ role = "withdrawal_severity" }',
    LASTED: '{ role = "withdrawal_duration" }',
    WEIGHT: '{ effect = "weight_gain" }',
    NUMB: '{ effect = "emotional_numbing" }',
    SEXUAL: '{ effect = "sexual_dysfunction" }',
    SUICIDAL: '{ effect = "suicidality" }',
    NONE: "{ none = true }",
    OTHER: "{ other = true }",
    "Vivid dreams": "{ other = true }",  # what was written for Other, where the tool writes it in the cell
    "Hair loss": "{ other = true }",
}
# The decisions each export leaves to a person (the lines of its mapping file marked unsure). Google Forms writes what
# was typed beside "Other" in the answer's cell, among the ticked choices: each such text is a choice to decide.
DECISIONS = {"Google Forms": ["Vivid dreams", "Hair loss"]}
UNSURE = re.compile(r'^("(?:[^"\\]|\\.)*") = \{ unsure = ', re.M)


def unsure_keys(text: str) -> list[str]:
    """The keys (columns and select-all choices) of the mapping file's lines marked unsure: a person's decisions."""
    return [json.loads(k) for k in UNSURE.findall(text)]


def the_right(key: str) -> str:
    """What the line of ``key`` should say: by the question or choice it names (a choice column ends with it)."""
    for known in sorted(RIGHT, key=len, reverse=True):
        if key == known or key.endswith(f" - {known}") or key.endswith(f"(choice={known})"):
            return RIGHT[known]
    raise AssertionError(f"no decision known for {key!r}")


def decide(text: str, keys: list[str]) -> str:
    for key in keys:
        text, n = re.subn(
            rf"^{re.escape(json.dumps(key))} = .*$", f"{json.dumps(key)} = {the_right(key)}", text, flags=re.M
        )
        assert n == 1, key
    return text


def cli(args: list, capsys) -> str:
    code = command.main([str(a) for a in args])
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out


def dashboard_shares(out, monkeypatch) -> dict[str, tuple[int, int]]:
    """Each side effect's (reported, respondents), as the dashboard's prevalence query counts it."""
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(out))
    db.reset()
    try:
        got = queries.run("prevalence_by_effect", **Filters().to_params(), effects=list(SHARES))
        return {r.effect: (int(r.reported), int(r.respondents)) for r in got.itertuples()}
    finally:
        db.reset()


def assert_the_truth(out, monkeypatch) -> None:
    respondents = pd.read_parquet(out / "respondents.parquet")
    assert len(respondents) == RESPONDENTS
    assert dict(Counter(respondents.drug)) == DRUGS
    assert dashboard_shares(out, monkeypatch) == SHARES
    withdrawal = pd.read_parquet(out / "withdrawal.parquet")
    assert (len(withdrawal), int(withdrawal.had_withdrawal.sum()), int((withdrawal.severity == "severe").sum())) == (
        STOPPING["tried"],
        STOPPING["withdrawal"],
        STOPPING["severe"],
    )


@pytest.mark.parametrize("tool", list(WRITERS))
def test_one_questionnaire_imports_through_the_command_line(tool, tmp_path, capsys, monkeypatch):
    export = WRITERS[tool](tmp_path)
    more = ["--dictionary", export.dictionary] if export.dictionary else []
    toml, out = tmp_path / "mapping.toml", tmp_path / "out"
    cli([export.file, "--name", "Side effects 2026", *more, "--write-mapping", toml], capsys)
    text = toml.read_text()
    keys = unsure_keys(text)
    assert keys == DECISIONS.get(tool, []) and len(keys) <= 3, keys
    assert not set(keys) & export.own, keys  # no decision about a tool's own column: each is left out
    assert [c for c in export.own if f"{json.dumps(c)} = {{ ignore = true }}" not in text] == []
    toml.write_text(decide(text, keys))
    cli([export.file, "--name", "Side effects 2026", *more, "--mapping", toml, "--out", out], capsys)
    assert_the_truth(out, monkeypatch)


# --- the same through the Import page ----------------------------------------------------------------------------

PAGE_TOOLS = list(WRITERS)  # every tool, through the page as through the command line


def page_option(value: str) -> str:
    """A mapping file's decision as the Import page's option for it."""
    kind, _, what = value.strip("{} ").partition(" = ")
    return {"role": f"role:{json.loads(what)}", "effect": f"effect:{json.loads(what)}"}.get(kind, kind)


@pytest.mark.parametrize("tool", PAGE_TOOLS)
def test_one_questionnaire_imports_through_the_import_page(tool, tmp_path, monkeypatch):
    from pathlib import Path

    from sidefx.ui import keys as ui_keys
    from tests.test_import_page import give, import_page, no_traceback, press_import, said

    folder = tmp_path / "export"
    folder.mkdir()
    export = WRITERS[tool](folder)
    at = import_page()
    if export.dictionary:
        book = export.dictionary
        at.file_uploader(key="import_dictionary").set_value((book.name, book.read_bytes(), "text/csv"))
    at = give(at, export.file.name, export.file.read_bytes())
    no_traceback(at)
    boxes = [s for s in at.selectbox if s.label.startswith(("Use of column ", "Choice "))]
    undecided = [s for s in boxes if s.value == "undecided"]
    keys = [s.label.removeprefix("Use of column ").removeprefix("Choice ").split(f" of {SIDE}")[0] for s in undecided]
    assert keys == DECISIONS.get(tool, []), keys  # the same decisions as the mapping file's
    assert not [s for s in boxes if s.label.removeprefix("Use of column ") in export.own and s.value != "ignore"]
    for box, key in zip(undecided, keys):
        box.set_value(page_option(the_right(key)))
    at = press_import(at.run())
    no_traceback(at)
    assert not at.error, said(at, "error")
    assert f": {RESPONDENTS} respondents" in said(at, "success")
    assert_the_truth(Path(at.session_state[ui_keys.UPLOAD].location), monkeypatch)  # the upload as the pages read it
