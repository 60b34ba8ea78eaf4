"""Guessing which column is which question: scores, the threshold, and the mapping file a person edits."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from sidefx import catalog
from sidefx.importer import mapping

EXPORT = {  # a survey tool's headers, as the issue lists them, and what each is
    "ID": ("role", "id"),
    "Which antidepressant do you take?": ("role", "drug"),
    "How long have you taken it?": ("role", "duration"),
    "Sex": ("role", "sex"),
    "Age (years)": ("role", "age"),
    "Numbness": ("effect", "emotional_numbing"),
    "I felt dependent on it": ("effect", "feeling_addicted"),
    "Have you tried to come off it?": ("role", "tried_to_stop"),
    "How bad was it?": ("role", "withdrawal_severity"),
    "Sexual problems": ("effect", "sexual_dysfunction"),
    "Did you have withdrawal symptoms when you tried to stop?": ("effect", "withdrawal_effects"),
}


def test_the_obvious_columns_and_the_catalogues_questions_are_guessed_with_confidence():
    m = mapping.guess(list(EXPORT))
    for g in m.guesses:
        kind, value = EXPORT[g.column]
        assert g.confident and getattr(g, kind) == value, g


def test_a_weak_match_is_unsure_and_never_used():
    m = mapping.guess(["ID", "Any comments?", "Country", "Weight"])
    unsure = {g.column for g in m.unsure()}
    assert unsure == {"Any comments?", "Country", "Weight"}
    assert all(g.score < mapping.CONFIDENT for g in m.unsure())
    assert [g.column for g in m.confirmed()] == ["ID"]


def test_two_columns_claiming_one_question_keep_the_better():
    m = mapping.guess(["Gained weight?", "Put on weight?", "Numbness", "Numbness or flatness (other)", "Weight"])
    by = {g.column: g for g in m.guesses}
    # Two exact matches tie: neither is used, each names the other, and the file says to confirm one.
    assert not by["Gained weight?"].confident and "Put on weight?" in by["Gained weight?"].clash
    assert not by["Put on weight?"].confident and "Gained weight?" in by["Put on weight?"].clash
    assert "ties with 'Gained weight?': confirm one" in mapping.to_toml(m, "w")
    # An exact answer beats a question that only contains the phrase.
    assert by["Numbness"].confident and by["Numbness"].effect == "emotional_numbing"
    assert not by["Numbness or flatness (other)"].confident


def test_every_catalogue_effect_is_found_by_its_own_label():
    effects = catalog.effects()
    m = mapping.guess(list(effects.label))
    assert [g.effect for g in m.guesses] == list(effects.effect)


def test_the_mapping_file_lists_every_column_and_round_trips(tmp_path):
    columns = [*EXPORT, 'Any "other" comments?', "Peso (kg) ¿cambió?"]
    m = mapping.guess(columns)
    m.duration_unit = "months"
    text = mapping.to_toml(m, 'wave "2"')
    data = tomllib.loads(text)  # valid TOML, quotes and accents included
    assert list(data["columns"]) == columns
    back = mapping.from_toml(text)
    assert back.duration_unit == "months"
    assert [(g.column, g.role, g.effect) for g in back.confirmed()] == [
        (g.column, g.role, g.effect) for g in m.confirmed()
    ]
    assert {g.column for g in back.unsure()} == {g.column for g in m.unsure()}


def test_a_person_confirms_an_unsure_guess_by_editing_one_word():
    m = mapping.guess(["ID", "Weight"])
    text = mapping.to_toml(m, "wave 1").replace('"Weight" = { unsure =', '"Weight" = { effect =')
    edited = mapping.from_toml(text)
    assert [(g.column, g.effect) for g in edited.confirmed() if g.effect] == [("Weight", "weight_gain")]


def test_phrases_name_only_catalogue_effects():
    phrases = pd.read_csv(catalog.sources_dir() / "effect_phrases.csv")
    assert set(phrases.effect) <= set(catalog.effects().effect)
    assert not phrases.phrase.str.lower().duplicated().any()


QUESTIONS = ["Which antidepressant do you take?", "How long have you taken it?", "Numbness"]
TOOLS = {  # each tool's own columns as its export names them: the respondent id, and the rest left out
    "Qualtrics": ("ResponseId", ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
                                 "Finished", "RecordedDate", "RecipientLastName", "RecipientFirstName",
                                 "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
                                 "DistributionChannel", "UserLanguage"]),
    "SurveyMonkey": ("Respondent ID", ["Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
                                       "First Name", "Last Name", "Custom Data 1"]),
    "REDCap": ("record_id", ["redcap_survey_identifier", "antidepressant_survey_timestamp",
                             "antidepressant_survey_complete"]),
    "LimeSurvey": ("id", ["submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]),
    "Google Forms": (None, ["Timestamp", "Email Address"]),
}  # fmt: skip


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_survey_tools_own_columns_are_left_out_and_its_response_id_is_the_id(tool):
    id_column, metadata = TOOLS[tool]
    m = mapping.guess([*([id_column] if id_column else []), *metadata, *QUESTIONS])
    by = {g.column: g for g in m.guesses}
    assert m.unsure() == []  # nothing here stops an import
    assert [c for c in metadata if not by[c].ignored] == []
    if id_column:
        assert by[id_column].role == "id" and by[id_column].confident
    assert by["How long have you taken it?"].role == "duration"  # "Duration (in seconds)" is time on the survey
    assert by["Numbness"].effect == "emotional_numbing" and by["Which antidepressant do you take?"].role == "drug"


def test_columns_that_are_no_question_are_recognised_from_their_answers():
    frame = pd.DataFrame(
        {
            "Participant": ["P0001", "P0002", "P0003", "P0004"],
            "Submitted": ["2026-03-01 10:02:11", "2026-03-01 11:40:00", "3/2/2026 9:15", "2026-03-04T08:00:00Z"],
            "Contact": ["jo@clinic.example", "sam.lee@mail.example", "", "ana+survey@uni.example"],
            "Computer": ["192.168.0.12", "10.0.0.7", "172.16.4.250", "203.0.113.9"],
            "Tell us about your experience": [
                "I felt flat for months and could not cry at my mother's funeral, which upset me",
                "Mostly fine, but the first weeks were hard and I slept badly most nights",
                "",
                "Coming off it was much worse than starting it; the dizziness lasted for weeks",
            ],
            "Code": ["xK29a", "bb31Q", "Zq8pp", "mT40z"],
            "Which antidepressant do you take?": ["Prozac", "Zoloft", "Zoloft", "Lexapro"],
            "Numbness": ["Yes", "No", "Yes", "No"],
            "Weight": ["70", "82", "65", "91"],  # numbers, all different: not an id
            "Country": ["NZ", "UK", "Ireland", "Canada"],
        }
    )
    by = {g.column: g for g in mapping.guess(list(frame.columns), frame).guesses}
    assert by["Participant"].role == "id" and by["Participant"].confident  # not "Suicidal feelings"
    left_out = {c: by[c].reason for c in ("Submitted", "Contact", "Computer", "Tell us about your experience")}
    assert all(by[c].ignored for c in left_out), by
    assert left_out["Submitted"] == "its answers are dates or times, not answers to a question"
    assert "e-mail" in left_out["Contact"] and "IP address" in left_out["Computer"] and "free text" in str(left_out)
    # Another code unique to each row, beside the id: left out, not a second id that stops the import.
    assert by["Code"].ignored and not by["Code"].role
    assert by["Numbness"].effect == "emotional_numbing" and by["Which antidepressant do you take?"].role == "drug"
    assert not by["Weight"].ignored and not by["Weight"].confident and not by["Country"].ignored


def test_the_headers_of_the_issue_are_no_longer_guessed_as_side_effects():
    frame = pd.DataFrame(
        {"Participant": ["17", "18", "19"], "Timestamp": ["2026-03-01 10:00"] * 3, "Email": ["a@b.example"] * 3}
    )
    by = {g.column: g for g in mapping.guess(list(frame.columns), frame).guesses}
    assert by["Participant"].role == "id" and by["Timestamp"].ignored and by["Email"].ignored
    assert not by["Timestamp"].effect and not by["Email"].effect


def test_the_mapping_file_proposes_leaving_metadata_out_and_says_why():
    m = mapping.guess(["ResponseId", "StartDate", "Duration (in seconds)", "Numbness"])
    text = mapping.to_toml(m, "wave 1")
    assert '"ResponseId" = { role = "id", score = 0.95 }' in text
    line = next(x for x in text.splitlines() if x.startswith('"Duration (in seconds)"'))
    assert line.startswith('"Duration (in seconds)" = { ignore = true }  # ') and "survey tool" in line
    back = mapping.from_toml(text)
    assert [g.column for g in back.guesses if g.ignored] == ["StartDate", "Duration (in seconds)"]
    assert back.unsure() == []


def test_ids_of_every_shape_are_told_from_their_answers_and_amounts_are_not():
    ids = ["P0001", "r1", "R_3kFvX9bQ2mLp7aZ", "101-1", "0042", "17", "jo.smith@clinic.example"]
    frame = pd.DataFrame({"Q0": ids, "Q1": ["6wks", "4yrs", "18mo", "2y", "9mo", "3wks", "1yr"]})
    by = {g.column: g for g in mapping.guess(list(frame.columns), frame).guesses}
    assert (by["Q0"].role, by["Q0"].score, by["Q0"].reason) == ("id", 0.9, "a short code unique to each row")
    # how long, in few letters: not a code; its answers say it is the duration of use
    assert (by["Q1"].role, by["Q1"].reason, by["Q1"].ignored) == ("duration", "its answers are durations", False)
