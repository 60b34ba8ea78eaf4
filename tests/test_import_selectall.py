"""Select-all-that-apply side-effect questions, in every shape the survey tools export them, imported through the
command line: each respondent who answered the question counts as yes or no for each side effect, each who skipped
it as missing. The shares are counted by hand from each fixture."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest

from sidefx.filters import Filters
from sidefx.importer import answers, command, mapping, selectall
from sidefx.serve import db, queries

DRUG = "Which antidepressant are you taking?"
DRUGS = ["Sertraline 50 mg", "Fluoxetine 20mg", "Citalopram hydrobromide 20 mg", "Mirtazapine 15 mg"]


def write_csv(path, header, rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def decide(text: str, lines: dict[str, str]) -> str:
    """The mapping file as a person edits it: the line of each key given its new value."""
    for key, value in lines.items():
        text, n = re.subn(rf"^{re.escape(json.dumps(key))} = .*$", f"{json.dumps(key)} = {value}", text, flags=re.M)
        assert n == 1, key
    return text


def imported(tmp_path, path, capsys, edits=None):
    """--write-mapping, the person's edits, then the import with the mapping: (responses, the report, mapping text)."""
    toml = tmp_path / "m.toml"
    assert command.main([str(path), "--name", "Clinic audit", "--write-mapping", str(toml)]) == 0
    capsys.readouterr()
    text = toml.read_text()
    if edits:
        toml.write_text(decide(text, edits))
    out = tmp_path / "out"
    code = command.main([str(path), "--name", "Clinic audit", "--mapping", str(toml), "--out", str(out)])
    said = capsys.readouterr()
    assert code == 0, said.err
    return pd.read_parquet(out / "responses.parquet"), said.out, text


def shares(responses: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Each side effect's (ticked, answered)."""
    return {e: (int(g.reported.sum()), len(g)) for e, g in responses.groupby("effect")}


def said_of(responses, respondent, effect):
    rows = responses[(responses.respondent_id == respondent) & (responses.effect == effect)]
    return None if rows.empty else bool(rows.reported.iloc[0])


# --- one cell holding the ticked choices -----------------------------------------------------------------------------

SEXUAL = "Sexual problems (e.g., low libido, difficulty with orgasm)"
QUALTRICS_CELL = [  # Qualtrics' default: the choices' texts joined by "," (a choice may hold commas itself)
    ("R_3kFvX9aBcD1e2F3", f"Weight gain,{SEXUAL}"),
    ("R_1aB2cD3eF4gH5iJ", "Feeling emotionally numb"),
    ("R_2Zy8Xw7Vu6Ts5Rq", "None of these"),  # answered, ticked nothing: no to each
    ("R_9Pq8Rs7Tu6Vw5Xy", ""),  # skipped the question: missing
    ("R_4Lm3Nb2Vc1Xz0As", "Weight gain,Feeling emotionally numb,Ringing in the ears"),
    ("R_5Df6Gh7Jk8Lq9Wz", f"{SEXUAL},Feeling emotionally numb"),
    ("R_6Qw5Er4Ty3Ui2Op", "Other"),
    ("R_7As6Df5Gh4Jk3Lz", "Weight gain"),
    ("R_8Zx7Cv6Bn5Mq4Wr", ""),
    ("R_0Ab9Cd8Ef7Gh6Ij", "Ringing in the ears"),
]
QUESTION = "Which of these side effects have you had? Select all that apply."


def test_qualtrics_one_cell_with_commas_inside_a_choice(tmp_path, capsys):
    rows = [[rid, f"2026-03-0{i % 9 + 1} 10:00:00", DRUGS[i % 4], cell] for i, (rid, cell) in enumerate(QUALTRICS_CELL)]
    path = write_csv(tmp_path / "qualtrics.csv", ["ResponseId", "StartDate", DRUG, QUESTION], rows)
    responses, report, text = imported(
        tmp_path, path, capsys, {"Ringing in the ears": '{ own = "Ringing in the ears" }'}
    )
    assert f"[select_all.{json.dumps(QUESTION)}]" in text and 'separator = ","' in text
    assert f'"{SEXUAL}" = {{ effect = "sexual_dysfunction"' in text and '"None of these" = { none = true }' in text
    assert '"Ringing in the ears" = { unsure = ' in text  # no catalogue effect: a person decides
    # 8 answered (two skipped): weight gain 1, 5, 8; numb 2, 5, 6; sexual 1, 6; ringing 5, 10.
    assert shares(responses) == {
        "weight_gain": (3, 8),
        "emotional_numbing": (3, 8),
        "sexual_dysfunction": (2, 8),
        "own_ringing_in_the_ears": (2, 8),
    }
    assert said_of(responses, "R_2Zy8Xw7Vu6Ts5Rq", "weight_gain") is False  # "None of these": no
    assert said_of(responses, "R_6Qw5Er4Ty3Ui2Op", "sexual_dysfunction") is False  # "Other" only: no
    assert said_of(responses, "R_9Pq8Rs7Tu6Vw5Xy", "weight_gain") is None  # skipped: missing
    assert "8 answered, 2 skipped it" in report and "Weight gain: 3 ticked of 8 answered" in report
    assert "'None of these' (none of these, 1 ticked)" in report


GOOGLE = [
    ("P0001", ["Weight gain", "Emotional numbness"]),
    ("P0002", ["None of the above"]),
    ("P0003", []),  # skipped
    ("P0004", ["Suicidal thoughts"]),
    ("P0005", ["Weight gain"]),
    ("P0006", ["Emotional numbness", "Suicidal thoughts"]),
    ("P0007", ["Weight gain", "Emotional numbness", "Suicidal thoughts"]),
    ("P0008", ["None of the above"]),
    ("P0009", ["Weight gain"]),
    ("P0010", []),  # skipped
    ("P0011", ["Emotional numbness"]),
    ("P0012", ["Weight gain", "Suicidal thoughts"]),
]


@pytest.mark.parametrize("sep", [", ", ";"])
def test_google_forms_one_cell_joined_by_comma_space_or_semicolon(tmp_path, capsys, sep):
    header = ["Timestamp", "Participant ID", DRUG, "Which of these side effects have you had?"]
    rows = [
        [f"2026/03/{i + 1:02d} 9:1{i % 10}:00 AM GMT", pid, DRUGS[i % 4], sep.join(ticked)]
        for i, (pid, ticked) in enumerate(GOOGLE)
    ]
    responses, report, text = imported(tmp_path, write_csv(tmp_path / "forms.csv", header, rows), capsys)
    assert f"separator = {json.dumps(sep)}" in text
    # 10 answered: weight gain P0001, 5, 7, 9, 12; numb 1, 6, 7, 11; suicidal 4, 6, 7, 12.
    assert shares(responses) == {"weight_gain": (5, 10), "emotional_numbing": (4, 10), "suicidality": (4, 10)}
    assert said_of(responses, "P0002", "suicidality") is False and said_of(responses, "P0003", "suicidality") is None


def test_a_comma_space_inside_brackets_stays_inside_its_choice_when_the_choices_are_guessed():
    """Google Forms joins ticked choices with ', ', and a choice may hold ', ' itself (its examples in brackets): the
    mapping lists 'Sexual problems (e.g., low libido)' as one choice, not 'Sexual problems (e.g.' and 'low libido)'."""
    cells = pd.Series(
        ["Weight gain, Sexual problems (e.g., low libido)", "Sexual problems (e.g., low libido)", "Weight gain"]
        + ["Emotional numbness, Weight gain", "Emotional numbness [flat, empty], Sexual problems (e.g., low libido)"]
    )
    q = selectall.one_cell(QUESTION, cells, mapping.guess_effect, 0.5)
    assert q.separator == ", "
    assert sorted(c.text for c in q.choices) == [
        "Emotional numbness",
        "Emotional numbness [flat, empty]",
        "Sexual problems (e.g., low libido)",
        "Weight gain",
    ]


def test_a_choice_is_matched_whole_longest_first():
    choices = [SEXUAL, "Sexual problems", "Weight gain"]
    assert answers.choices_in(f"{SEXUAL},Weight gain", choices) == ({SEXUAL, "Weight gain"}, [])
    assert answers.choices_in("Sexual problems,weight GAIN,Hair loss", choices) == (
        {"Sexual problems", "Weight gain"},
        ["Hair loss"],
    )
    assert answers.choices_in("", choices) == (set(), [])


# --- one column per choice -------------------------------------------------------------------------------------------

SM = "Which side effects have you had? (Select all that apply)"
SM_OPTIONS = ["Weight gain", "Feeling emotionally numb", "Failure to reach orgasm", "None of the above"]
SURVEYMONKEY = [  # the option's text in its column, or blank; "Other (please specify)" holds what was written
    ("114236518932", ["Weight gain", "Feeling emotionally numb"], ""),
    ("114236519047", ["None of the above"], ""),  # answered: no to each
    ("114236519110", [], ""),  # skipped: missing
    ("114236519254", ["Feeling emotionally numb", "Failure to reach orgasm"], ""),
    ("114236519301", [], "Dizziness"),  # other only: answered, no to each
    ("114236519388", ["Weight gain", "Failure to reach orgasm"], ""),
    ("114236519402", [], ""),  # skipped
    ("114236519517", ["Feeling emotionally numb"], ""),
    ("114236519623", ["Weight gain"], "Hair loss"),
]


def test_surveymonkey_a_column_per_option_holding_its_text(tmp_path, capsys):
    header = [
        "Respondent ID",
        "Collector ID",
        DRUG,
        *(f"{SM} - {o}" for o in SM_OPTIONS),
        f"{SM} - Other (please specify)",
    ]
    rows = [
        [rid, "431877201", DRUGS[i % 4], *(o if o in ticked else "" for o in SM_OPTIONS), other]
        for i, (rid, ticked, other) in enumerate(SURVEYMONKEY)
    ]
    responses, report, text = imported(tmp_path, write_csv(tmp_path / "sm.csv", header, rows), capsys)
    assert (
        f'"{SM} - Failure to reach orgasm" = {{ effect = "failure_to_reach_orgasm", text = "Failure to reach orgasm"'
        in text
    )
    # 7 answered: weight gain 1, 6, 9; numb 1, 4, 8; orgasm 4, 6.
    assert shares(responses) == {
        "weight_gain": (3, 7),
        "emotional_numbing": (3, 7),
        "failure_to_reach_orgasm": (2, 7),
    }
    assert said_of(responses, "114236519301", "weight_gain") is False  # wrote an other, ticked nothing else
    assert said_of(responses, "114236519047", "weight_gain") is False  # none of the above
    assert said_of(responses, "114236519110", "weight_gain") is None  # every column blank: skipped


REDCAP = [  # record, the codes ticked (1 weight gain, 2 numb, 3 sexual, 5 one left out, 11 none of these)
    ("101-1", {1, 2}),
    ("101-2", {11}),
    ("101-3", set()),  # all 0: skipped, missing
    ("101-4", {3}),
    ("102-1", {1, 5}),
    ("102-2", {5}),  # only a choice not imported: answered, no to each
    ("102-3", set()),
    ("102-4", {2, 3}),
]


def test_redcap_raw_checkbox_codes_named_in_the_mapping(tmp_path, capsys):
    header = ["record_id", "antidepressant", *(f"sidefx___{k}" for k in range(1, 12)), "side_effects_complete"]
    rows = [
        [rid, DRUGS[i % 4], *("1" if k in ticked else "0" for k in range(1, 12)), "2"]
        for i, (rid, ticked) in enumerate(REDCAP)
    ]
    path = write_csv(tmp_path / "redcap.csv", header, rows)
    toml = tmp_path / "m.toml"
    assert command.main([str(path), "--name", "Clinic audit", "--write-mapping", str(toml)]) == 0
    assert "11 choices of select-all questions unsure" in capsys.readouterr().out  # the labels are not in the export
    edits = {f"sidefx___{k}": "{ ignore = true }" for k in range(4, 11)} | {
        "sidefx___1": '{ effect = "weight_gain" }',
        "sidefx___2": '{ effect = "emotional_numbing" }',
        "sidefx___3": '{ effect = "sexual_dysfunction" }',
        "sidefx___11": "{ none = true }",
    }
    responses, report, _ = imported(tmp_path, path, capsys, edits)
    # 6 answered: weight gain 101-1, 102-1; numb 101-1, 102-4; sexual 101-4, 102-4.
    assert shares(responses) == {"weight_gain": (2, 6), "emotional_numbing": (2, 6), "sexual_dysfunction": (2, 6)}
    assert said_of(responses, "102-2", "weight_gain") is False and said_of(responses, "101-3", "weight_gain") is None


REDCAP_LABELS = [
    ("P0001", {"Weight gain", "Suicidal feelings"}),
    ("P0002", {"None of these"}),
    ("P0003", set()),  # all Unchecked: skipped
    ("P0004", {"Feeling emotionally numb"}),
    ("P0005", {"Weight gain", "Feeling emotionally numb", "Suicidal feelings"}),
    ("P0006", set()),
    ("P0007", {"Suicidal feelings"}),
    ("P0008", {"Weight gain"}),
]


def test_redcap_labels_checked_or_unchecked(tmp_path, capsys):
    options = ["Weight gain", "Feeling emotionally numb", "Suicidal feelings", "None of these"]
    header = ["Record ID", DRUG, *(f"Side effects (choice={o})" for o in options), "Complete?"]
    rows = [
        [rid, DRUGS[i % 4], *("Checked" if o in ticked else "Unchecked" for o in options), "Complete"]
        for i, (rid, ticked) in enumerate(REDCAP_LABELS)
    ]
    path = write_csv(tmp_path / "labels.csv", header, rows)
    responses, _, _ = imported(tmp_path, path, capsys, {"Complete?": "{ ignore = true }"})
    # 6 answered: weight gain 1, 5, 8; numb 4, 5; suicidal 1, 5, 7.
    assert shares(responses) == {"weight_gain": (3, 6), "emotional_numbing": (2, 6), "suicidality": (3, 6)}
    assert said_of(responses, "P0002", "suicidality") is False and said_of(responses, "P0006", "suicidality") is None


QUALTRICS_SPLIT = [  # the choices ticked: 1 weight gain, 2 numb, 3 caring less, 4 none of these, 5 other
    ("R_3kFvX9aBcD1e2F3", {1, 2}),
    ("R_1aB2cD3eF4gH5iJ", {4}),
    ("R_2Zy8Xw7Vu6Ts5Rq", set()),  # skipped
    ("R_9Pq8Rs7Tu6Vw5Xy", {3}),
    ("R_4Lm3Nb2Vc1Xz0As", {1, 3}),
    ("R_5Df6Gh7Jk8Lq9Wz", {5}),  # other only
    ("R_6Qw5Er4Ty3Ui2Op", {2}),
    ("R_7As6Df5Gh4Jk3Lz", set()),  # skipped
    ("R_8Zx7Cv6Bn5Mq4Wr", {1, 2, 3}),
    ("R_0Ab9Cd8Ef7Gh6Ij", {2}),
]
SPLIT_TEXTS = ["Weight gain", "Feeling emotionally numb", "Caring less about others", "None of these", "Other"]


@pytest.mark.parametrize("as_text", [True, False], ids=["choice text", "1"])
def test_qualtrics_split_columns_holding_the_choice_or_1(tmp_path, capsys, as_text):
    header = ["ResponseId", "Finished", DRUG, *(f"Q6_{k}" for k in range(1, 6)), "Q6_5_TEXT"]
    rows = [
        [rid, "True", DRUGS[i % 4]]
        + [(SPLIT_TEXTS[k - 1] if as_text else "1") if k in ticked else "" for k in range(1, 6)]
        + ["Insomnia" if 5 in ticked else ""]
        for i, (rid, ticked) in enumerate(QUALTRICS_SPLIT)
    ]
    path = write_csv(tmp_path / "split.csv", header, rows)
    edits = None
    if not as_text:  # only 1s: the mapping says what each column is
        edits = {
            "Q6_1": '{ effect = "weight_gain" }',
            "Q6_2": '{ effect = "emotional_numbing" }',
            "Q6_3": '{ effect = "caring_less_about_others" }',
            "Q6_4": "{ none = true }",
            "Q6_5": "{ other = true }",
        }
    responses, report, text = imported(tmp_path, path, capsys, edits)
    assert '"Q6_5_TEXT" = { ignore = true }' in text
    # 8 answered: weight gain 1, 5, 9; numb 1, 7, 9, 10; caring less 4, 5, 9.
    assert shares(responses) == {
        "weight_gain": (3, 8),
        "emotional_numbing": (4, 8),
        "caring_less_about_others": (3, 8),
    }
    assert said_of(responses, "R_5Df6Gh7Jk8Lq9Wz", "weight_gain") is False
    assert said_of(responses, "R_2Zy8Xw7Vu6Ts5Rq", "weight_gain") is None


LIME = [  # SQ001 weight gain, SQ002 suicidal, SQ003 addicted, SQ004 none of these; [other] what was written
    ("P0001", {"SQ001"}, ""),
    ("P0002", {"SQ004"}, ""),
    ("P0003", set(), ""),  # skipped
    ("P0004", {"SQ002", "SQ003"}, ""),
    ("P0005", {"SQ001", "SQ003"}, ""),
    ("P0006", set(), "Vivid dreams"),  # other only
    ("P0007", set(), ""),  # skipped
    ("P0008", {"SQ003"}, ""),
    ("P0009", {"SQ001", "SQ002"}, ""),
    ("P0010", set(), ""),  # skipped
    ("P0011", {"SQ002"}, ""),
]
LIME_TEXTS = {
    "SQ001": "Weight gain",
    "SQ002": "Suicidal feelings",
    "SQ003": "Feeling addicted",
    "SQ004": "None of these",
}


@pytest.mark.parametrize("codes", [True, False], ids=["codes", "full text"])
def test_limesurvey_y_or_blank_where_blank_is_not_ticked(tmp_path, capsys, codes):
    stem = "G01Q05" if codes else "Which side effects have you had?"
    header = ["id", "submitdate", "lastpage", "startlanguage", "Participant ID", DRUG]
    header += [f"{stem}[{sq if codes else text}]" for sq, text in LIME_TEXTS.items()] + [f"{stem}[other]"]
    rows = [
        [
            str(i + 1),
            "2026-03-01 10:00:00",
            "3",
            "en",
            pid,
            DRUGS[i % 4],
            *("Y" if sq in ticked else "" for sq in LIME_TEXTS),
            other,
        ]
        for i, (pid, ticked, other) in enumerate(LIME)
    ]
    path = write_csv(tmp_path / "lime.csv", header, rows)
    edits = {"id": "{ ignore = true }", "Participant ID": '{ role = "id" }'}  # LimeSurvey's own id, and the study's
    if codes:
        edits |= {
            "G01Q05[SQ001]": '{ effect = "weight_gain" }',
            "G01Q05[SQ002]": '{ effect = "suicidality" }',
            "G01Q05[SQ003]": '{ effect = "feeling_addicted" }',
            "G01Q05[SQ004]": "{ none = true }",
        }
    responses, report, _ = imported(tmp_path, path, capsys, edits)
    # 8 answered: weight gain 1, 5, 9; suicidal 4, 9, 11; addicted 4, 5, 8.
    assert shares(responses) == {"weight_gain": (3, 8), "suicidality": (3, 8), "feeling_addicted": (3, 8)}
    assert said_of(responses, "P0008", "weight_gain") is False and said_of(responses, "P0007", "weight_gain") is None


# --- the mapping, the refusals, and the dashboard's numbers ------------------------------------------------------------


def test_an_unsure_choice_stops_the_import_in_a_sentence_and_a_wrong_effect_is_named(tmp_path, capsys):
    rows = [[rid, DRUGS[i % 4], cell] for i, (rid, cell) in enumerate(QUALTRICS_CELL)]
    path = write_csv(tmp_path / "q.csv", ["ResponseId", DRUG, QUESTION], rows)
    assert command.main([str(path), "--name", "A", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert (
        f"'Ringing in the ears' of the select-all question '{QUESTION}' is unsure (best guess 'caring_less_about_others', score 0.51)"
        in err
    )
    toml = tmp_path / "m.toml"
    command.main([str(path), "--name", "A", "--write-mapping", str(toml)])
    toml.write_text(
        decide(
            toml.read_text(), {"Ringing in the ears": "{ ignore = true }", "Weight gain": '{ effect = "wieght_gain" }'}
        )
    )
    assert command.main([str(path), "--name", "A", "--mapping", str(toml), "--out", str(tmp_path / "o")]) == 2
    err += capsys.readouterr().err
    assert "'wieght_gain' is not a catalogue side effect" in err and not (tmp_path / "o").exists()
    toml.write_text('[select_all."Q6"]\ncolumn = "Q6"\nchoices = 3\n')
    assert command.main([str(path), "--name", "A", "--mapping", str(toml), "--out", str(tmp_path / "o")]) == 2
    err += capsys.readouterr().err
    assert "needs a table of choices" in err
    for line in err.splitlines():
        assert "dtype(" not in line and not re.search(r"\b(Question|Choice|DataFrame|Series|\w+Error)\b", line), line


def test_an_older_mapping_without_select_all_questions_still_reads():
    old = '[survey]\nduration_unit = "months"\n\n[columns]\n"ID" = { role = "id", score = 0.95 }\n'
    plan = mapping.from_toml(old)
    assert plan.select_all == [] and plan.column_for("id") == "ID"
    again = mapping.from_toml(mapping.to_toml(plan, "x"))
    assert again.columns() == ["ID"] and again.select_all == []


def test_the_written_mapping_reads_back_to_the_same_questions(tmp_path):
    frame = pd.DataFrame(
        [[rid, DRUGS[i % 4], c] for i, (rid, c) in enumerate(QUALTRICS_CELL)], columns=["ResponseId", DRUG, QUESTION]
    )
    plan = mapping.guess(list(frame.columns), frame)
    back = mapping.from_toml(mapping.to_toml(plan, "x"))
    (q,) = back.select_all
    assert q.column == QUESTION and q.separator == ","
    assert {c.key: c.effect or c.kind or "unsure" for c in q.choices} == {
        "Weight gain": "weight_gain",
        SEXUAL: "sexual_dysfunction",
        "Feeling emotionally numb": "emotional_numbing",
        "None of these": selectall.NONE,
        "Ringing in the ears": "unsure",
        "Other": selectall.OTHER,
    }
    assert back.columns() == ["ResponseId", DRUG, QUESTION]


def test_the_dashboard_counts_a_select_all_question_from_its_sql(tmp_path, capsys, monkeypatch):
    rows = [[rid, DRUGS[i % 4], sep] for i, (rid, sep) in enumerate((p, ", ".join(t)) for p, t in GOOGLE)]
    path = write_csv(
        tmp_path / "forms.csv", ["Participant ID", DRUG, "Which of these side effects have you had?"], rows
    )
    imported(tmp_path, path, capsys)
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(tmp_path / "out"))
    db.reset()
    try:
        got = queries.run("prevalence_by_effect", **Filters().to_params(), effects=["weight_gain"]).iloc[0]
        assert (got.reported, got.respondents) == (5, 10)  # P0003 and P0010 skipped the question
    finally:
        db.reset()


def test_a_yes_no_grid_is_not_taken_for_a_select_all_question():
    frame = pd.DataFrame({"ID": ["P0001", "P0002", "P0003"], "Q3_1": ["Yes", "No", "Yes"], "Q3_2": ["No", "No", "Yes"]})
    plan = mapping.guess(list(frame.columns), frame)
    assert plan.select_all == [] and [g.column for g in plan.guesses] == ["ID", "Q3_1", "Q3_2"]


# --- the Import page --------------------------------------------------------------------------------------------------


def test_the_import_page_shows_a_select_all_question_as_its_choices_and_reports_each_effect(tmp_path, monkeypatch):
    from tests.test_import_page import give, import_page, no_traceback, press_import, said

    monkeypatch.setenv("SIDEFX_UPLOADS_DIR", str(tmp_path / "uploads"))
    header = [
        "Respondent ID",
        "Collector ID",
        DRUG,
        *(f"{SM} - {o}" for o in SM_OPTIONS),
        f"{SM} - Other (please specify)",
    ]
    rows = [
        [rid, "431877201", DRUGS[i % 4], *(o if o in ticked else "" for o in SM_OPTIONS), other]
        for i, (rid, ticked, other) in enumerate(SURVEYMONKEY)
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    try:
        at = give(import_page(), "surveymonkey.csv", buffer.getvalue().encode())
        no_traceback(at)
        start = {s.label.removeprefix("Choice "): s.value for s in at.selectbox if s.label.startswith("Choice ")}
        assert start == {
            f"Weight gain of {SM}": "effect:weight_gain",
            f"Feeling emotionally numb of {SM}": "effect:emotional_numbing",
            f"Failure to reach orgasm of {SM}": "effect:failure_to_reach_orgasm",
            f"None of the above of {SM}": "none",
            f"Other (please specify) of {SM}": "other",
        }
        assert f"Select-all question: {SM}" in " ".join(m.value for m in at.markdown)
        assert "guessed from its text, score" in said(at, "caption")
        next(s for s in at.selectbox if s.label == f"Choice Failure to reach orgasm of {SM}").set_value("ignore")
        at = press_import(at)
        no_traceback(at)
        assert not at.error, said(at, "error")
        table = next(v for v in (t.value for t in at.dataframe) if "Imported as" in v.columns).set_index("Imported as")
        # 7 of the 9 answered: weight gain 3, numb 3; orgasm left out (2 ticked); 2 skipped.
        assert table.loc["Weight gain", ["Ticked", "Answered", "Skipped (missing)"]].tolist() == [3, 7, 2]
        assert table.loc["Feeling emotionally numb", ["Ticked", "Answered"]].tolist() == [3, 7]
        assert table.loc["not imported (left out)", "Choice"] == "Failure to reach orgasm"
        assert table.loc["not imported (left out)", "Ticked"] == 2
    finally:
        db.reset()


def test_a_reused_mapping_file_keeps_its_select_all_decisions():
    from sidefx.importer import upload

    header = ["record_id", "antidepressant", *(f"sidefx___{k}" for k in range(1, 4))]
    frame = pd.DataFrame(
        [["101-1", "Sertraline 50 mg", "1", "0", "0"], ["101-2", "Zoloft", "0", "0", "1"]], columns=header
    )
    saved = mapping.from_toml(
        '[select_all.sidefx.choices]\n"sidefx___1" = { effect = "weight_gain" }\n"sidefx___2" = { ignore = true }\n'
        '"sidefx___3" = { none = true }\n'
    )
    plan, absent = upload.merged(header, saved, frame)
    assert absent == [] and [g.column for g in plan.guesses] == ["record_id", "antidepressant"]
    (q,) = plan.select_all
    assert [upload.choice_initial(c) for c in q.choices] == ["effect:weight_gain", "ignore", "none"]
    assert plan.unsure_choices() == []
    fresh, _ = upload.merged(header, None, frame)
    assert [c.key for _, c in fresh.unsure_choices()] == ["sidefx___1", "sidefx___2", "sidefx___3"]
