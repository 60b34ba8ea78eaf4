"""Answers as survey tools export them: read into the dashboard's values, or refused with a reason."""

from __future__ import annotations

import math

import pytest

from sidefx.importer import answers


@pytest.mark.parametrize(
    "cell,unit,months",
    [
        ("6 wks", None, 1),
        ("9 mo", None, 9),
        ("4yrs", None, 48),
        ("1.5 years", None, 18),
        ("1,5 years", None, 18),  # a decimal comma
        ("18 Months", None, 18),
        ("2 y", None, 24),
        ("10 days", None, 0),
        ("3 weeks", None, 0),
        ("52 weeks", None, 12),
        ("365 days", None, 12),
        ("26 weeks", None, 6),
        ("12", "months", 12),
        ("2", "years", 24),
        (" 7  mths ", None, 7),
        ("0 months", None, 0),
        ("50 years", None, 600),
    ],
)
def test_durations_in_words_are_read_as_whole_months(cell, unit, months):
    assert answers.duration(cell, unit) == (months, "")


@pytest.mark.parametrize(
    "cell,reason",
    [
        ("12", "a number without a unit"),
        ("since 2019", answers.NO_RESPONSE_DATE),  # read only against a response date (tests/test_since_year.py)
        ("2019", "a year, not a duration"),
        ("a while", "not a number of days, weeks, months or years"),
        ("-3 months", "a negative duration"),
        ("-1.5", "a negative duration"),
        ("5 fortnights", "an unknown unit 'fortnights'"),
        ("60 years", "more than 50 years"),
        ("", answers.BLANK),
        (None, answers.BLANK),
        (math.nan, answers.BLANK),
    ],
)
def test_durations_that_cannot_be_read_say_why(cell, reason):
    assert answers.duration(cell) == (None, reason)


@pytest.mark.parametrize("cell", ["Yes", "Y", "1", "TRUE", "checked", " yes ", 1, True])
def test_yes(cell):
    assert answers.yes_no(cell) == (True, "")


@pytest.mark.parametrize("cell", ["No", "N", "0", "false", "unchecked", 0, False])
def test_no(cell):
    assert answers.yes_no(cell) == (False, "")


def test_a_blank_is_no_only_for_a_checkbox_question():
    assert answers.yes_no("") == (None, answers.BLANK)
    assert answers.yes_no(None, blank_means_no=True) == (False, "")
    assert answers.yes_no("maybe") == (None, "not a yes or a no")
    assert answers.yes_no("Prefer not to say") == (None, "no answer given")


@pytest.mark.parametrize(
    "cell,value",
    [
        ("None", "none"),
        ("mild", "mild"),
        ("Moderate", "moderate"),
        ("SEVERE", "severe"),
        ("0", "none"),
        ("3", "severe"),
        (2, "moderate"),
        ("2.0", "moderate"),
        ("very severe", "severe"),
    ],
)
def test_severity_in_words_or_numbers(cell, value):
    assert answers.severity(cell) == (value, "")


def test_severity_out_of_scale_is_refused():
    assert answers.severity("4")[0] is None and answers.severity("terrible")[0] is None


@pytest.mark.parametrize(
    "cell,value",
    [
        ("F", "female"),
        ("Female", "female"),
        ("M", "male"),
        ("male", "male"),
        ("Other", "other"),
        ("Non-binary", "other"),
    ],
)
def test_sex(cell, value):
    assert answers.sex(cell) == (value, "")


def test_prefer_not_to_say_is_a_missing_sex_not_a_category():
    assert answers.sex("Prefer not to say") == (None, "no answer given")


@pytest.mark.parametrize(
    "cell,band",
    [
        ("18", "18-24"),
        ("24", "18-24"),
        ("25", "25-34"),
        ("37", "35-44"),
        (64.0, "55-64"),
        ("65", "65+"),
        ("99", "65+"),
        ("35-44", "35-44"),
        ("35 to 44", "35-44"),
        ("65+", "65+"),
    ],
)
def test_age_as_a_number_or_a_band(cell, band):
    assert answers.age_band(cell) == (band, "")


@pytest.mark.parametrize(
    "cell,reason",
    [
        ("11", "an age outside 12-110"),
        ("111", "an age outside 12-110"),
        ("15", "younger than 18"),
        ("30-39", "an age band that does not match the survey's bands"),
        ("old", "not an age or an age band"),
    ],
)
def test_ages_that_cannot_be_banded_say_why(cell, reason):
    assert answers.age_band(cell) == (None, reason)


@pytest.mark.parametrize(
    "cell,months",
    [
        ("two years", 24),
        ("eighteen months", 18),
        ("twenty-five months", 25),
        ("a year", 12),
        ("2 yrs 8 mths", 32),
        ("3 years and 5 months", 41),
        ("1 year, 6 months", 18),
        ("about 8 years", 96),
        ("around 7 yrs", 84),
        ("nearly 5 yrs", 60),
        ("~ 6 yrs", 72),
        ("15+ years", 180),
    ],
)
def test_durations_as_people_write_them_number_words_compounds_and_approximations(cell, months):
    """The number an approximation gives ('about 8 years': 8 years), the parts of a compound added."""
    assert answers.duration(cell) == (months, "")


@pytest.mark.parametrize(
    "cell,reason",
    [
        ("can't remember", "not a number of days, weeks, months or years"),
        ("2 years ago", "not a number of days, weeks, months or years"),
        ("an SSRI", "not a number of days, weeks, months or years"),
        ("one", "a number without a unit"),
        ("30 years and 30 years", "more than 50 years"),
        ("2 years and 3 fortnights", "an unknown unit 'fortnights'"),
    ],
)
def test_wordings_that_are_no_duration_are_still_refused_with_a_reason(cell, reason):
    assert answers.duration(cell) == (None, reason)
