"""Guessing which column is which question: scores, the threshold, and the mapping file a person edits."""

from __future__ import annotations

import tomllib

import pandas as pd

from sidefx import catalog, mapping

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
