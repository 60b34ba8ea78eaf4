"""The shape every survey table must have, as pandera schemas.

Used to check the generated demo survey in the tests, and by ``sidefx.importer`` to
validate a user's own survey before the dashboard reads it. A table that fails gets a
list of plain-language problems, never a half-written data folder.
"""

from __future__ import annotations

import ast
import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from sidefx import vocab, words

DURATION_BANDS = [*vocab.DURATION_BANDS, vocab.UNKNOWN_DURATION]
SEVERITIES = list(vocab.SEVERITIES)
SEXES = list(vocab.SEXES)
AGE_BANDS = list(vocab.AGE_BANDS)

ID_MAX = 200  # characters: a longer "id" is a mapped free-text column, not an id
ID_CHECK = pa.Check.str_length(1, ID_MAX)  # text as written: P0001, R_3kFvX9bQ2mLp7aZ, 101-1, 0042, 17

RESPONDENTS = pa.DataFrameSchema(
    {
        "respondent_id": pa.Column(str, ID_CHECK, unique=True),
        "dataset": pa.Column(str, pa.Check.str_length(1, 200)),
        "drug": pa.Column(str),
        "drug_class": pa.Column(str),
        "duration_months": pa.Column("Int32", pa.Check.in_range(0, 600), nullable=True, coerce=True),
        "duration_band": pa.Column(str, pa.Check.isin(DURATION_BANDS)),
        "sex": pa.Column(str, pa.Check.isin([*SEXES, vocab.NOT_GIVEN])),
        "age_band": pa.Column(str, pa.Check.isin([*AGE_BANDS, vocab.NOT_GIVEN])),
        "country": pa.Column(str, nullable=True),
        "still_taking": pa.Column("boolean", nullable=True, coerce=True),  # not every survey asks
        "tried_to_stop": pa.Column(bool),
    },
    strict=True,
    name="respondents",
)

RESPONSES = pa.DataFrameSchema(
    {
        "respondent_id": pa.Column(str, ID_CHECK),
        "effect": pa.Column(str),
        "reported": pa.Column(bool),
        "severity": pa.Column(str, pa.Check.isin([*SEVERITIES, vocab.NOT_GIVEN])),
    },
    checks=[
        pa.Check(
            lambda d: (d.severity == "none") == ~d.reported,
            error="severity is 'none' exactly when the effect was not reported",
        )
    ],
    unique=["respondent_id", "effect"],
    strict=True,
    name="responses",
)

WITHDRAWAL = pa.DataFrameSchema(
    {
        "respondent_id": pa.Column(str, ID_CHECK, unique=True),
        "had_withdrawal": pa.Column(bool),
        "severity": pa.Column(str, pa.Check.isin([*SEVERITIES, vocab.NOT_GIVEN])),
        "duration_weeks": pa.Column(float, pa.Check.in_range(0, 1040), nullable=True),
        "method": pa.Column(str, pa.Check.isin([*vocab.STOPPING_METHODS, vocab.NOT_GIVEN])),
        "restarted": pa.Column("boolean", nullable=True, coerce=True),
    },
    checks=[
        pa.Check(
            lambda d: (d.severity != "none") == d.had_withdrawal,
            error="severity is 'none' exactly when there was no withdrawal",
        ),
        pa.Check(
            lambda d: d.duration_weeks.isna() | d.had_withdrawal,
            error="a withdrawal duration is given only when there was withdrawal",
        ),
    ],
    strict=True,
    name="withdrawal",
)

SCHEMAS = {"respondents": RESPONDENTS, "responses": RESPONSES, "withdrawal": WITHDRAWAL}


def problems(name: str, frame: pd.DataFrame, max_items: int = 20) -> list[str]:
    """Plain-language problems with one table (empty when it is valid): one sentence per column and rule broken."""
    try:
        SCHEMAS[name].validate(frame.reset_index(drop=True), lazy=True)  # rows counted from 1, in order
    except SchemaErrors as exc:
        groups = exc.failure_cases.groupby(["column", "check"], sort=False, dropna=False)
        said = list(dict.fromkeys(_sentence(name, group) for _, group in groups))
        # A check that could not run on a column of the wrong kind adds nothing to the sentence saying so.
        wrong = {p.split(" should hold")[0] for p in said if " should hold " in p and "could not" not in p}
        return [p for p in said if p.split(" could not be checked")[0] not in wrong][:max_items]
    return []


KINDS = {  # what a column's type means to a person
    "str": "text",
    "string[pyarrow]": "text",  # how pandera names ``str`` under pandas 3
    "int64": "whole numbers",
    "Int32": "whole numbers (or blanks)",
    "bool": "true or false",
    "boolean": "true, false or blank",
    "float64": "numbers (or blanks)",
}


def _sentence(table: str, cases: pd.DataFrame) -> str:
    """The pandera failure cases of one column and one check as a sentence: no type names, no check names."""
    first = cases.iloc[0]
    check, column = str(first.check), first.column if isinstance(first.column, str) else None
    where = f"{table}: column '{column}'"
    kind = (
        KINDS.get(str(SCHEMAS[table].columns[column].dtype), "one kind of value")
        if column in SCHEMAS[table].columns
        else ""
    )
    rows = sorted({int(i) + 1 for i in cases["index"].dropna()})
    which = f"row{'s' * (len(rows) > 1)} {_listed(rows)}"
    at = f" on {which}" if rows else ""
    values = [f"'{v}'" for v in dict.fromkeys(cases.failure_case) if not _is_error(v)]
    listed, verb = _listed(values), "is" if len(values) == 1 else "are"
    if check == "column_in_dataframe":
        return f"{table}: the column{'s' * (len(values) > 1)} {listed} {verb} missing"
    if check == "column_in_schema":
        return f"{table}: {listed} {verb} not among this table's columns ({', '.join(SCHEMAS[table].columns)})"
    if first.schema_context == "DataFrameSchema" and check != "multiple_fields_uniqueness":
        return f"{table}: {check}{at}"  # a check of the whole table: its message is already a sentence
    if check.startswith(("dtype(", "coerce_dtype(")):
        return f"{where} should hold {kind}" + (f": {listed}{at}" if values and rows else "")
    if check == "not_nullable":
        return f"{where} is blank{at}"
    if check == "multiple_fields_uniqueness":
        return f"{table}: the same respondent and side effect are on more than one row ({which})"
    if check == "field_uniqueness":
        return f"{where}: {listed} {verb} on more than one row ({which})"
    if not values:
        return f"{where} could not be checked: it should hold {kind}"
    return f"{where}: {listed} {verb} {_rule(check)}{at}"


def _listed(items: list, most: int = 5) -> str:
    shown = [str(x) for x in items[:most]]
    more = len(items) - len(shown)
    if more:
        return f"{', '.join(shown)} and {more:,} more"
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if shown else ""


def _rule(check: str) -> str:
    """A pandera check's name (``isin([...])``, ``in_range(0, 600)``) as the rule it states."""
    if m := re.fullmatch(r"isin\((.*)\)", check):
        return f"not one of {', '.join(ast.literal_eval(m.group(1)))}"
    if m := re.fullmatch(r"in_range\((.*), (.*)\)", check):
        return f"outside {m.group(1)} to {m.group(2)}"
    if m := re.fullmatch(r"str_length\((.*), (.*)\)", check):
        return f"empty or longer than {m.group(2)} characters"
    if m := re.fullmatch(r"greater_than_or_equal_to\((.*)\)", check):
        return f"below {m.group(1)}"
    return "not allowed here"


def _is_error(value) -> bool:
    """pandera puts the exception a check raised (on values of the wrong kind) where the failing value goes."""
    return isinstance(value, BaseException) or bool(re.match(r"^\w+(Error|Exception)\(", str(value)))


def cross_table_problems(
    respondents: pd.DataFrame, responses: pd.DataFrame, withdrawal: pd.DataFrame, drugs: set[str], effects: set[str]
) -> list[str]:
    """Problems that span tables: unknown ids, drugs and effects; withdrawal answers from people who never stopped."""
    out = []
    ids = set(respondents.respondent_id)
    if unknown := set(responses.respondent_id) - ids:
        out.append(
            f"responses: {words.plural(len(unknown), 'answer')} belong to respondent ids not in respondents (e.g. {min(unknown)})"
        )
    if unknown := set(withdrawal.respondent_id) - ids:
        out.append(
            f"withdrawal: {words.plural(len(unknown), 'row')} belong to respondent ids not in respondents (e.g. {min(unknown)})"
        )
    if unknown := set(respondents.drug) - drugs:
        out.append(f"respondents: drugs not in the drug catalogue: {', '.join(sorted(unknown)[:10])}")
    if unknown := set(responses.effect) - effects:
        out.append(f"responses: side effects not in the catalogue: {', '.join(sorted(unknown)[:10])}")
    bands = respondents.duration_band.where(respondents.duration_months.notna(), vocab.UNKNOWN_DURATION)
    expected = (
        pd.cut(
            respondents.duration_months.astype("float"),
            [0, *vocab.DURATION_BAND_BOUNDS, float("inf")],
            right=False,
            labels=list(vocab.DURATION_BANDS),
        )
        .astype("string")
        .fillna(vocab.UNKNOWN_DURATION)
    )
    if (
        mismatch := (bands != respondents.duration_band) | (expected != respondents.duration_band.astype("string"))
    ).any():
        out.append(
            f"respondents: {words.plural(int(mismatch.sum()), 'row')} whose duration_band does not match duration_months "
            f"({', '.join(vocab.DURATION_BANDS)}; '{vocab.UNKNOWN_DURATION}' when months are missing)"
        )
    answers = responses[responses.effect == "withdrawal_effects"].set_index("respondent_id").reported
    had = withdrawal.set_index("respondent_id").had_withdrawal
    both = answers.index.intersection(had.index)
    if (answers[both] != had[both]).any():
        out.append(
            "responses/withdrawal: the 'withdrawal_effects' answer differs from withdrawal.had_withdrawal "
            "for some respondents"
        )
    stopped = set(respondents[respondents.tried_to_stop].respondent_id)
    if extra := set(withdrawal.respondent_id) - stopped:
        out.append(
            f"withdrawal: {words.plural(len(extra), 'row')} for respondents who did not try to stop (tried_to_stop is false)"
        )
    return out
