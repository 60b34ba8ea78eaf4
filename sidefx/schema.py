"""The shape every survey table must have, as pandera schemas.

Used to check the generated demo survey in the tests, and by ``sidefx.importer`` to
validate a user's own survey before the dashboard reads it. A table that fails gets a
list of plain-language problems, never a half-written data folder.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from sidefx import vocab, words

DURATION_BANDS = [*vocab.DURATION_BANDS, vocab.UNKNOWN_DURATION]
SEVERITIES = list(vocab.SEVERITIES)
SEXES = list(vocab.SEXES)
AGE_BANDS = list(vocab.AGE_BANDS)

RESPONDENTS = pa.DataFrameSchema(
    {
        "respondent_id": pa.Column("int64", pa.Check.ge(1), unique=True),
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
        "respondent_id": pa.Column("int64", pa.Check.ge(1)),
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
        "respondent_id": pa.Column("int64", pa.Check.ge(1), unique=True),
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
    """Plain-language problems with one table (empty when it is valid)."""
    try:
        SCHEMAS[name].validate(frame, lazy=True)
    except SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.head(max_items).itertuples():
            where = f"column '{case.column}'" if isinstance(case.column, str) else "the table"
            row = f" (row {int(case.index) + 1})" if pd.notna(case.index) else ""
            out.append(f"{name}: {where}{row}: {case.check} failed for value {case.failure_case!r}")
        return out
    return []


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
