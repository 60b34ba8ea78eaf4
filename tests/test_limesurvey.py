"""A LimeSurvey response export read with the survey's structure file (--dictionary survey.lss), both written as
LimeSurvey writes them: the .lss in the layout of LimeSurvey 3 (each text in its row, with the row's language) and of
LimeSurvey 5 and 6 (texts in question_l10ns and answer_l10ns), and the responses exported with question codes as
headings and answer codes as answers. The counts are worked out by hand from the rows below."""

from __future__ import annotations

import pandas as pd
import pytest

from sidefx.importer import dictionary, limesurvey, reading
from tests.test_import_selectall import decide, said_of, shares, write_csv
from tests.test_importer import NOT_WORDS
from tests.test_tools import imported, numbness, run

SID, GID = "364912", "12"
DRUG_Q = "<p>Which <strong>antidepressant</strong> are you taking?</p>"
SIDE_Q = "Which of these side effects have you had?<br />Select all that apply."
QUESTIONS = [  # qid, type, code, text (English), text (German), answers {code: (English, German)}
    ("101", "L", "G01Q01", DRUG_Q, "<p>Welches Antidepressivum nehmen Sie?</p>", {
        "A1": ("Sertraline 50 mg", "Sertralin 50 mg"),
        "A2": ("Fluoxetine 20 mg (as hydrochloride)", "Fluoxetin 20 mg"),
        "A3": ("Citalopram hydrobromide 20 mg", "Citalopram 20 mg"),
        "A4": ("Escitalopram 10 mg (as oxalate)", "Escitalopram 10 mg"),
    }),
    ("102", "S", "G01Q02", "How long have you been taking it?", "Wie lange nehmen Sie es schon?", {}),
    ("103", "!", "G01Q03", "What is your gender?", "Was ist Ihr Geschlecht?", {
        "A1": ("Female", "Weiblich"), "A2": ("Male", "Männlich"), "A3": ("Non-binary", "Nicht-binär"),
    }),
    ("104", "N", "G01Q04", "What is your age in years?", "Wie alt sind Sie?", {}),
    ("105", "M", "G01Q05", SIDE_Q, "Welche Nebenwirkungen hatten Sie?", {}),
    ("106", "Y", "G01Q06", "Have you tried to come off it?", "Haben Sie versucht, es abzusetzen?", {}),
    ("107", "5", "G01Q07", "How satisfied are you with what you were told about it?", "Wie zufrieden sind Sie?", {}),
    ("108", "T", "G01Q08", "Is there anything else you would like to tell us?", "Möchten Sie uns noch etwas sagen?", {}),
]  # fmt: skip
SUBQUESTIONS = [  # qid, code, English, German (of the multiple-choice question G01Q05)
    ("201", "SQ001", "Weight gain", "Gewichtszunahme"),
    ("202", "SQ002", "Feeling <em>emotionally numb</em>", "Emotional taub"),
    ("203", "SQ003", "Suicidal feelings", "Suizidgedanken"),
    ("204", "SQ004", "None of these", "Nichts davon"),
]
OWN = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
ELSE = "I was never told it could be hard to stop, and nobody at the surgery seemed to know either."
RESPONSES = [  # id, submitted, drug, how long, gender, age, ticked, other, tried to stop, satisfied, anything else
    ("1", True, "A1", "2 years", "A1", "34", {"SQ001", "SQ002"}, "", "Y", "4", ""),
    ("2", True, "A2", "8 months", "A2", "51", {"SQ004"}, "", "N", "5", ""),
    ("3", True, "A3", "18 months", "A1", "27", set(), "", "N", "3", ELSE),  # skipped the side effects: missing
    ("4", True, "A1", "3 years", "A3", "45", {"SQ002", "SQ003"}, "", "Y", "2", ELSE),
    ("5", True, "A4", "6 months", "A1", "39", {"SQ001"}, "", "N", "4", ""),
    ("6", False, "A2", "", "A1", "", {"SQ001"}, "", "", "", ""),  # never submitted: left out
    ("7", True, "A4", "1 year", "A2", "62", set(), "Vivid dreams", "Y", "1", ELSE),  # other only: answered
    ("8", True, "A1", "4 years", "A1", "29", {"SQ002"}, "", "N", "5", ""),
]
# Submitted: 1, 2, 3, 4, 5, 7, 8. Answered the side effects: 1, 2, 4, 5, 7, 8 (6); weight gain 1, 5; numb 1, 4, 8;
# suicidal 4. Sertraline 1, 4, 8; fluoxetine 2; citalopram 3; escitalopram 5, 7.
EXPECTED_DRUGS = {"sertraline": 3, "fluoxetine": 1, "citalopram": 1, "escitalopram": 2}
EXPECTED_SHARES = {"weight_gain": (2, 6), "emotional_numbing": (3, 6), "suicidality": (1, 6)}


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def _row(**cells) -> str:
    return "<row>" + "".join(f"<{k}>{_cdata(v)}</{k}>" for k, v in cells.items()) + "</row>"


def _section(name: str, rows: list[str]) -> str:
    return f" <{name}>\n  <rows>\n   " + "\n   ".join(rows) + f"\n  </rows>\n </{name}>\n"


def _question(qid: str, kind: str, code: str, parent: str = "0", **more) -> dict[str, str]:
    return dict(qid=qid, parent_qid=parent, sid=SID, gid=GID, type=kind, title=code, **more)


def lss(version: int) -> str:
    """The survey's structure file as LimeSurvey ``version`` (3, or 6) writes it, in English and German."""
    l10n = version >= 5
    questions, subquestions, answers, question_texts, answer_texts = [], [], [], [], []
    for qid, kind, code, en, de, options in QUESTIONS:
        other = "Y" if code == "G01Q05" else "N"
        for lang, text in (("de", de), ("en", en)):  # the base language is not always first
            if not l10n:
                questions.append(_row(**_question(qid, kind, code, other=other, question=text, language=lang)))
            elif lang == "en":
                questions.append(_row(**_question(qid, kind, code, other=other, mandatory="N")))
            if l10n:
                question_texts.append(_row(id=f"{qid}{lang}", qid=qid, question=text, help="", language=lang))
        for i, (acode, (en_a, de_a)) in enumerate(options.items()):
            aid = f"{qid}{i}"
            if l10n:
                answers.append(_row(aid=aid, qid=qid, code=acode, sortorder=str(i), assessment_value="0", scale_id="0"))
                for lang, text in (("en", en_a), ("de", de_a)):
                    answer_texts.append(_row(id=f"{aid}{lang}", aid=aid, answer=text, language=lang))
            else:
                for lang, text in (("de", de_a), ("en", en_a)):
                    answers.append(
                        _row(qid=qid, code=acode, answer=text, sortorder=str(i), language=lang, scale_id="0")
                    )
    for qid, code, en, de in SUBQUESTIONS:
        for lang, text in (("de", de), ("en", en)):
            if not l10n:
                subquestions.append(_row(**_question(qid, "T", code, "105", question=text, language=lang)))
            else:
                if lang == "en":
                    subquestions.append(_row(**_question(qid, "T", code, "105")))
                question_texts.append(_row(id=f"{qid}{lang}", qid=qid, question=text, help="", language=lang))
    survey = _row(sid=SID, admin="Clinic", language="en", additional_languages="de", active="Y")
    body = _section("answers", answers)
    body += _section("answer_l10ns", answer_texts) if l10n else ""
    body += _section("questions", questions) + _section("subquestions", subquestions)
    body += _section("question_l10ns", question_texts) if l10n else ""
    body += _section("surveys", [survey])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n'
        f" <DBVersion>{'623' if l10n else '366'}</DBVersion>\n"
        " <languages>\n  <language>en</language>\n  <language>de</language>\n </languages>\n"
        f"{body}</document>\n"
    )


def write_limesurvey(folder, version: int = 6, brackets: bool = True):
    """The responses (question codes as headings, answer codes) and the structure file, as LimeSurvey writes them."""
    folder.mkdir(exist_ok=True)
    sub = "{}[{}]" if brackets else "{}_{}"
    choices = [sub.format("G01Q05", code) for code, *_ in [s[1:] for s in SUBQUESTIONS]] + [
        sub.format("G01Q05", "other")
    ]
    header = [*OWN, "G01Q01", "G01Q02", "G01Q03", "G01Q04", *choices, "G01Q06", "G01Q07", "G01Q08"]
    rows = []
    for rid, done, drug, long, sex, age, ticked, other, stop, happy, words in RESPONSES:
        stamp = f"2026-03-0{rid} 10:{10 + int(rid)}:07"
        own = [rid, stamp if done else "", "3" if done else "1", "en", f"1204563{rid}71", f"2026-03-0{rid} 10:02:40"]
        ticks = ["Y" if s[1] in ticked else "" for s in SUBQUESTIONS]
        rows.append([*own, stamp, drug, long, sex, age, *ticks, other, stop, happy, words])
    data = write_csv(folder / "results-survey364912.csv", header, rows)
    structure = folder / "limesurvey_survey_364912.lss"
    structure.write_text(lss(version), encoding="utf-8")
    return data, structure


@pytest.mark.parametrize("version", [3, 6])
def test_the_structure_file_reads_each_question_its_answers_and_subquestions_in_the_base_language(tmp_path, version):
    _, structure = write_limesurvey(tmp_path, version)
    questions = limesurvey.read_structure(structure)
    assert questions["G01Q01"].text == "Which antidepressant are you taking?"  # HTML taken out, English not German
    assert questions["G01Q01"].answers == {
        "A1": "Sertraline 50 mg",
        "A2": "Fluoxetine 20 mg (as hydrochloride)",
        "A3": "Citalopram hydrobromide 20 mg",
        "A4": "Escitalopram 10 mg (as oxalate)",
    }
    assert questions["G01Q05"].kind == "M" and questions["G01Q05"].subquestions == {
        "SQ001": "Weight gain",
        "SQ002": "Feeling emotionally numb",
        "SQ003": "Suicidal feelings",
        "SQ004": "None of these",
    }
    assert questions["G01Q05"].text == "Which of these side effects have you had? Select all that apply."


@pytest.mark.parametrize("brackets", [True, False], ids=["G01Q05[SQ001]", "G01Q05_SQ001"])
def test_codes_become_answers_and_multiple_choice_columns_the_options_ticked(tmp_path, brackets):
    data, structure = write_limesurvey(tmp_path, 6, brackets)
    got = dictionary.apply(reading.read(data), structure)
    frame = got.frame
    assert got.layout.tool == "LimeSurvey" and got.layout.kinds == ("question codes", "question texts")
    assert frame["Which antidepressant are you taking?"].tolist()[:3] == [
        "Sertraline 50 mg",
        "Fluoxetine 20 mg (as hydrochloride)",
        "Citalopram hydrobromide 20 mg",
    ]
    assert frame["What is your gender?"].tolist()[:4] == ["Female", "Male", "Female", "Non-binary"]
    assert frame["Have you tried to come off it?"].fillna("").tolist() == [
        "Yes",
        "No",
        "No",
        "Yes",
        "No",
        "",
        "Yes",
        "No",
    ]
    numb = f"{limesurvey.read_structure(structure)['G01Q05'].text} - Feeling emotionally numb"
    assert frame[numb].fillna("").tolist() == ["Feeling emotionally numb", "", "", "Feeling emotionally numb"] + [
        "",
        "",
        "",
        "Feeling emotionally numb",
    ]
    assert "submitdate" in frame and "id" in frame  # LimeSurvey's own columns keep their names
    assert got.not_responses.tolist() == [""] * 5 + ["never submitted (submitdate is empty)", "", ""]


@pytest.mark.parametrize("version", [3, 6])
def test_a_limesurvey_code_export_imports_through_its_structure_file(tmp_path, capsys, monkeypatch, version):
    data, structure = write_limesurvey(tmp_path, version)
    toml, out = tmp_path / "m.toml", tmp_path / "out"
    said = run([data, "--name", "Clinic wave", "--dictionary", structure, "--write-mapping", toml], capsys)
    assert "read as a LimeSurvey export: 2 header rows (question codes, question texts)" in said
    satisfied = "How satisfied are you with what you were told about it?"
    unsure = [line.strip() for line in said.splitlines() if line.strip().startswith("unsure:")]
    assert len(unsure) == 1 and unsure[0].startswith(f"unsure: {satisfied!r}"), said  # the one decision left
    toml.write_text(decide(toml.read_text(), {satisfied: "{ ignore = true }"}))
    said = run([data, "--name", "Clinic wave", "--dictionary", structure, "--mapping", toml, "--out", out], capsys)
    assert "left out 1 row that is not a response" in said
    n, drugs, r = imported(out)
    assert n == 7 and drugs == EXPECTED_DRUGS
    assert r.sex["4"] == "other" and r.duration_months["3"] == 18 and bool(r.tried_to_stop["7"])
    responses = pd.read_parquet(out / "responses.parquet")
    assert shares(responses) == EXPECTED_SHARES
    assert said_of(responses, "2", "weight_gain") is False and said_of(responses, "3", "weight_gain") is None
    assert numbness(out, monkeypatch) == (3, 6)  # as the dashboard's prevalence query counts it


@pytest.mark.parametrize(
    "text,start",
    [
        ("<document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions><rows><row>", "could not be read as a"),
        ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>\n<document>&a;</document>', "declares a DOCTYPE"),
        ("<document><LimeSurveyDocType>Question</LimeSurveyDocType></document>", "is a LimeSurvey question file"),
        ("<svg xmlns='http://www.w3.org/2000/svg'></svg>", "is an XML file of another kind"),
        ("<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>", "is a LimeSurvey survey structure"),
    ],
    ids=["cut short", "doctype", "question file", "other xml", "no questions"],
)
def test_a_malformed_structure_file_is_refused_in_a_sentence(tmp_path, text, start):
    data, _ = write_limesurvey(tmp_path)
    wrong = tmp_path / "survey.lss"
    wrong.write_text(text)
    with pytest.raises(reading.FileRefused) as refused:
        dictionary.apply(reading.read(data), wrong)
    message = str(refused.value)
    assert message.startswith(f"survey.lss {start}") and not NOT_WORDS.search(message), message


def test_a_structure_file_of_another_survey_is_refused_in_a_sentence(tmp_path):
    data, structure = write_limesurvey(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("id,submitdate,Q1,Q2\n1,2026-03-01 10:00:00,yes,no\n")
    with pytest.raises(reading.FileRefused) as refused:
        dictionary.apply(reading.read(other), structure)
    message = str(refused.value)
    assert "names none of the columns of other.csv" in message and not NOT_WORDS.search(message)


def test_the_import_page_reads_a_code_export_through_an_uploaded_structure_file(tmp_path):
    from tests.test_import_page import give, import_page, no_traceback, press_import, said, use

    data, structure = write_limesurvey(tmp_path)
    at = import_page()
    at.file_uploader(key="import_dictionary").set_value((structure.name, structure.read_bytes(), "application/xml"))
    at = give(at, data.name, data.read_bytes())
    no_traceback(at)
    assert "question texts" in said(at, "markdown")  # the header rows as read: question codes, then texts
    use(at, "How satisfied are you with what you were told about it?", "ignore")
    at = press_import(at)
    no_traceback(at)
    assert ": 7 respondents" in said(at, "success")


def test_the_structure_file_is_told_by_its_content_not_its_name(tmp_path):
    data, structure = write_limesurvey(tmp_path, 3)
    renamed = tmp_path / "survey structure (copy).txt"
    renamed.write_bytes(b"\xef\xbb\xbf" + structure.read_bytes())  # and with a byte-order mark
    got = dictionary.apply(reading.read(data), renamed)
    assert got.frame["What is your gender?"].tolist()[:3] == ["Female", "Male", "Female"]
