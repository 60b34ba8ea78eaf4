"""Which column of a survey export is which question: guessed with a score, confirmed by a person, saved as TOML.

Columns about the respondent (id, drug, how long, sex, age, stopping) are recognised by their
wording; side-effect questions are matched to the catalogue through the phrases in
``data/sources/effect_phrases.csv``, exactly (a phrase inside the question) or by similarity
(``difflib``), each with its score. A guess below ``CONFIDENT`` is listed as unsure and never
used until the mapping file says so. The file is small TOML that a person can edit and reuse for
the next wave of the same survey:

    [survey]
    duration_unit = "months"            # what a bare number in the duration column means ("" = ask)

    [columns]
    "ID" = { role = "id", score = 0.95 }
    "Numbness" = { effect = "emotional_numbing", score = 1.0 }
    "Any other side effect?" = { unsure = "weight_gain", score = 0.41 }   # edit to confirm, or leave out
    "Timestamp" = { ignore = true }     # a column that is no question: left out on purpose

    [extra_effects]                     # yes/no questions kept as this survey's own side effects
    "Ringing in the ears" = "Ringing in the ears"
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field

import pandas as pd

from sidefx import catalog

CONFIDENT = 0.8
ROLES = {  # role -> header wordings (regular expressions over the lower-cased header)
    "id": [r"^(respondent|response|participant|record)?[ _-]?id$", r"^(respondent|participant) (id|number)"],
    "drug": [r"antidepressant", r"which (drug|medicine|medication)", r"^(drug|medication|medicine)( name)?$"],
    # Before 'duration': "how long did the withdrawal symptoms last?" is about withdrawal, not use.
    "withdrawal_duration": [
        r"how long did (the |your )?(withdrawal|symptoms|it|they) .*last",
        r"withdrawal.*(last|duration)",
    ],
    "duration": [r"how long", r"duration", r"length of (use|time)", r"time on (it|the)"],
    "sex": [r"^sex$", r"gender", r"^sex\b"],
    "age": [r"^age\b", r"how old", r"age (group|band|range)"],
    "tried_to_stop": [r"(tried|try|trying) to (stop|come off|reduce)", r"come off", r"stopp?(ed)? taking"],
    "withdrawal_severity": [r"how (bad|severe)", r"severity"],
    "method": [r"taper", r"gradual", r"abrupt", r"cold turkey"],
    "restarted": [r"(went|go|gone) back on", r"restart"],
    "still_taking": [r"still (taking|on)", r"currently (taking|on)"],
}
ROLE_SCORE = 0.95
ABOUT_WITHDRAWAL = {"withdrawal_duration"}  # roles whose questions name withdrawal symptoms and are still this role
PHRASE_INSIDE = 0.9  # the least score of a question that contains a catalogue phrase


@dataclass(frozen=True)
class Guess:
    column: str
    role: str | None = None  # a column about the respondent
    effect: str | None = None  # a side-effect question
    score: float = 0.0
    clash: str = ""  # another column this one ties with for the same question: then neither is used
    ignored: bool = False  # a person said this column is no question (a timestamp, an email, a comment)

    @property
    def confident(self) -> bool:
        return (
            self.score >= CONFIDENT and (self.role or self.effect) is not None and not self.clash and not self.ignored
        )


@dataclass
class Mapping:
    guesses: list[Guess]
    duration_unit: str = ""
    extra_effects: dict[str, str] = field(default_factory=dict)  # column -> its own label, kept as a dataset's effect

    def confirmed(self) -> list[Guess]:
        return [g for g in self.guesses if g.confident]

    def unsure(self) -> list[Guess]:
        """Columns nobody has decided on yet: not confidently a question, not left out, not kept as an own effect."""
        return [g for g in self.guesses if not g.confident and not g.ignored and g.column not in self.extra_effects]

    def columns(self) -> list[str]:
        """Every column the mapping names."""
        return list(dict.fromkeys([g.column for g in self.guesses] + list(self.extra_effects)))

    def column_for(self, role: str) -> str | None:
        return next((g.column for g in self.confirmed() if g.role == role), None)


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def _phrases() -> pd.DataFrame:
    phrases = pd.read_csv(catalog.sources_dir() / "effect_phrases.csv")
    labels = catalog.effects()[["effect", "label"]].rename(columns={"label": "phrase"})
    return pd.concat([labels, phrases], ignore_index=True).assign(phrase=lambda d: d.phrase.map(_words))


def guess_column(header: str, phrases: pd.DataFrame | None = None) -> Guess:
    """The best guess for one column, with its score (0 when nothing fits)."""
    text = _words(header)
    phrases = _phrases() if phrases is None else phrases
    best = Guess(header)
    for effect, phrase in zip(phrases.effect, phrases.phrase):
        if re.search(rf"\b{re.escape(phrase)}\b", text):  # the phrase inside the question: the more of it, the surer
            score = round(PHRASE_INSIDE + 0.1 * len(phrase) / len(text), 2)
        else:
            score = round(difflib.SequenceMatcher(None, text, phrase).ratio(), 2)
        if score > best.score:
            best = Guess(header, effect=effect, score=score)
    lowered = str(header).strip().lower()
    for role, patterns in ROLES.items():
        # A question that holds a side effect's phrase is about that effect, even if it mentions stopping.
        if any(re.search(p, lowered) for p in patterns) and (best.score < PHRASE_INSIDE or role in ABOUT_WITHDRAWAL):
            return Guess(header, role=role, score=ROLE_SCORE)
    return best


def guess(columns: list[str]) -> Mapping:
    """A guess for every column. A question claimed by several columns goes to the best-scoring one;
    columns that tie for it are all left unsure, naming each other (a person decides)."""
    phrases = _phrases()
    guesses = [guess_column(c, phrases) for c in columns]
    best: dict[str, list[Guess]] = {}
    for g in guesses:
        key = g.role or g.effect
        if key and g.confident:
            top = best.get(key, [])
            if not top or g.score > top[0].score:
                best[key] = [g]
            elif g.score == top[0].score:
                top.append(g)
    out = []
    for g in guesses:
        key = g.role or g.effect
        if key and g.confident and g not in best[key]:
            g = Guess(g.column, score=0.0)  # another column answers this question better
        elif key and g.confident and len(best[key]) > 1:
            others = ", ".join(repr(o.column) for o in best[key] if o is not g)
            g = Guess(g.column, g.role, g.effect, g.score, clash=others)
        out.append(g)
    return Mapping(out)


def to_toml(mapping: Mapping, name: str) -> str:
    """The mapping as a file a person can read, edit and reuse (every column listed, unsure ones marked)."""
    q = json.dumps  # a JSON string is a valid TOML basic string
    lines = [
        f"# How the columns of the survey {q(name)} map to the dashboard's questions.",
        "# Lines marked 'unsure' stop the import until decided: change 'unsure' to 'effect' (or 'role') to confirm",
        "# the guess, write { ignore = true } to leave the column out, or list a yes/no question under",
        "# [extra_effects] with its label to keep it as this survey's own side effect.",
        "",
        "[survey]",
        f"duration_unit = {q(mapping.duration_unit)}  # what a bare number of time means: days, weeks, months, years",
        "",
        "[columns]",
    ]
    for g in mapping.guesses:
        if g.ignored:
            lines.append(f"{q(g.column)} = {{ ignore = true }}")
            continue
        if g.column in mapping.extra_effects:  # listed under [extra_effects] only
            continue
        if g.confident:
            kind, value = ("role", g.role) if g.role else ("effect", g.effect)
        else:
            kind, value = "unsure", g.role or g.effect or ""
        clash = f"  # ties with {g.clash}: confirm one" if g.clash else ""
        lines.append(f"{q(g.column)} = {{ {kind} = {q(value)}, score = {g.score:.2f} }}{clash}")
    if mapping.extra_effects:
        lines += ["", "[extra_effects]  # yes/no questions kept as this dataset's own side effects, with their label"]
        lines += [f"{q(c)} = {q(label)}" for c, label in mapping.extra_effects.items()]
    return "\n".join(lines) + "\n"


class MappingFileError(ValueError):
    """A mapping file that is not the TOML ``to_toml`` writes; the message says where."""


def from_toml(text: str) -> Mapping:
    """A mapping file read back; a confirmed line counts as certain (score 1) whatever score it carried."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingFileError(f"it is not valid TOML ({exc})") from None
    columns, extra = data.get("columns", {}), data.get("extra_effects", {})
    if not isinstance(columns, dict) or not isinstance(extra, dict):
        raise MappingFileError("[columns] and [extra_effects] must be tables")
    if bad := [c for c, entry in columns.items() if not isinstance(entry, dict)]:
        raise MappingFileError(f"the line for column {bad[0]!r} should read {{ role = ... }} or {{ effect = ... }}")
    guesses = []
    for column, entry in columns.items():
        if "role" in entry:
            guesses.append(Guess(column, role=entry["role"], score=1.0))
        elif "effect" in entry:
            guesses.append(Guess(column, effect=entry["effect"], score=1.0))
        elif entry.get("ignore"):
            guesses.append(Guess(column, ignored=True))
        else:
            guesses.append(Guess(column, score=float(entry.get("score", 0))))
    survey = data.get("survey", {})
    return Mapping(guesses, str(survey.get("duration_unit", "")), {str(c): str(v) for c, v in extra.items()})
