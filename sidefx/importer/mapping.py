"""Which column of a survey export is which question: guessed with a score, confirmed by a person, saved as TOML.

Columns that are no question are left out: a survey tool's own columns by their header
(Qualtrics' StartDate or IPAddress, REDCap's *_timestamp, ...), and, from their answers, dates or
times, e-mail addresses, IP addresses and free text. Columns about the respondent (id, drug, how
long, sex, age, stopping) are recognised by their wording, and a column of short codes unique to
each row as the id; side-effect questions are matched to the catalogue through the phrases in
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
    "Timestamp" = { ignore = true }     # a column that is no question: left out

    [extra_effects]                     # yes/no questions kept as this survey's own side effects
    "Ringing in the ears" = "Ringing in the ears"

    [select_all."Which side effects have you had?"]   # a select-all question (see sidefx.importer.selectall)
    column = "Q6"                       # one cell holding the ticked choices; without it, a column per choice
    separator = ","
    [select_all."Which side effects have you had?".choices]
    "Weight gain" = { effect = "weight_gain", score = 1.00 }
    "Ringing in the ears" = { own = "Ringing in the ears" }
    "None of these" = { none = true }
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field, replace

import pandas as pd

from sidefx import catalog
from sidefx.importer import selectall, told

CONFIDENT = 0.8
ROLES = {  # role -> header wordings (regular expressions over the lower-cased header)
    "id": [
        r"^(respondent|response|participant|record)?[ _-]?id$",
        r"^(respondent|participant) (id|number)",
        r"^(respondent|participant)( (no\.?|number|code))?$",
    ],
    "drug": [r"antidepressant", r"which (drug|medicine|medication)", r"^(drug|medication|medicine)( name)?$"],
    # Before 'duration': "how long did the withdrawal symptoms last?" is about withdrawal, not use.
    "withdrawal_duration": [
        r"how long did (the |your )?(withdrawal|symptoms|it|they) .*last",
        r"withdrawal.*(last|duration)",
    ],
    "duration": [r"how long", r"duration", r"length of (use|time)", r"time on (it|the)"],
    "sex": [r"^sex$", r"gender", r"^sex\b"],
    "age": [r"^age\b", r"how old", r"age (group|band|range)", r"\byour age\b", r"\bage in years\b"],
    "tried_to_stop": [r"(tried|try|trying) to (stop|come off|reduce)", r"come off", r"stopp?(ed)? taking"],
    "withdrawal_severity": [r"how (bad|severe)", r"severity"],
    "method": [r"taper", r"gradual", r"abrupt", r"cold turkey"],
    "restarted": [r"(went|go|gone) back on", r"restart"],
    "still_taking": [r"still (taking|on)", r"currently (taking|on)"],
}
ROLE_SCORE = 0.95
# Columns a survey tool adds to every export, not questions: left out. Matched on the header without case, spaces or
# punctuation ("Duration (in seconds)" is time spent on the survey, not how long the drug was taken).
TOOL_COLUMNS = {
    # Qualtrics
    "startdate", "enddate", "status", "ipaddress", "progress", "durationinseconds", "finished", "recordeddate",
    "recipientlastname", "recipientfirstname", "recipientemail", "externalreference", "externaldatareference",
    "locationlatitude", "locationlongitude", "distributionchannel", "userlanguage",
    "qtotalduration", "qrecaptchascore", "qrelevantidduplicate", "qrelevantidduplicatescore", "qrelevantidfraudscore",
    "qrelevantidlaststartdate", "qballotboxstuffing", "qurl",  # its fraud checks: Q_TotalDuration is time on the survey
    # SurveyMonkey
    "collectorid", "emailaddress", "firstname", "lastname",
    # REDCap
    "redcapsurveyidentifier", "redcapeventname", "redcaprepeatinstrument", "redcaprepeatinstance",
    "redcapdataaccessgroup", "surveyidentifier", "complete",  # the last two as its labels export names them
    # LimeSurvey
    "submitdate", "lastpage", "startlanguage", "seed", "datestamp", "token", "refurl", "ipaddr",
    # Google Forms, and anyone's
    "timestamp", "email", "name",
}  # fmt: skip
TOOL_PATTERNS = [r"timestamp$", r"_complete$", r"^custom ?data ?\d*$"]  # REDCap's per-form columns; SurveyMonkey's
VALUE_SCORE = 0.9  # a column told by its answers (dates, e-mails, a code unique to each row)
ABOUT_WITHDRAWAL = {"withdrawal_duration"}  # roles whose questions name withdrawal symptoms and are still this role
# ... and roles that are still this role when the side effect their question names is withdrawal itself ("how severe
# were the withdrawal symptoms?" asks how bad withdrawal was; "how severe was the weight gain?" is about weight gain).
OF_WITHDRAWAL = {"withdrawal_severity"}
PHRASE_INSIDE = 0.9  # the least score of a question that contains a catalogue phrase


@dataclass(frozen=True)
class Guess:
    column: str
    role: str | None = None  # a column about the respondent
    effect: str | None = None  # a side-effect question
    score: float = 0.0
    clash: str = ""  # another column this one ties with for the same question: then neither is used
    ignored: bool = False  # no question (a timestamp, an email, a comment): left out, and no reason to stop an import
    reason: str = ""  # why the guess was made from something other than the question's wording

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
    select_all: list[selectall.Question] = field(default_factory=list)  # select-all questions, with their choices

    def confirmed(self) -> list[Guess]:
        return [g for g in self.guesses if g.confident]

    def unsure(self) -> list[Guess]:
        """Columns nobody has decided on yet: not confidently a question, not left out, not kept as an own effect."""
        return [g for g in self.guesses if not g.confident and not g.ignored and g.column not in self.extra_effects]

    def columns(self) -> list[str]:
        """Every column the mapping names."""
        chosen = [c for question in self.select_all for c in question.columns]
        return list(dict.fromkeys([g.column for g in self.guesses] + list(self.extra_effects) + chosen))

    def unsure_choices(self) -> list[tuple[selectall.Question, selectall.Choice]]:
        """Choices of select-all questions nobody has decided on yet (they stop the import, as unsure columns do)."""
        return [(question, c) for question in self.select_all for c in question.unsure()]

    def column_for(self, role: str) -> str | None:
        return next((g.column for g in self.confirmed() if g.role == role), None)


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def _phrases() -> pd.DataFrame:
    phrases = pd.read_csv(catalog.sources_dir() / "effect_phrases.csv")
    labels = catalog.effects()[["effect", "label"]].rename(columns={"label": "phrase"})
    return pd.concat([labels, phrases], ignore_index=True).assign(phrase=lambda d: d.phrase.map(_words))


def guess_column(header: str, phrases: pd.DataFrame | None = None, values: pd.Series | None = None) -> Guess:
    """The best guess for one column, with its score (0 when nothing fits), from its header and, if given, answers."""
    guess, effect = _from_header(header, _phrases() if phrases is None else phrases)
    if guess.ignored:
        return guess
    kind = told.answers_kind(values) if values is not None else ""
    if kind == told.ID_KIND and not guess.confident:
        return Guess(header, role="id", score=VALUE_SCORE, reason=kind)
    if kind and kind != told.ID_KIND:
        return Guess(
            header, score=VALUE_SCORE, ignored=True, reason=f"its answers are {kind}, not answers to a question"
        )
    return _with_answers(guess, effect, told.kind(values))


def _from_header(header: str, phrases: pd.DataFrame) -> tuple[Guess, Guess]:
    """The header's guess, and its best side-effect guess (what the column is when its answers rule out the role)."""
    lowered = str(header).strip().lower()
    if _is_tool_column(lowered) and not any(re.search(p, lowered) for p in ROLES["id"]):
        tool = Guess(header, score=ROLE_SCORE, ignored=True, reason="a survey tool's own column, not a question")
        return tool, tool
    effect, score = guess_effect(header, phrases)
    best = Guess(header, effect=effect, score=score) if effect else Guess(header)
    for role, patterns in ROLES.items():
        # A question that holds a side effect's phrase is about that effect, even if it mentions stopping.
        about = role in ABOUT_WITHDRAWAL or (role in OF_WITHDRAWAL and best.effect == "withdrawal_effects")
        if any(re.search(p, lowered) for p in patterns) and (best.score < PHRASE_INSIDE or about):
            return Guess(header, role=role, score=ROLE_SCORE), best
    return best, best


TOLD_ROLES = ("drug", "duration", "sex")  # the roles a column's answers alone can tell (sidefx.importer.told)
SAME_ANSWERS = {"duration": ("duration", "withdrawal_duration")}  # roles answered alike: how long withdrawal lasted
# Whole numbers from 16 to 99 may be ages, or weights, or scores: they confirm a header that asks the age, and stop a
# side effect's guess (its answers would be yes or no), but make no column the age by themselves.


def _with_answers(guess: Guess, effect: Guess, kind: str) -> Guess:
    """The header's guess, confirmed, corrected or kept by what the answers show (see sidefx.importer.told)."""
    said = "its answers are " + {told.YES_NO: "yes or no", "drug": "drug names", "sex": "sexes"}.get(kind, f"{kind}s")
    agrees = guess.role in SAME_ANSWERS.get(kind, (kind,))
    if kind in TOLD_ROLES and not agrees:  # a question answered with drug names is not a side effect
        return Guess(guess.column, role=kind, score=VALUE_SCORE, reason=said)
    if kind and agrees:  # header and answers agree: surer than the header alone (this breaks a tie)
        return replace(guess, score=ROLE_SCORE + 0.03, reason=said)
    if kind == "age" and guess.effect:  # numbers are no answer to a yes/no side-effect question: a person decides
        return replace(guess, score=min(guess.score, CONFIDENT - 0.1), reason=f"{said}, not yes or no")
    if kind == told.YES_NO and guess.role in TOLD_ROLES:  # 'since starting this antidepressant, have you felt ...?'
        return replace(effect, reason=said) if effect.effect else Guess(guess.column, reason=said)
    return guess


def guess_effect(text: str, phrases: pd.DataFrame | None = None) -> tuple[str | None, float]:
    """The catalogue side effect a question's (or a choice's) wording names, and the score of that guess."""
    text = _words(text)
    phrases = _phrases() if phrases is None else phrases
    best: tuple[str | None, float] = (None, 0.0)
    if not text:
        return best
    for effect, phrase in zip(phrases.effect, phrases.phrase):
        if re.search(rf"\b{re.escape(phrase)}\b", text):  # the phrase inside the question: the more of it, the surer
            score = round(PHRASE_INSIDE + 0.1 * len(phrase) / len(text), 2)
        else:
            score = round(difflib.SequenceMatcher(None, text, phrase).ratio(), 2)
        if score > best[1]:
            best = (effect, score)
    return best


def _is_tool_column(lowered: str) -> bool:
    return re.sub(r"[^a-z0-9]", "", lowered) in TOOL_COLUMNS or any(re.search(p, lowered) for p in TOOL_PATTERNS)


def guess(columns: list[str], frame: pd.DataFrame | None = None) -> Mapping:
    """A guess for every column, from its header and, when ``frame`` is given, its answers. A question claimed by
    several columns goes to the best-scoring one; columns that tie for it are all left unsure, naming each other (a
    person decides). A second column of codes unique to each row, beside the id, is left out. Select-all questions
    (a column per choice, or one cell of ticked choices) are recognised first and listed with their choices."""
    phrases = _phrases()
    questions = _select_all(columns, frame, phrases)
    chosen = {c for question in questions for c in question.columns}
    guesses = [
        _beside(c, questions) or guess_column(c, phrases, _answers(frame, c)) for c in columns if c not in chosen
    ]
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
        if key and g.confident and g not in best[key] and g.reason == told.ID_KIND:
            g = Guess(g.column, score=g.score, ignored=True, reason=f"{told.ID_KIND}, beside the respondent id")
        elif key and g.confident and g not in best[key]:
            g = Guess(g.column, score=0.0)  # another column answers this question better
        elif key and g.confident and len(best[key]) > 1:
            others = ", ".join(repr(o.column) for o in best[key] if o is not g)
            g = Guess(g.column, g.role, g.effect, g.score, clash=others, reason=g.reason)
        out.append(g)
    return Mapping(out, select_all=questions)


SELECTED = " - Selected Choice"  # how Qualtrics' question text ends over a select-all question with a text box


def _beside(column: str, questions: list[selectall.Question]) -> Guess | None:
    """Qualtrics' Q6_5_TEXT, the words written beside a choice of the select-all question Q6, or (named by the question
    text) '<question> - Other - Text' beside '<question> - Selected Choice': left out."""
    for question in questions:
        stem = question.name.removesuffix(SELECTED) if question.name.endswith(SELECTED) else ""
        written = bool(stem) and column.startswith(f"{stem} - ") and column.endswith(" - Text")
        if written or (not question.column and re.fullmatch(re.escape(question.name) + r"_\d+_TEXT", column)):
            why = f"the words written beside a choice of the select-all question '{question.name}'"
            return Guess(column, score=ROLE_SCORE, ignored=True, reason=why)
    return None


def _select_all(columns: list[str], frame: pd.DataFrame | None, phrases: pd.DataFrame) -> list[selectall.Question]:
    """Select-all questions among the columns: groups of a column per choice, then one-cell columns (a column about
    the respondent, or left out as no question, is never one)."""

    def effect_of(text: str) -> tuple[str | None, float]:
        return guess_effect(text, phrases)

    questions = selectall.column_groups(columns, frame, effect_of, CONFIDENT)
    grouped = {c for question in questions for c in question.columns}
    for column in columns:
        values = _answers(frame, column)
        if column in grouped or values is None or _beside(column, questions):
            continue
        g = guess_column(column, phrases, values)
        if (g.ignored and "free text" not in g.reason) or (g.role and g.confident):
            continue
        if question := selectall.one_cell(column, values, effect_of, CONFIDENT):
            questions.append(question)
    return questions


def _answers(frame: pd.DataFrame | None, column: str) -> pd.Series | None:
    if frame is None or column not in frame:
        return None
    values = frame[column]
    return values.iloc[:, 0] if isinstance(values, pd.DataFrame) else values  # two columns of one name: the first


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
            why = f"  # {g.reason} (score {g.score:.2f})" if g.reason else ""
            lines.append(f"{q(g.column)} = {{ ignore = true }}{why}")
            continue
        if g.column in mapping.extra_effects:  # listed under [extra_effects] only
            continue
        if g.confident:
            kind, value = ("role", g.role) if g.role else ("effect", g.effect)
        else:
            kind, value = "unsure", g.role or g.effect or ""
        note = f"  # ties with {g.clash}: confirm one" if g.clash else (f"  # {g.reason}" if g.reason else "")
        lines.append(f"{q(g.column)} = {{ {kind} = {q(value)}, score = {g.score:.2f} }}{note}")
    if mapping.extra_effects:
        lines += ["", "[extra_effects]  # yes/no questions kept as this dataset's own side effects, with their label"]
        lines += [f"{q(c)} = {q(label)}" for c, label in mapping.extra_effects.items()]
    labels = dict(zip(catalog.effects().effect, catalog.effects().label))
    lines += selectall.toml_lines(mapping.select_all, labels)
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
    try:
        questions = selectall.from_data(data.get("select_all", {}))
    except ValueError as exc:
        raise MappingFileError(str(exc)) from None
    survey = data.get("survey", {})
    return Mapping(guesses, str(survey.get("duration_unit", "")), {str(c): str(v) for c, v in extra.items()}, questions)
