"""Select-all-that-apply questions ("Which of these side effects have you had?"), in every shape the tools export:

    one cell       "Weight gain,Feeling emotionally numb" (Qualtrics, joined by ","), ", " or ";" (Google Forms)
    one column per choice, recognised by the headers the tools write:
      "<question> - <choice>"      the choice's text or blank (SurveyMonkey, expanded, its header collapsed)
      "sidefx___1", "sidefx___2"   0/1 (REDCap, raw: the choice's label is in the data dictionary, not the export)
      "Side effects (choice=...)"  Checked/Unchecked (REDCap, labels)
      "Q6_1", "Q6_2"               the choice's text or 1, blank when not ticked (Qualtrics, split)
      "G01Q05[SQ001]", "... [Weight gain]"   Y or blank (LimeSurvey)

A respondent who answered the question (a non-empty cell; any of its columns ticked, "None of these" or "Other"
included) counts as "no" for every side effect they did not tick; one who skipped it (an empty cell; no column
ticked) is missing for each. Each choice is a catalogue side effect (guessed from its text; an unsure guess stops the
import until a person decides), this survey's own side effect, "none of these", "other", or left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pandas as pd

from sidefx.importer import answers

NONE, OTHER, IGNORE = "none", "other", "ignore"  # a choice that is no side effect: what it is
KIND_WORDS = {NONE: "none of these", OTHER: "other", IGNORE: "left out"}
SEPARATORS = (";", ", ", ",")
_NONE = re.compile(r"^(none|nothing|no side effects?|not any|i (have|had|did) not|i didn.?t)\b", re.IGNORECASE)
_OTHER = re.compile(r"^other\b", re.IGNORECASE)
_SELECT_ALL = re.compile(r"select all|tick all|check all|mark all|choose all|all that apply", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z]{0,3}\d+")  # a choice named by its code only (REDCap's 1, LimeSurvey's SQ001)
SHAPES = [  # header pattern (question stem, choice), and the shape in words
    (re.compile(r"^(.+?)___(\w+)$"), "one column per choice, 0/1 (REDCap, raw)"),
    (re.compile(r"^(.+?) ?\(choice=(.+)\)$"), "one column per choice, Checked/Unchecked (REDCap, labels)"),
    (re.compile(r"^(.+?) ?\[([^\[\]]+)\]$"), "one column per choice, Y or blank (LimeSurvey)"),
    (re.compile(r"^(.+?)_(\d+)$"), "one column per choice, its text or 1 (Qualtrics, split)"),
    (re.compile(r"^(.+) - (.+?)$"), "one column per choice, its text or blank (SurveyMonkey, expanded)"),
]


@dataclass(frozen=True)
class Choice:
    key: str  # a one-cell question's choice: its text; a column per choice: the column
    text: str = ""  # the choice as respondents saw it ("" when the export gives only a code)
    effect: str | None = None  # the catalogue side effect it is (confirmed)
    guess: str | None = None  # an unsure guess: stops the import until a person decides
    score: float = 0.0
    own: str = ""  # this survey's own side effect, under this label
    kind: str = ""  # NONE, OTHER or IGNORE: answered the question, but no side effect imported

    @property
    def decided(self) -> bool:
        return bool(self.effect or self.own or self.kind)

    @property
    def shown(self) -> str:
        return self.text or self.key


@dataclass(frozen=True)
class Question:
    name: str  # the question's wording, or the stem its columns share
    choices: tuple[Choice, ...]
    column: str = ""  # a one-cell question: its column ("" for a column per choice)
    separator: str = ","
    shape: str = ""  # the shape in words
    ignored: bool = False  # the whole question left out

    @property
    def columns(self) -> list[str]:
        return [self.column] if self.column else [c.key for c in self.choices]

    def unsure(self) -> list[Choice]:
        return [] if self.ignored else [c for c in self.choices if not c.decided]


def choice(key: str, text: str, guess_effect, confident: float) -> Choice:
    """A choice with its guess: none of these, other, or the catalogue side effect its text names."""
    if _NONE.match(text):
        return Choice(key, text, kind=NONE, score=1.0)
    if _OTHER.match(text):
        return Choice(key, text, kind=OTHER, score=1.0)
    effect, score = guess_effect(text) if text else (None, 0.0)
    if effect and score >= confident:
        return Choice(key, text, effect=effect, score=score)
    return Choice(key, text, guess=effect, score=score)


def _distinct(values: pd.Series) -> set[str]:
    return {answers._text(v) for v in values.dropna().unique()} - {""}


def _tick_like(values: pd.Series | None, option: str) -> bool:
    """A column of ticks: blanks, 0/1, Y, Checked/Unchecked, and at most one text (the choice's); free text for other."""
    if values is None or _OTHER.match(option):
        return True
    seen = _distinct(values)
    return not seen & {"no", "n"} and len(seen - answers.TICKED - answers.NOT_TICKED) <= 1


def _column_text(values: pd.Series | None, option: str, redcap_raw: bool) -> str:
    """The choice's text: from the header, else the one text its ticked cells hold (Qualtrics' Q6_1 = "Weight gain")."""
    if not redcap_raw and not _CODE.fullmatch(option):
        return option
    if values is None:
        return ""
    texts = {str(v).strip() for v in values.dropna()} - {""}
    texts = {t for t in texts if answers._text(t) not in answers.TICKED | answers.NOT_TICKED}
    return texts.pop() if len(texts) == 1 else ""


def column_groups(columns: list[str], frame: pd.DataFrame | None, guess_effect, confident: float) -> list[Question]:
    """Questions asked as one column per choice: two or more columns of one stem, in one tool's shape, holding ticks."""
    groups: dict[tuple[int, str], list[tuple[str, str]]] = {}
    taken = set()
    for i, (pattern, _) in enumerate(SHAPES):
        for column in columns:
            m = pattern.match(column)
            if m and column not in taken:
                groups.setdefault((i, m.group(1).strip()), []).append((column, m.group(2).strip()))
    out = []
    for (i, stem), members in groups.items():
        values = {c: frame[c] if frame is not None and c in frame else None for c, _ in members}
        if len(members) < 2 or any(c in taken for c, _ in members):
            continue
        if not all(_tick_like(values[c], option) for c, option in members):
            continue
        choices = tuple(
            choice(c, _column_text(values[c], option, i == 0), guess_effect, confident) for c, option in members
        )
        out.append(Question(stem, choices, shape=SHAPES[i][1]))
        taken |= {c for c, _ in members}
    return out


def separator(cells: pd.Series) -> str:
    """How a one-cell question's choices are joined: ';', ', ' (every comma followed by a space) or ','."""
    text = cells.dropna().astype(str)
    if text.str.contains(";").mean() >= 0.1:
        return ";"
    return ", " if not text.str.contains(r",(?! )").any() else ","


def _pieces(cells: pd.Series, sep: str) -> Counter:
    """The choices a one-cell column's answers hold, as far as they can be told apart (',' not before a space; a
    separator inside brackets, as in 'Sexual problems (e.g., low libido)', is part of its choice)."""
    split = {";": r"\s*;\s*", ", ": r",\s+", ",": r",(?! )"}[sep]
    found = Counter()
    for cell in cells.dropna().astype(str):
        found.update(p.strip() for p in _bracketed(re.split(f"({split})", cell)) if p.strip())
    return found


def _bracketed(parts: list[str]) -> list[str]:
    """re.split's pieces and the separators between them (kept) joined again while a '(' or '[' is still open."""
    pieces, held = [], ""
    for i, part in enumerate(parts):
        if i % 2 and not held:  # a separator between two whole pieces
            continue
        held += part
        if held.count("(") <= held.count(")") and held.count("[") <= held.count("]"):
            pieces.append(held)
            held = ""
    return pieces + ([held] if held else [])


SAMPLE = 20_000  # the answers a one-cell question's choices are listed from (a rarer one is reported at import)


def one_cell(column: str, cells: pd.Series, guess_effect, confident: float) -> Question | None:
    """A column holding the ticked choices of a select-all question in one cell, or None: its header says 'select all'
    (or 'tick all', ...), or its answers hold several choices apart, two or more of them catalogue side effects."""
    filled = cells.head(4 * SAMPLE).dropna().astype(str).str.strip().loc[lambda s: s != ""].head(SAMPLE)
    if filled.empty:
        return None
    sep, worded = separator(filled), bool(_SELECT_ALL.search(column))
    if not worded and filled.str.contains(sep.strip(), regex=False).mean() < 0.2:
        return None  # hardly any answer holds two choices: a question of one answer
    found = _pieces(filled, sep)
    choices = tuple(choice(p, p, guess_effect, confident) for p, _ in found.most_common())
    repeated = sum(n >= 2 for n in found.values()) >= 2
    if not worded and not (repeated and sum(c.effect is not None for c in choices) >= 2):
        return None
    return Question(column, choices, column=column, separator=sep, shape=f"one cell, choices joined by {sep!r}")


# The mapping file's part: [select_all."<question>"] with its [select_all."<question>".choices].


def toml_lines(questions: list[Question], labels: dict[str, str]) -> list[str]:
    q = _json
    lines = []
    if questions:
        lines += [
            "",
            '# Select-all questions. Each choice is { effect = ... } (a catalogue side effect), { own = "label" }',
            "# (this survey's own side effect), { none = true } (none of these), { other = true }, or",
            "# { ignore = true } (not imported); change 'unsure' to 'effect' to confirm a guess.",
        ]
    for question in questions:
        lines += ["", f"[select_all.{q(question.name)}]  # {question.shape}"]
        if question.column:
            lines += [f"column = {q(question.column)}", f"separator = {q(question.separator)}"]
        lines.append(f"ignore = {str(question.ignored).lower()}  # true leaves the whole question out")
        what = "choice as written" if question.column else "column (its choice)"
        lines.append(f"[select_all.{q(question.name)}.choices]  # {what} = what it is")
        for c in question.choices:
            lines.append(_choice_line(c, question, labels))
    return lines


def _choice_line(c: Choice, question: Question, labels: dict[str, str]) -> str:
    q = _json
    text = f", text = {q(c.text)}" if not question.column and c.text else ""
    if c.kind:
        return f"{q(c.key)} = {{ {c.kind} = true{text} }}"
    if c.own:
        return f"{q(c.key)} = {{ own = {q(c.own)}{text} }}"
    if c.effect:
        return f"{q(c.key)} = {{ effect = {q(c.effect)}{text}, score = {c.score:.2f} }}"
    note = (
        f"  # unsure: best guess '{labels.get(c.guess, c.guess)}'"
        if c.guess
        else "  # no match in the catalogue: say what it is"
    )
    return f"{q(c.key)} = {{ unsure = {q(c.guess or '')}{text}, score = {c.score:.2f} }}{note}"


def _json(text: str) -> str:
    import json

    return json.dumps(text)  # a JSON string is a valid TOML basic string


def from_data(data) -> list[Question]:
    """The [select_all] part of a mapping file read back (a confirmed effect counts as certain); ValueError in words."""
    if not isinstance(data, dict):
        raise ValueError("[select_all] must be a table of questions")
    out = []
    for name, entry in data.items():
        choices = entry.get("choices", {}) if isinstance(entry, dict) else None
        if not isinstance(choices, dict) or not all(isinstance(c, dict) for c in choices.values()):
            raise ValueError(f"the select-all question {name!r} needs a table of choices, each {{ effect = ... }}")
        read = tuple(_choice_from(str(key), c) for key, c in choices.items())
        out.append(
            Question(
                str(name),
                read,
                column=str(entry.get("column", "")),
                separator=str(entry.get("separator", ",")) or ",",
                ignored=bool(entry.get("ignore", False)),
                shape="one cell" if entry.get("column") else "one column per choice",
            )
        )
    return out


def _choice_from(key: str, c: dict) -> Choice:
    text = str(c.get("text", ""))
    for kind in (NONE, OTHER, IGNORE):
        if c.get(kind):
            return Choice(key, text, kind=kind, score=1.0)
    if c.get("own"):
        return Choice(key, text, own=str(c["own"]), score=1.0)
    if c.get("effect"):
        return Choice(key, text, effect=str(c["effect"]), score=1.0)
    return Choice(key, text, guess=str(c.get("unsure", "")) or None, score=float(c.get("score", 0)))


def decided(question: Question, picked: dict[str, str]) -> Question:
    """The question as a person chose on the Import page: choice key -> 'effect:<key>', 'own', a kind, or undecided."""
    choices = []
    for c in question.choices:
        pick = picked.get(c.key, "")
        base = Choice(c.key, c.text, guess=c.effect or c.guess, score=min(c.score, 0.79))
        if pick.startswith("effect:"):
            c = Choice(c.key, c.text, effect=pick.removeprefix("effect:"), score=1.0)
        elif pick == "own":
            c = Choice(c.key, c.text, own=c.own or c.shown, score=1.0)
        elif pick in KIND_WORDS:
            c = Choice(c.key, c.text, kind=pick, score=1.0)
        elif pick:
            c = base
        choices.append(c)
    return replace(question, choices=tuple(choices))


@dataclass
class Read:
    """A question read for every row: which choices each respondent ticked, and who answered it at all."""

    ticks: pd.DataFrame  # rows x choice keys, True where ticked
    answered: pd.Series  # rows: the question was answered
    unlisted: Counter = field(default_factory=Counter)  # a one-cell answer's text the mapping's choices do not hold


def read(rows: pd.DataFrame, question: Question) -> Read:
    if question.column:
        texts = [c.key for c in question.choices]
        found = [answers.choices_in(cell, texts, question.separator) for cell in rows[question.column]]
        ticks = pd.DataFrame(
            [[t in ticked for t in texts] for ticked, _ in found], index=rows.index, columns=texts, dtype=bool
        )
        answered = rows[question.column].map(lambda v: answers._text(v) != "")
        return Read(ticks, answered, Counter(p for _, unknown in found for p in unknown))
    ticks = pd.DataFrame({c.key: rows[c.key].map(answers.ticked) for c in question.choices}, index=rows.index)
    return Read(ticks.astype(bool), ticks.any(axis=1))


def effects_of(question: Question, own_keys: dict[tuple[str, str], str]) -> dict[str, list[str]]:
    """Each side effect the question imports -> the choices that say it (several choices of one effect: any ticked)."""
    out: dict[str, list[str]] = {}
    for c in question.choices:
        effect = c.effect or own_keys.get((question.name, c.key))
        if effect:
            out.setdefault(effect, []).append(c.key)
    return out


def responses(question: Question, found: Read, ids: pd.Series, effects: dict[str, list[str]]) -> pd.DataFrame:
    """One responses row per respondent who answered and side effect: reported when any of its choices was ticked."""
    who = found.answered.to_numpy()
    parts = []
    for effect, keys in effects.items():
        said = found.ticks[keys].any(axis=1).to_numpy()[who]
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": ids.to_numpy()[who],
                    "effect": effect,
                    "reported": said,
                    "severity": ["not given" if s else "none" for s in said],
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def tally(question: Question, found: Read, effects: dict[str, list[str]], labels: dict[str, str]) -> dict:
    """What the report says of a question: who answered, and per side effect how many ticked it of them."""
    answered = found.answered
    texts = {c.key: c.shown for c in question.choices}
    imported = [
        (labels.get(effect, effect), [texts[k] for k in keys], int(found.ticks[keys][answered].any(axis=1).sum()))
        for effect, keys in effects.items()
    ]
    used = {k for keys in effects.values() for k in keys}
    left = [(c.shown, KIND_WORDS.get(c.kind, "left out"), int(found.ticks[c.key].sum())) for c in question.choices]
    return {
        "question": question.name,
        "shape": question.shape,
        "answered": int(answered.sum()),
        "skipped": int((~answered).sum()),
        "effects": imported,
        "not_imported": [row for row, c in zip(left, question.choices) if c.key not in used],
        "unlisted": found.unlisted,
    }


def report_lines(summary: dict) -> list[str]:
    lines = [
        f"select-all question {summary['question']!r} ({summary['shape']}): {summary['answered']:,} answered, "
        f"{summary['skipped']:,} skipped it (missing for each of its side effects)"
    ]
    for label, choices, n in summary["effects"]:
        said = "" if choices == [label] else f" (choice {', '.join(repr(c) for c in choices)})"
        lines.append(f"  {label}{said}: {n:,} ticked of {summary['answered']:,} answered")
    if summary["not_imported"]:
        lines.append(
            "  not imported: " + ", ".join(f"{c!r} ({what}, {n:,} ticked)" for c, what, n in summary["not_imported"])
        )
    if summary["unlisted"]:
        lines.append(
            "  answers that are none of the mapping's choices, not imported: "
            + ", ".join(f"{p!r} ({n:,})" for p, n in summary["unlisted"].most_common(20))
        )
    return lines
