"""A survey export (one row per respondent, one column per question) into the dashboard's three tables.

The mapping (``sidefx.importer.mapping``) says which column is which question; ``sidefx.importer.answers`` reads
each cell. Nothing is guessed: a row whose id or drug cannot be read, or whose id is shared with
another row, is quarantined with its reason (not dropped silently, not fatal); any other cell
that cannot be read becomes missing and is counted by column and reason. A drug name the
synonyms table does not know is listed with its count.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from sidefx import catalog, drugnames, vocab, words
from sidefx.importer import answers, responsedate, schema, selectall
from sidefx.importer.mapping import ROLES, Mapping

REQUIRED = ("id", "drug")
DURATION_UNITS = ("days", "weeks", "months", "years")  # what a bare number of time may be said to mean
BANDS = list(zip(vocab.DURATION_BAND_BOUNDS, vocab.DURATION_BANDS))  # below each bound


class MappingIncomplete(Exception):
    """The mapping leaves a required column or a question unsure; ``problems`` says which."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Converted:
    tables: dict[str, pd.DataFrame]
    quarantined: pd.DataFrame  # the export's own rows, with a 'reason' column
    missing: Counter = field(default_factory=Counter)  # (column, reason) -> cells set missing
    noted: Counter = field(default_factory=Counter)  # (column, how) -> cells read in a way to say (since a year)
    unknown_drugs: Counter = field(default_factory=Counter)  # name as written -> rows
    near_drugs: Counter = field(default_factory=Counter)  # (name as written, the drug it was read as) -> rows
    empty_questions: list[str] = field(default_factory=list)  # columns with no answer at all, left out
    own_effects: pd.DataFrame = field(default_factory=pd.DataFrame)  # this survey's own questions, as effects rows
    left_out: Counter = field(default_factory=Counter)  # reason -> the export's rows left out as no responses
    read_as: tuple[str, ...] = ()  # the tool that wrote the export, and its header rows as read
    select_all: list[dict] = field(default_factory=list)  # per select-all question: who answered, per effect who ticked


# The tables' text columns: typed even when no row is left, so that an empty table is still a valid one.
TEXT = (
    "respondent_id",
    "dataset",
    "drug",
    "drug_class",
    "duration_band",
    "sex",
    "age_band",
    "country",
    "severity",
    "method",
)


def _empty(types: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})


def duration_band(months) -> str:
    if months is None or pd.isna(months):
        return vocab.UNKNOWN_DURATION
    return next((band for bound, band in BANDS if months < bound), vocab.DURATION_BANDS[-1])


def check_mapping(mapping: Mapping) -> None:
    """Refuse a mapping that lacks a required column or leaves any column unsure."""
    problems = [
        f"no column is confidently the respondent's {role}" for role in REQUIRED if not mapping.column_for(role)
    ]
    claimed: dict[str, list[str]] = {}
    for g in mapping.confirmed():
        if g.role and g.role not in ROLES:
            problems.append(f"column '{g.column}': '{g.role}' is not a role (one of {', '.join(ROLES)})")
        claimed.setdefault(g.role or g.effect, []).append(g.column)
    problems += _select_all_problems(mapping, claimed)
    for what, columns in claimed.items():
        if len(columns) > 1:
            problems.append(f"{' and '.join(repr(c) for c in columns)} are all mapped to '{what}': keep one")
    if mapping.duration_unit not in ("", *DURATION_UNITS):
        problems.append(f"duration_unit '{mapping.duration_unit}' is not one of {', '.join(DURATION_UNITS)}")
    for g in mapping.unsure():
        what = g.role or g.effect
        why = (
            f"ties with {g.clash}" if g.clash else (f"best guess '{what}', score {g.score:.2f}" if what else "no match")
        )
        problems.append(f"column '{g.column}' is unsure ({why})")
    if problems:
        raise MappingIncomplete(problems)


def _select_all_problems(mapping: Mapping, claimed: dict[str, list[str]]) -> list[str]:
    """A select-all choice that is undecided, or names no catalogue effect; a column in two places. Adds the
    questions' effects to ``claimed`` (the columns that claim each effect), so one effect is imported once."""
    problems, known = [], set(catalog.effects().effect)
    in_columns = {g.column for g in mapping.guesses} | set(mapping.extra_effects)
    for question in (q for q in mapping.select_all if not q.ignored):
        for column in (c for c in question.columns if c in in_columns):
            problems.append(f"column '{column}' is listed under [columns] and in the select-all question: keep one")
        for c in question.choices:
            if c.effect and c.effect not in known:
                problems.append(
                    f"'{c.shown}' of the select-all question '{question.name}': '{c.effect}' is not a catalogue side "
                    f"effect (one of {', '.join(sorted(known))})"
                )
        for effect in {c.effect for c in question.choices if c.effect}:
            claimed.setdefault(effect, []).append(question.name)
    for question, c in mapping.unsure_choices():
        why = f"best guess '{c.guess}', score {c.score:.2f}" if c.guess else "no match in the catalogue"
        problems.append(
            f"'{c.shown}' of the select-all question '{question.name}' is unsure ({why}): say which side effect it is, "
            "or that it is this survey's own, none of these, other, or left out"
        )
    return problems


def _ids(frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """Each row's id, as text as written (P0001, R_3kFvX9bQ2mLp7aZ, 101-1, 0042), and, for rows to quarantine, why."""
    ids = frame[column]
    if pd.api.types.is_float_dtype(ids) and (ids.dropna() % 1 == 0).all():  # a Parquet export's 17.0 is id 17
        ids = ids.astype("Int64")
    ids = ids.astype("str").str.strip()
    ids = ids.where(ids != "")
    reason = pd.Series("", index=frame.index, dtype="object")
    reason[ids.isna()] = "the id is blank"
    reason[ids.str.len() > schema.ID_MAX] = f"the id is longer than {schema.ID_MAX} characters"
    reason[ids.notna() & ids.duplicated(keep=False)] = "the id is shared with another row"
    return ids, reason


def _effect_columns(mapping: Mapping) -> tuple[dict, pd.DataFrame, dict]:
    """Column -> side effect (the catalogue's and the survey's own), the own effects, and (question, choice) -> own
    effect for the choices of select-all questions kept as the survey's own."""
    effects = {g.column: g.effect for g in mapping.confirmed() if g.effect}
    chosen = {(q.name, c.key): c.own for q in mapping.select_all if not q.ignored for c in q.choices if c.own}
    own = own_effects(mapping.extra_effects | chosen)
    effects |= {column: effect for column, effect in zip(own.column, own.effect) if isinstance(column, str)}
    return effects, own, {key: effect for key, effect in zip(own.column, own.effect) if isinstance(key, tuple)}


def _resolved(written: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each row's drug as INN (its name read, else the one known name a small edit away), and those read the second
    way."""
    drugs = written.map(lambda v: drugnames.resolve(v) if isinstance(v, str) else None)
    near = written.where(drugs.isna()).map(lambda v: drugnames.nearest(v) if isinstance(v, str) else None)
    return drugs.fillna(near), near


def convert(frame: pd.DataFrame, mapping: Mapping, name: str) -> Converted:
    check_mapping(mapping)
    col = {g.role: g.column for g in mapping.confirmed() if g.role}
    effects, own, own_keys = _effect_columns(mapping)
    ids, reason = _ids(frame, col["id"])
    written = frame[col["drug"]]
    drugs, near = _resolved(written)
    unknown = written.where(drugs.isna() & written.notna())
    reason[(reason == "") & drugs.isna()] = "the drug is blank or not a known antidepressant name"
    out = Converted({}, frame[reason != ""].assign(reason=reason[reason != ""]))
    out.unknown_drugs = Counter(unknown.dropna().astype(str).str.strip())
    out.near_drugs = Counter(zip(written[near.notna()].astype(str).str.strip(), near.dropna()))
    keep = reason == ""
    rows, ids, drugs = frame[keep], ids[keep], drugs[keep]

    def read(role, reader, on=None, **kw):  # on: each row's response date, for readers that take one
        if role not in col:
            return pd.Series([None] * len(rows), index=rows.index, dtype="object")
        values = []
        for cell, day in zip(rows[col[role]], [None] * len(rows) if on is None else on):
            value, why = reader(cell, **kw) if on is None else reader(cell, on=day, **kw)
            if value is None and why != answers.BLANK:
                out.missing[(col[role], why)] += 1
            elif value is not None and why:
                out.noted[(col[role], why)] += 1
            values.append(value)
        return pd.Series(values, index=rows.index, dtype="object")

    dates = responsedate.of_rows(rows, skip=[*col.values(), *effects])
    months = read("duration", answers.duration, on=dates, unit=mapping.duration_unit or None)
    stopped = read("tried_to_stop", answers.yes_no)
    classes = catalog.drugs().set_index("inn").drug_class
    respondents = pd.DataFrame(
        {
            "respondent_id": ids,
            "dataset": name,
            "drug": drugs,
            "drug_class": drugs.map(classes),
            "duration_months": pd.array(months, dtype="Int32"),
            "duration_band": months.map(duration_band),
            "sex": read("sex", answers.sex).fillna(vocab.NOT_GIVEN),
            "age_band": read("age", answers.age_band).fillna(vocab.NOT_GIVEN),
            "country": pd.Series([None] * len(rows), index=rows.index, dtype="object"),
            "still_taking": pd.array(read("still_taking", answers.yes_no), dtype="boolean"),
            "tried_to_stop": stopped.fillna(False).astype(bool),
        }
    ).reset_index(drop=True)
    respondents = respondents.astype({c: "str" for c in TEXT if c in respondents})
    responses = _responses(rows, ids, effects, out)
    responses = _select_all(rows, ids, mapping, own_keys, responses, out)
    out.own_effects = own[own.effect.isin(set(responses.effect))].drop(columns="column").reset_index(drop=True)
    out.tables = {
        "respondents": respondents,
        "responses": responses,
        **_withdrawal(rows, ids, stopped, col, responses, read),
    }
    return out


OWN_PREFIX = "own_"


def own_effects(extra: dict[str, str]) -> pd.DataFrame:
    """A survey's own yes/no questions as rows of the effects table: a key of its own, its label, after the catalogue's."""
    rows, used = [], set()
    for i, (column, label) in enumerate(extra.items()):
        label = " ".join(str(label or column).split())[:80]
        key = OWN_PREFIX + (re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or str(i))
        while key in used:
            key += "_"
        used.add(key)
        rows.append((column, key, label, vocab.OWN_EFFECT_DOMAIN, 1000 + i))
    return pd.DataFrame(rows, columns=["column", "effect", "label", "domain", "sort_order"])


def _answer(cell) -> tuple[bool | None, str, str]:
    """(reported, severity, why missing) for a side-effect answer given as yes/no or as a severity."""
    said, why = answers.yes_no(cell)
    if said is not None:
        return said, ("none" if not said else vocab.NOT_GIVEN), ""
    level, why2 = answers.severity(cell)
    if level is not None:
        return level != "none", level, ""
    return None, "", why if why == answers.BLANK else "not yes/no or a severity"


def _responses(rows, ids, effects: dict[str, str], out: Converted) -> pd.DataFrame:
    parts = []
    for column, effect in effects.items():
        read = [_answer(c) for c in rows[column]]
        answered = [r for r in read if r[0] is not None]
        if not answered:
            out.empty_questions.append(column)
            continue
        for _, _, why in read:
            if why and why != answers.BLANK:
                out.missing[(column, why)] += 1
        keep = [r[0] is not None for r in read]
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": ids[keep].to_numpy(),
                    "effect": effect,
                    "reported": [r[0] for r in answered],
                    "severity": [r[1] for r in answered],
                }
            )
        )
    cols = {"respondent_id": "str", "effect": "str", "reported": "bool", "severity": "str"}
    return pd.concat(parts, ignore_index=True).astype(cols) if parts else _empty(cols)


def _select_all(rows, ids, mapping: Mapping, own_keys, responses: pd.DataFrame, out: Converted) -> pd.DataFrame:
    """The select-all questions' answers added to the responses; each question tallied for the report."""
    labels = dict(zip(catalog.effects().effect, catalog.effects().label))
    labels |= {
        own_keys[(q.name, c.key)]: c.own for q in mapping.select_all if not q.ignored for c in q.choices if c.own
    }
    parts = [responses]
    for question in (q for q in mapping.select_all if not q.ignored):
        found = selectall.read(rows, question)
        effects = selectall.effects_of(question, own_keys)
        if not found.answered.any():
            out.empty_questions.append(question.name)
            continue
        parts.append(selectall.responses(question, found, ids, effects))
        out.select_all.append(selectall.tally(question, found, effects, labels))
    return pd.concat(parts, ignore_index=True).astype(responses.dtypes.to_dict()) if len(parts) > 1 else responses


def _withdrawal(rows, ids, stopped, col, responses, read) -> dict[str, pd.DataFrame]:
    """One row per respondent who tried to stop: had withdrawal (the withdrawal question, else a severity), how bad, how."""
    severity = read("withdrawal_severity", answers.severity)
    method = read("method", _method)
    restarted = read("restarted", answers.yes_no)
    lasted = read("withdrawal_duration", answers.duration_weeks)  # a bare number has no unit here: not given
    said = responses[responses.effect == "withdrawal_effects"].set_index("respondent_id").reported
    by_id = pd.Series(ids.to_numpy(), index=rows.index)
    had = by_id.map(said).where(by_id.map(said).notna(), severity.map(lambda s: None if s is None else s != "none"))
    tried = stopped.fillna(False).astype(bool) & had.notna()
    sev = [
        ("none" if not h else (s if s not in (None, "none") else vocab.NOT_GIVEN))
        for h, s in zip(had[tried], severity[tried])
    ]
    withdrawal = pd.DataFrame(
        {
            "respondent_id": ids[tried].to_numpy(),
            "had_withdrawal": had[tried].astype(bool).to_numpy(),
            "severity": pd.Series(sev, dtype="object"),
            "duration_weeks": pd.Series([w if h else None for h, w in zip(had[tried], lasted[tried])], dtype="float64"),
            "method": pd.Series(method[tried].fillna(vocab.NOT_GIVEN).to_numpy(), dtype="object"),
            "restarted": pd.array(restarted[tried], dtype="boolean"),
        }
    )
    return {"withdrawal": withdrawal.astype({c: "str" for c in TEXT if c in withdrawal})}


def _method(cell) -> tuple[str | None, str]:
    text = str(cell).strip().lower() if isinstance(cell, str) else ""
    if not text:
        return None, answers.BLANK
    if re.search(r"taper|gradual|slowly|reduc", text):
        return "tapered", ""
    if re.search(r"abrupt|cold turkey|all at once|suddenly|stopped", text):
        return "abrupt", ""
    return None, "not a way of stopping (tapered or abrupt)"


def report(converted: Converted, out) -> str:
    """What was imported, what was quarantined and why, and which cells were set missing and why."""
    t = converted.tables
    lines = [
        *converted.read_as,
        f"imported into {out}: respondents {len(t['respondents']):,}, answers {len(t['responses']):,}, "
        f"stopping reports {len(t['withdrawal']):,}",
    ]
    if left := converted.left_out:
        n = sum(left.values())
        what = "row that is not a response" if n == 1 else "rows that are not responses"
        lines.append(f"left out {n:,} {what} (--keep-nonresponses keeps them):")
        lines += [f"  {words.plural(n, 'row')}: {why}" for why, n in left.most_common()]
    q = converted.quarantined
    if len(q):
        lines.append(f"quarantined {words.plural(len(q), 'row')} (in {out}/quarantined.csv, each with its reason):")
        lines += [f"  {words.plural(n, 'row')}: {why}" for why, n in q.reason.value_counts().items()]
    if converted.near_drugs:
        names = ", ".join(f"{name!r} as {inn} ({n})" for (name, inn), n in converted.near_drugs.most_common(20))
        lines.append(f"drug names read as the one known name they are closest to (check them): {names}")
    if converted.unknown_drugs:
        names = ", ".join(f"{name!r} ({n})" for name, n in converted.unknown_drugs.most_common(20))
        lines.append(
            f"drug names not recognised (add them to data/sources/drug_names.csv if they are antidepressants): {names}"
        )
    if converted.missing:
        lines.append("cells set missing:")
        lines += [f"  {column!r}: {n:,} {why}" for (column, why), n in converted.missing.most_common()]
    for (column, how), n in converted.noted.most_common():
        lines.append(f"{column!r}: {words.plural(n, 'duration')} {how}")
    if len(converted.own_effects):
        lines.append(
            "kept as this survey's own side effects: " + ", ".join(repr(x) for x in converted.own_effects.label)
        )
    for question in converted.select_all:
        lines += selectall.report_lines(question)
    if converted.empty_questions:
        lines.append("questions with no answers, left out: " + ", ".join(repr(c) for c in converted.empty_questions))
    return "\n".join(lines)
