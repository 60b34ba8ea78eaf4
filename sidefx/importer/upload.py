"""A survey uploaded in the browser: read, mapped by a person, imported into a folder of that session only.

The Import page (``views/import_survey.py``) draws the steps; this module does the work, without
Streamlit. Each browser session gets its own folder under the ``uploads_dir`` setting (``Session``):
the uploaded file is written there to be read, and the import is written there, atomically, as
the command-line importer writes any dataset. Only that session is offered the dataset (see
``sidefx.serve.datasets``); its folder and its database are removed when the session ends. Folders that
outlive their session (a server that was killed) are removed after ``upload_keep_h`` hours.

The mapping is a choice per column, among ``options(...)``: a question of the respondent (id,
drug, ...), a catalogue side effect, this survey's own side effect, left out, or undecided. An
undecided column stops the import, as an unsure one does on the command line. A select-all question is
shown as its choices, each among ``choice_options()``: a catalogue side effect, this survey's own, "none of these",
"other", left out, or undecided.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sidefx import catalog, settings, words
from sidefx.importer import bounded, command, mapping, reading, selectall, wide
from sidefx.importer import dictionary as codebook
from sidefx.importer.mapping import Guess, Mapping
from sidefx.serve import datasets, db

UNDECIDED = "undecided"
IGNORE = "ignore"
OWN = "own"
ROLE_LABELS = {
    "id": "Respondent id",
    "drug": "Antidepressant taken",
    "duration": "How long it was taken",
    "sex": "Sex",
    "age": "Age or age band",
    "still_taking": "Still taking it",
    "tried_to_stop": "Tried to stop",
    "withdrawal_severity": "How bad withdrawal was",
    "withdrawal_duration": "How long withdrawal lasted",
    "method": "How they stopped (tapered or abrupt)",
    "restarted": "Went back on it",
}
UNITS = {"": "not said (a bare number is counted as not given)"} | {u: u for u in wide.DURATION_UNITS}


def options() -> dict[str, str]:
    """What a column can be: option key -> the words shown."""
    effects = catalog.effects().sort_values("sort_order")
    return (
        {UNDECIDED: "Undecided (stops the import)", IGNORE: "Leave out (not a question)"}
        | {f"role:{r}": label for r, label in ROLE_LABELS.items()}
        | {f"effect:{e}": f"Side effect: {label}" for e, label in zip(effects.effect, effects.label)}
        | {OWN: "This survey's own side effect (yes/no, named by the question)"}
    )


def initial(guess: Guess, plan: Mapping) -> str:
    """The option a column starts at: its guess when confident (or confirmed in a mapping file), else undecided."""
    if guess.ignored:
        return IGNORE
    if guess.column in plan.extra_effects:
        return OWN
    if guess.confident:
        return f"role:{guess.role}" if guess.role else f"effect:{guess.effect}"
    return UNDECIDED


def note(guess: Guess) -> str:
    """Why a column starts where it does: the guess and its score, in words."""
    what = ROLE_LABELS.get(guess.role or "", "") or _effect_label(guess.effect)
    if guess.ignored:
        return f"left out: {guess.reason} (score {guess.score:.2f})" if guess.reason else "left out (mapping file)"
    if guess.clash:
        return f"ties with {guess.clash} for '{what}' (score {guess.score:.2f}): choose one"
    if guess.confident:
        return f"guessed from its {'answers, ' + guess.reason if guess.reason else 'wording'}, score {guess.score:.2f}"
    if what:
        return f"unsure: best guess '{what}', score {guess.score:.2f} (below {mapping.CONFIDENT:.2f})"
    return "no match in the catalogue"


def _effect_label(effect: str | None) -> str:
    if not effect:
        return ""
    labels = dict(zip(catalog.effects().effect, catalog.effects().label))
    return labels.get(effect, effect)


def choice_options() -> dict[str, str]:
    """What a choice of a select-all question can be: option key -> the words shown."""
    effects = catalog.effects().sort_values("sort_order")
    return (
        {UNDECIDED: "Undecided (stops the import)"}
        | {f"effect:{e}": f"Side effect: {label}" for e, label in zip(effects.effect, effects.label)}
        | {OWN: "This survey's own side effect (named by the choice)"}
        | {selectall.NONE: "None of these (answered: no to each side effect)"}
        | {selectall.OTHER: "Other (answered; not imported)"}
        | {IGNORE: "Leave out (not imported)"}
    )


def choice_initial(c: selectall.Choice) -> str:
    """The option a choice starts at: its effect when sure (or confirmed in a mapping file), else undecided."""
    if c.effect:
        return f"effect:{c.effect}"
    if c.own:
        return OWN
    return c.kind or UNDECIDED


def choice_note(c: selectall.Choice) -> str:
    """Why a choice starts where it does, in words."""
    if c.kind:
        return f"{selectall.KIND_WORDS[c.kind]}: answered the question, no side effect imported"
    if c.own:
        return "this survey's own side effect, under the choice's words"
    if c.effect:
        return f"guessed from its text, score {c.score:.2f}"
    if not c.text:
        return "the export gives only a code for this choice: say which side effect it is"
    if c.guess:
        return f"unsure: best guess '{_effect_label(c.guess)}', score {c.score:.2f} (below {mapping.CONFIDENT:.2f})"
    return "no match in the catalogue"


def decided(
    plan: Mapping, picked: dict[str, str], duration_unit: str, chosen: dict[str, dict[str, str]] | None = None
) -> Mapping:
    """The mapping a person chose: each column's option (a chosen question counts as certain), and each select-all
    question's choices (``chosen``: question -> choice key -> option)."""
    guesses, extra = [], {}
    for g in plan.guesses:
        choice = picked.get(g.column, initial(g, plan))
        if choice == IGNORE:
            guesses.append(Guess(g.column, ignored=True))
        elif choice == OWN:
            extra[g.column] = g.column
        elif choice.startswith("role:"):
            guesses.append(Guess(g.column, role=choice.removeprefix("role:"), score=1.0))
        elif choice.startswith("effect:"):
            guesses.append(Guess(g.column, effect=choice.removeprefix("effect:"), score=1.0))
        else:  # undecided: kept as it was guessed, below the threshold, so the import names it
            guesses.append(Guess(g.column, g.role, g.effect, min(g.score, mapping.CONFIDENT - 0.01), g.clash))
    questions = [selectall.decided(q, (chosen or {}).get(q.name, {})) for q in plan.select_all]
    return Mapping(guesses, duration_unit, extra, questions)


@dataclass
class Session:
    """One browser session's folder: the uploaded file, then the dataset imported from it."""

    folder: Path

    @classmethod
    def new(cls) -> Session:
        root = Path(settings.get("uploads_dir"))
        root.mkdir(parents=True, exist_ok=True)
        sweep(root)
        return cls(Path(tempfile.mkdtemp(prefix="session-", dir=root)))

    @property
    def dataset_folder(self) -> Path:
        return self.folder / "dataset"

    def close(self) -> None:
        """Remove the folder and forget its database (the session has ended)."""
        db.forget(self.dataset_folder)
        shutil.rmtree(self.folder, ignore_errors=True)


def sweep(root: Path) -> None:
    """Remove session folders older than ``upload_keep_h`` hours (left by a server that stopped without cleaning)."""
    limit = time.time() - settings.get("upload_keep_h") * 3600
    for old in root.glob("session-*"):
        try:
            if old.stat().st_mtime < limit:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


class TooLarge(Exception):
    """The upload is over the ``upload_max_mb`` setting."""


def read(session: Session, file_name: str, data: bytes, sheet: str | None = None) -> reading.SurveyFile:
    """The uploaded bytes read as a survey export (raises reading.FileRefused, in words, or TooLarge)."""
    limit = settings.get("upload_max_mb")
    if len(data) > limit * 1024 * 1024:
        raise TooLarge(
            f"{file_name} is {len(data) / 1024 / 1024:,.1f} MB, over this server's limit of {limit} MB for an upload: "
            "import it with the command line instead (see the README, 'Use your own survey')."
        )
    incoming = session.folder / "incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir()
    safe = re.sub(r"[^\w.\- ]+", "_", Path(file_name).name).strip() or "upload.csv"
    path = incoming / safe
    path.write_bytes(data)
    return bounded.read(path, sheet)  # in a worker process, within the server's time and memory limits


def with_dictionary(
    session: Session, export: reading.SurveyFile, data: bytes, file_name: str = "data-dictionary.csv"
) -> reading.SurveyFile:
    """An export read through its uploaded REDCap data dictionary or LimeSurvey structure file (raises
    reading.FileRefused, in words, naming the file as uploaded)."""
    folder = session.folder / "dictionary"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / (re.sub(r"[^\w.\- ]+", "_", Path(file_name).name).strip() or "data-dictionary.csv")
    path.write_bytes(data)
    return codebook.apply(export, path)


KEEP = "Keep the rows that are not responses"  # the Import page's checkbox


def import_upload(
    session: Session, export: reading.SurveyFile, plan: Mapping, name: str, keep_nonresponses: bool = False
) -> tuple[datasets.Choice, wide.Converted]:
    """Import into this session's folder (replacing its earlier upload); raises command.ImportRefused in words.
    Rows that are not responses (previews, unfinished ones, ...) are left out unless ``keep_nonresponses``."""
    name = " ".join(name.split())[:80]
    if not name:
        raise command.ImportRefused(["give the dataset a name: it is shown on every page and figure"])
    rows, left_out = command.responses(export, keep_nonresponses, f"tick '{KEEP}' to keep them")
    db.forget(session.dataset_folder)
    converted = command.import_frame(
        rows,
        plan,
        name,
        session.dataset_folder,
        replace=True,
        how="decide every undecided column under 'Which column is which question', then import again",
        origin=f"survey file {export.name}, uploaded",
        left_out=left_out,
    )
    return datasets.upload_choice(session.dataset_folder, name), converted


def merged(
    columns: list[str], from_file: Mapping | None, frame: pd.DataFrame | None = None
) -> tuple[Mapping, list[str]]:
    """The guesses for these columns (from their answers too, in ``frame``), with a reused mapping file's decisions
    where it names a column.

    Returns the mapping and the file's columns that this export does not have (said, then ignored). The guesses
    read the first ``mapping_sample_rows`` rows (the import reads every row).
    """
    frame = None if frame is None else frame.head(settings.get("mapping_sample_rows"))
    guessed = mapping.guess(columns, frame)
    if from_file is None:
        return guessed, []
    decided_in_file = {g.column: g for g in from_file.guesses}
    extra = {c: label for c, label in from_file.extra_effects.items() if c in columns}
    # The file's select-all questions (all of whose columns are here), then the guessed ones it says nothing of.
    questions = [q for q in from_file.select_all if all(c in columns for c in q.columns)]
    said = set(decided_in_file) | set(extra) | {c for q in questions for c in q.columns}
    questions += [q for q in guessed.select_all if not set(q.columns) & said]
    grouped = {c for q in questions for c in q.columns}
    by_column = {g.column: g for g in guessed.guesses}
    guesses = [
        decided_in_file.get(c) or by_column.get(c) or mapping.guess_column(c, values=mapping._answers(frame, c))
        for c in columns
        if c not in grouped
    ]
    absent = [c for c in from_file.columns() if c not in columns]
    return Mapping(guesses, from_file.duration_unit, extra, questions), absent


def summary(converted: wide.Converted) -> dict:
    """What the import did, as small tables for the page (the converted tables themselves are not kept)."""
    t, q = converted.tables, converted.quarantined
    return {
        "respondents": len(t["respondents"]),
        "answers": len(t["responses"]),
        "stopping": len(t["withdrawal"]),
        "quarantined": q.reason.value_counts().rename_axis("Reason").reset_index(name="Rows") if len(q) else None,
        "quarantined_csv": command.quarantined_csv(converted) if len(q) else None,
        "missing": (
            None
            if not converted.missing
            else _frame([(c, why, n) for (c, why), n in converted.missing.most_common()], "Column", "Why", "Cells")
        ),
        "unknown_drugs": (
            None
            if not converted.unknown_drugs
            else _frame(converted.unknown_drugs.most_common(), "Drug name as written", "Rows")
        ),
        "near_drugs": (
            None
            if not converted.near_drugs
            else _frame(
                [(w, inn, n) for (w, inn), n in converted.near_drugs.most_common()],
                "Drug name as written",
                "Read as",
                "Rows",
            )
        ),
        "empty_questions": list(converted.empty_questions),
        "noted": [f"{column!r}: {words.plural(n, 'duration')} {how}" for (column, how), n in converted.noted.items()],
        "left_out": _frame(converted.left_out.most_common(), "Reason", "Rows") if converted.left_out else None,
        "own_effects": list(converted.own_effects.get("label", ())),
        "select_all": _select_all(converted.select_all),
    }


def _select_all(questions: list[dict]) -> pd.DataFrame | None:
    """Per select-all question and side effect: how many ticked it of those who answered the question."""
    rows = []
    for q in questions:
        rows += [(q["question"], ", ".join(c), label, n, q["answered"], q["skipped"]) for label, c, n in q["effects"]]
        rows += [
            (q["question"], c, f"not imported ({what})", n, q["answered"], q["skipped"])
            for c, what, n in q["not_imported"]
        ]
    columns = ("Question", "Choice", "Imported as", "Ticked", "Answered", "Skipped (missing)")
    return _frame(rows, *columns) if rows else None


def _frame(rows, *columns) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def header_rows(export: reading.SurveyFile) -> pd.DataFrame | None:
    """The export's header rows as read, one row per column with the name it was given; None for one header row."""
    layout = export.layout
    if layout is None or len(layout.rows) < 2:
        return None
    width = len(layout.rows[0])
    table = {f"Row {i + 1} ({kind})": list(row) for i, (row, kind) in enumerate(zip(layout.rows, layout.kinds))}
    return pd.DataFrame(table | {"Column name": list(layout.names[:width])})


def not_responses(export: reading.SurveyFile) -> pd.DataFrame | None:
    """The export's rows that are not responses, counted by reason; None when every row is one."""
    counts = export.responses()[1]
    return _frame(counts.most_common(), "Reason", "Rows") if counts else None
