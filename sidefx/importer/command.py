"""Import your own survey: validate it, then write a data folder the dashboard can read.

    python -m sidefx.importer FILE --name NAME --write-mapping MAPPING   # guess the columns, import nothing
    python -m sidefx.importer FILE --name NAME [--mapping MAPPING] [--sheet SHEET] [--out DIR] [--replace]
    python -m sidefx.importer --respondents r.csv --responses s.csv --withdrawal w.csv --out my-data
    SIDEFX_DATA_DIR=my-data streamlit run dashboard.py

Inputs are CSV or Parquet files with the columns documented in data/README.md. Nothing
is written unless every check passes, and the output folder is filled atomically: a
failed import never leaves a half-written or mixed folder behind.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from sidefx import catalog, csvsafe, cubes, settings, words
from sidefx.build import folders
from sidefx.importer import dictionary as codebook
from sidefx.importer import mapping, reading, schema, wide
from sidefx.serve import datasets


class ImportRefused(Exception):
    """The survey files did not pass validation; ``problems`` says what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def read(path: Path) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype={"respondent_id": str})  # ids are text: 0042 keeps its zeros
    raise ImportRefused([f"{path.name}: use a .csv or .parquet file"])


def _normalise(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if frame.empty:
        if name == "respondents":
            raise ImportRefused([f"{name}: the table has no rows"])
        kinds = {c: str(col.dtype).replace("string[pyarrow]", "str") for c, col in schema.SCHEMAS[name].columns.items()}
        return frame.astype({c: kinds[c] for c in frame if c in kinds})  # a header alone says nothing of types
    if "respondent_id" in frame:
        frame["respondent_id"] = id_text(frame.respondent_id)
    for col in ("reported", "still_taking", "tried_to_stop", "had_withdrawal", "restarted"):
        if col in frame and not pd.api.types.is_bool_dtype(frame[col]):
            mapped = (
                frame[col]
                .astype(str)
                .str.strip()
                .str.lower()
                .map({"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False})
            )
            if mapped.isna().any():
                raise ImportRefused([f"{name}: column '{col}' must be true/false on every row"])
            frame[col] = mapped.astype(bool)
    if "duration_weeks" in frame:
        frame["duration_weeks"] = pd.to_numeric(frame.duration_weeks, errors="coerce").astype(float)
    for col in ("drug", "drug_class", "sex", "effect", "severity", "method"):
        if col in frame and pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].astype(str).str.strip()
    if "drug" in frame:
        frame["drug"] = frame.drug.str.lower()
    return frame


def id_text(ids: pd.Series) -> pd.Series:
    """Respondent ids as text, as written (a blank is missing); a whole number read as 17.0 is '17'."""
    if pd.api.types.is_float_dtype(ids) and (ids.dropna() % 1 == 0).all():
        ids = ids.astype("Int64")
    text = ids.astype("str").str.strip()
    return text.where(text != "")


def validate(
    respondents: pd.DataFrame, responses: pd.DataFrame, withdrawal: pd.DataFrame, own_effects: tuple[str, ...] = ()
) -> dict[str, pd.DataFrame]:
    frames = {"respondents": respondents, "responses": responses, "withdrawal": withdrawal}
    frames = {k: _normalise(k, v) for k, v in frames.items()}
    problems = [p for name, frame in frames.items() for p in schema.problems(name, frame)]
    if not problems:
        problems = schema.cross_table_problems(
            *frames.values(), set(catalog.drugs().inn), set(catalog.effects().effect) | set(own_effects)
        )
    if problems:
        raise ImportRefused(problems)
    return frames


MARKER = datasets.MARKER  # marks a folder this importer made, which a later import may replace


def import_survey(respondents: Path, responses: Path, withdrawal: Path, out: Path) -> dict[str, int]:
    """The three normalised tables (CSV or Parquet), validated, into a data folder."""
    out = Path(out).resolve()
    _may_write(out, replace=True)
    frames = validate(read(respondents), read(responses), read(withdrawal))
    names = ", ".join(sorted(frames["respondents"].dataset.unique()))
    _write(frames, out, names)
    return {k: len(v) for k, v in frames.items()}


def _may_write(out: Path, replace: bool) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ImportRefused(
            [
                f"{out} is not empty and was not made by this importer: choose a new folder "
                "(an earlier import's folder may be replaced)"
            ]
        )
    if out.exists() and (out / MARKER).exists() and not replace:
        raise ImportRefused([f"{out} already holds an imported dataset: add --replace to replace it"])


def _write(
    frames: dict[str, pd.DataFrame],
    out: Path,
    name: str,
    extra: dict[str, bytes] | None = None,
    own_effects: pd.DataFrame | None = None,
    origin: str = "survey tables",
) -> None:
    """Everything into a temporary folder beside ``out``, renamed into place only when complete.

    ``origin`` says what was imported (e.g. "survey file wave1.csv"): with the name and the date it is the
    dataset's source, printed on every figure.
    """
    with folders.replacing(out, ".import-") as staging:
        folders.write_reference_tables(staging, own_effects)
        for table, frame in frames.items():
            frame.to_parquet(staging / f"{table}.parquet", index=False)
        folders.write_dataset(staging, name, False, f"{name}: {origin}, imported {datetime.date.today():%Y-%m-%d}")
        cubes.build(staging)
        for file, data in (extra or {}).items():
            (staging / file).write_bytes(data)
        (staging / MARKER).write_text("made by python -m sidefx.importer\n")


def import_export(
    file: Path,
    name: str,
    mapping_file: Path | None,
    sheet: str | None,
    out: Path | None,
    replace: bool,
    keep_nonresponses: bool = False,
    dictionary: Path | None = None,
) -> tuple[Path, wide.Converted]:
    """A survey tool's export (one row per respondent) into a data folder, through the mapping; rows that are not
    responses (previews, unfinished ones, ...) are left out and counted unless ``keep_nonresponses``."""
    out = Path(out or Path(settings.get("datasets_dir")) / datasets.slug(name)).resolve()
    _may_write(out, replace)  # before reading what may be a large file (import_frame checks again before writing)
    survey = _export(file, sheet, dictionary)
    export = survey.frame
    try:
        plan = (
            mapping.from_toml(Path(mapping_file).read_text())
            if mapping_file
            else mapping.guess(list(export.columns), export.head(settings.get("mapping_sample_rows")))
        )
    except (OSError, UnicodeDecodeError, mapping.MappingFileError) as exc:
        raise ImportRefused([f"the mapping {Path(mapping_file).name} cannot be read: {exc}"]) from None
    if mapping_file and (missing := [c for c in plan.columns() if c not in export.columns]):
        raise ImportRefused([f"the mapping names columns the file does not have: {', '.join(missing[:10])}"])
    how = "edit the mapping file, then import with --mapping" if mapping_file else None
    rows, left_out = responses(survey, keep_nonresponses, "import with --keep-nonresponses to keep them")
    converted = import_frame(rows, plan, name, out, replace, how, f"survey file {Path(file).name}", left_out)
    converted.read_as = tuple(read_as(survey))
    return out, converted


def responses(survey: reading.SurveyFile, keep: bool, how: str) -> tuple[pd.DataFrame, Counter]:
    """The export's rows to import and the rows left out as no responses, by reason; refused when none is left."""
    rows, left_out = survey.responses(keep)
    if rows.empty:
        why = "; ".join(f"{words.plural(n, 'row')}: {reason}" for reason, n in left_out.most_common())
        raise ImportRefused([f"no row of {survey.name} is a response ({why}): {how}"])
    return rows, left_out


def read_as(survey: reading.SurveyFile, most: int = 40) -> list[str]:
    """The tool that wrote the export, and its header rows as read, column by column, with the name each was given
    (the columns that keep the name in their first row, such as the tool's own, are not listed)."""
    layout = survey.layout
    if layout is None:
        return []
    lines = [layout.describe()]
    named = [(i, n) for i, n in enumerate(layout.names[: len(layout.rows[0])]) if n != layout.rows[0][i]]
    if len(layout.rows) > 1 and named:
        lines.append("the header rows as read (row 1 | row 2 ...  ->  the column's name), where they made a new name:")
        for i, name in named[:most]:
            lines.append(f"  {' | '.join(row[i] if i < len(row) else '' for row in layout.rows)}  ->  {name!r}")
        if len(named) > most:
            lines.append(f"  ... and {words.plural(len(named) - most, 'more column')}")
    return lines


def import_frame(
    export: pd.DataFrame,
    plan: mapping.Mapping,
    name: str,
    out: Path,
    replace: bool,
    how: str | None = None,
    origin: str = "a survey export",
    left_out: Counter | None = None,
) -> wide.Converted:
    """An export's rows through a mapping into the data folder ``out``; ``how`` says how to finish an unsure mapping.
    ``left_out``: the export's rows that are not responses, by reason, left out before (said in the report)."""
    _may_write(out, replace)
    try:
        converted = wide.convert(export, plan, name)
    except wide.MappingIncomplete as exc:
        how = how or "write the mapping with --write-mapping, check it, then import with --mapping"
        raise ImportRefused([*exc.problems, how]) from None
    converted.left_out = Counter(left_out or {})
    if converted.tables["respondents"].empty:
        why = "; ".join(
            f"{words.plural(n, 'row')}: {reason}" for reason, n in converted.quarantined.reason.value_counts().items()
        )
        raise ImportRefused([f"no row could be imported: {why}"])
    frames = validate(*converted.tables.values(), tuple(converted.own_effects.get("effect", ())))
    extra = {"quarantined.csv": quarantined_csv(converted)}
    _write(frames, out, name, extra if len(converted.quarantined) else None, converted.own_effects, origin)
    return converted


def quarantined_csv(converted: wide.Converted) -> bytes:
    """The quarantined rows as they were in the file, each with its reason (spreadsheet formulas neutralised)."""
    return csvsafe.neutralised(converted.quarantined).to_csv(index=False).encode()


def write_mapping(
    file: Path, name: str, target: Path, sheet: str | None, survey: reading.SurveyFile | None = None
) -> mapping.Mapping:
    """The guesses, from the first ``mapping_sample_rows`` rows of the file, written to ``target``."""
    rows = settings.get("mapping_sample_rows")
    export = (survey or _export(file, sheet, rows=rows)).frame.head(rows)
    plan = mapping.guess(list(export.columns), export)
    Path(target).write_text(mapping.to_toml(plan, name))
    return plan


def _export(
    file: Path, sheet: str | None, dictionary: Path | None = None, rows: int | None = None
) -> reading.SurveyFile:
    """The export as read (every row, or the first ``rows``); with a REDCap data dictionary or a LimeSurvey structure
    file, its codes read through it."""
    try:
        survey = reading.read(file, sheet, rows)
        return codebook.apply(survey, dictionary) if dictionary else survey
    except reading.FileRefused as exc:
        raise ImportRefused([str(exc)]) from None


def _write_mapping_and_say(args) -> None:
    """--write-mapping: the guesses written to the file, and what was read, left out and unsure said."""
    survey = _export(args.file, args.sheet, args.dictionary, settings.get("mapping_sample_rows"))
    plan = write_mapping(args.file, args.name, args.write_mapping, args.sheet, survey)
    print("\n".join(read_as(survey)))
    first = f"of the first {words.plural(survey.sampled, 'row')}, " if survey.sampled else ""
    if survey.sampled:
        print(
            f"guessed from the first {words.plural(survey.sampled, 'row')} (the mapping_sample_rows setting); the import reads every row"
        )
    if counts := survey.responses()[1]:
        n = sum(counts.values())
        said = f"{n:,} {'row is not a response' if n == 1 else 'rows are not responses'}"
        print(f"{first}{said}, left out on import:")
        print("\n".join(f"  {words.plural(n, 'row')}: {why}" for why, n in counts.most_common()))
    left_out = sum(g.ignored for g in plan.guesses)
    choices = plan.unsure_choices()
    print(
        f"wrote {args.write_mapping}: {words.plural(len(plan.confirmed()), 'column')} mapped, "
        f"{left_out} left out (not questions), {len(plan.unsure())} unsure"
        + (f", {len(choices)} choices of select-all questions unsure" if choices else "")
    )
    for g in plan.unsure():
        print(f"  unsure: {g.column!r} (best guess {g.role or g.effect!r}, score {g.score:.2f})")
    for question, c in choices:
        guess = f"best guess {c.guess!r}, score {c.score:.2f}" if c.guess else "no match in the catalogue"
        print(f"  unsure: {c.shown!r} of the select-all question {question.name!r} ({guess})")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m sidefx.importer", description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path, nargs="?", help="a survey tool's export: .csv, .xlsx, .parquet, .sav or .dta")
    ap.add_argument("--name", help="the dataset's name, shown on every page and figure")
    ap.add_argument(
        "--write-mapping", type=Path, metavar="MAPPING", help="write the guessed mapping here; import nothing"
    )
    ap.add_argument("--mapping", type=Path, help="the mapping to import with (TOML, as --write-mapping writes it)")
    ap.add_argument("--sheet", help="the workbook's sheet of responses")
    ap.add_argument(
        "--dictionary",
        type=Path,
        metavar="FILE",
        help="a REDCap data dictionary (CSV) or a LimeSurvey survey structure file (.lss): the export's codes, "
        "checkbox and multiple-choice columns read through it",
    )
    ap.add_argument("--replace", action="store_true", help="replace an earlier import in the same folder")
    ap.add_argument(
        "--keep-nonresponses",
        action="store_true",
        help="keep the rows that are not responses (survey previews, unfinished or incomplete responses, ...)",
    )
    ap.add_argument("--respondents", type=Path, help="(the three normalised tables, instead of FILE)")
    ap.add_argument("--responses", type=Path)
    ap.add_argument("--withdrawal", type=Path)
    ap.add_argument(
        "--out", type=Path, help="the data folder to write (default: one per dataset under the datasets folder)"
    )
    return ap


def main(argv=None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    try:
        if args.file is None:
            if not (args.respondents and args.responses and args.withdrawal and args.out):
                ap.error("give FILE --name NAME, or --respondents, --responses, --withdrawal and --out")
            counts = import_survey(args.respondents, args.responses, args.withdrawal, args.out)
            print(f"imported into {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
            return 0
        if not args.name:
            ap.error("--name is required with FILE")
        if args.write_mapping:
            _write_mapping_and_say(args)
            return 0
        out, converted = import_export(
            args.file,
            args.name,
            args.mapping,
            args.sheet,
            args.out,
            args.replace,
            args.keep_nonresponses,
            args.dictionary,
        )
    except ImportRefused as exc:
        print("Import refused; nothing was written. Fix these and try again:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print(wide.report(converted, out))
    return 0
