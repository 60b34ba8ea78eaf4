"""Columns guessed from their answers as well as their headers: a tie broken, an impossible guess stopped, a
header that misleads set right, and an unsure guess left unsure."""

from __future__ import annotations

import pandas as pd

from sidefx.importer import mapping, told

DRUGS = ["Sertraline 50mg", "Prozac", "Escitalopram (Lexapro)", "citalapram", "Effexor XR", "Zoloft"]


def guessed(frame: pd.DataFrame) -> dict[str, mapping.Guess]:
    return {g.column: g for g in mapping.guess(list(frame.columns), frame).guesses}


def test_what_answers_show_is_told_only_when_most_of_them_show_it():
    assert told.kind(pd.Series(DRUGS)) == "drug"
    assert told.kind(pd.Series(["6 months", "2 yrs", "about 8 years", "18 months", "15+ years"])) == "duration"
    assert told.kind(pd.Series(["Female", "Male", "F", "M", "female"])) == "sex"
    assert told.kind(pd.Series(["34", "51", "27", "62"])) == "age"
    assert told.kind(pd.Series(["Yes", "No", "yes"])) == told.YES_NO
    assert told.kind(pd.Series(["an SSRI", "can't remember", "Prozac", "the blue one", "no idea"])) == ""  # 1 in 5
    assert told.kind(pd.Series(["Prozac", "Prozac"])) == ""  # one distinct answer tells nothing
    assert told.kind(None) == ""


def test_a_question_answered_with_drug_names_is_the_drug_whatever_its_header():
    frame = pd.DataFrame({"Respondent": [f"P{i:04d}" for i in range(6)], "Q7": DRUGS})
    q7 = guessed(frame)["Q7"]
    assert (q7.role, q7.score, q7.reason) == ("drug", 0.9, "its answers are drug names") and q7.confident


def test_the_drug_question_and_the_side_effects_question_that_names_the_drug_no_longer_tie():
    """Both headers say 'antidepressant'; only one is answered with drug names. The other's answers are yes or no:
    it is the side effect its words name, not a second drug column."""
    frame = pd.DataFrame(
        {
            "Which antidepressant are you taking at the moment?": DRUGS,
            "Since starting this antidepressant, have you felt emotionally numb?": [
                "Yes",
                "No",
                "Yes",
                "No",
                "No",
                "Yes",
            ],
        }
    )
    by = guessed(frame)
    drug = by["Which antidepressant are you taking at the moment?"]
    numb = by["Since starting this antidepressant, have you felt emotionally numb?"]
    assert drug.role == "drug" and drug.confident and not drug.clash and drug.score > mapping.ROLE_SCORE
    assert (numb.role, numb.effect) == (None, "emotional_numbing") and numb.confident


def test_a_yes_no_question_that_names_the_antidepressant_is_not_taken_for_the_drug():
    frame = pd.DataFrame({"Has your antidepressant changed how you sleep?": ["Yes", "No", "No", "Yes"]})
    sleep = guessed(frame)["Has your antidepressant changed how you sleep?"]
    assert sleep.role is None and sleep.reason == "its answers are yes or no"  # the header alone said 'drug'
    assert not sleep.confident  # no side effect's words: a person decides


def test_the_age_question_is_the_age_and_numbers_stop_a_side_effect_guess():
    frame = pd.DataFrame(
        {
            "What is your age in years?": ["34", "51", "27", "62", "45"],
            "Weight": ["70", "82", "65", "91", "77"],  # numbers, not yes or no: no side-effect answer
        }
    )
    by = guessed(frame)
    age = by["What is your age in years?"]
    assert (age.role, age.reason) == ("age", "its answers are ages") and age.confident
    assert not by["Weight"].confident and by["Weight"].reason == "its answers are ages, not yes or no"
    assert by["Weight"].role is None  # numbers alone make no column the age


def test_durations_in_words_tell_the_duration_of_use():
    frame = pd.DataFrame({"Q2": ["6 months", "2 yrs 8 mths", "about 8 years", "18 months", "nearly 5 yrs"]})
    q2 = guessed(frame)["Q2"]
    assert (q2.role, q2.reason) == ("duration", "its answers are durations") and q2.confident


def test_a_header_guess_the_answers_do_not_speak_to_stays_as_it_was():
    frame = pd.DataFrame({"Numbness": ["Yes", "No", "Yes"], "Comments": ["fine", "tired", "ok"]})
    by = guessed(frame)
    assert by["Numbness"].effect == "emotional_numbing" and by["Numbness"].reason == ""
    assert not by["Comments"].confident  # unsure stays unsure


def test_how_long_withdrawal_lasted_is_still_that_question_though_its_answers_are_durations():
    frame = pd.DataFrame(
        {
            "How long have you been taking it?": ["2 years", "8 months", "3 years"],
            "How long did the withdrawal symptoms last?": ["3 weeks", "2 months", "10 days"],
        }
    )
    by = guessed(frame)
    assert by["How long have you been taking it?"].role == "duration"
    lasted = by["How long did the withdrawal symptoms last?"]
    assert lasted.role == "withdrawal_duration" and lasted.confident and not lasted.clash
