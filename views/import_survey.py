"""Import your survey: upload -> check how it was read -> say which column is which question -> import -> explore."""

from pathlib import Path

import streamlit as st

from sidefx import settings, ui, words
from sidefx.importer import bounded, command, mapping, reading, upload
from sidefx.serve import datasets

_READ = "import_read"  # (file id, sheet) -> the file as read, or the refusal: read once, not on every rerun
_DONE = "import_summary"  # the last import's report
_PROBLEMS = "import_problems"  # why the last import was refused

st.title("Import your survey")
ui.dataset_notice()
st.markdown(
    "Load a survey tool's export (Qualtrics, REDCap, SurveyMonkey, LimeSurvey, Google Forms, or your own spreadsheet) "
    "with one row per respondent and one column per question. Check how it was read, say which column is which "
    "question, and every page, filter and figure download then shows your survey under its own name."
)
limit = settings.get("upload_max_mb")
st.caption(
    f"CSV (comma, semicolon or tab; UTF-8 or Windows-1252), Excel .xlsx, Parquet, SPSS .sav or Stata .dta (value "
    f"labels and question texts read from the file), **up to {limit} MB**. "
    "Your file is seen by this browser tab only: nobody else using this server sees it, and it is deleted when you "
    "close the tab. Larger files, or a dataset to share with everyone on this server: use the command line "
    "(`python -m sidefx.importer`, see the README)."
)
file = st.file_uploader(
    "Survey export",
    type=["csv", "tsv", "txt", "xlsx", "xlsm", "parquet", "sav", "zsav", "por", "dta"],
    max_upload_size=limit,
    key="import_file",
)
dictionary = st.file_uploader(
    "REDCap data dictionary or LimeSurvey survey structure (optional, for an export of codes)",
    type=["csv", "lss", "xml"],
    key="import_dictionary",
    help="REDCap: the CSV its Data Dictionary page downloads, for a raw export. LimeSurvey: the survey structure "
    "file (.lss, from Display / Export), for responses exported with question codes and answer codes. With it, the "
    "codes read as the answers (1 = Female, A1 = Sertraline 50 mg), checkbox and multiple-choice columns as the "
    "choices ticked, and the columns by their questions.",
)


def read(file, sheet):
    """The upload as read (cached per file, sheet and dictionary in this session), or the refusal in words."""
    key = (file.file_id, sheet, dictionary.file_id if dictionary else None)
    held = st.session_state.get(_READ)
    if held is None or held[0] != key:
        try:
            result = upload.read(ui.upload_session(), file.name, file.getvalue(), sheet)
            if dictionary is not None:
                result = upload.with_dictionary(ui.upload_session(), result, dictionary.getvalue(), dictionary.name)
        except (upload.TooLarge, bounded.OverLimit, reading.FileRefused) as exc:
            result = exc
        held = st.session_state[_READ] = (key, result)
    return held[1]


def report(done: dict) -> None:
    st.success(
        f"Imported **{done['name']}**: {words.plural(done['respondents'], 'respondent')}, "
        f"{words.plural(done['answers'], 'side-effect answer')}, "
        f"{words.plural(done['stopping'], 'report')} of trying to stop. Every page now shows it (the **Dataset** switch in the "
        "sidebar goes back to the demo).",
        icon=":material/check_circle:",
    )
    c1, c2, c3 = st.columns(3)
    c1.metric("Respondents imported", f"{done['respondents']:,}")
    q = done["quarantined"]
    c2.metric("Rows quarantined", f"{0 if q is None else int(q.Rows.sum()):,}")
    missing = done["missing"]
    c3.metric("Cells set missing", f"{0 if missing is None else int(missing.Cells.sum()):,}")
    if q is not None:
        st.markdown("**Quarantined rows**, by reason (left out, not lost: download them with the reason on each row)")
        st.dataframe(q, hide_index=True)
        st.download_button(
            "Download the quarantined rows (CSV)",
            done["quarantined_csv"],
            file_name=f"{datasets.slug(done['name'])}_quarantined.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )
    if missing is not None:
        st.markdown("**Cells set missing** (counted as not given), by column and reason")
        st.dataframe(missing, hide_index=True)
    for line in done.get("noted", []):  # 'since 2019' read against the response date
        st.caption(line)
    if done.get("near_drugs") is not None:
        st.markdown(
            "**Drug names read as the one known name they are closest to** (a letter or two apart, as in a "
            "misspelling): check them; if one is wrong, correct the file and import it again"
        )
        st.dataframe(done["near_drugs"], hide_index=True)
    if done["unknown_drugs"] is not None:
        st.markdown(
            "**Drug names not recognised** (their rows are quarantined; if one is an antidepressant, tell us or add it "
            "to `data/sources/drug_names.csv`)"
        )
        st.dataframe(done["unknown_drugs"], hide_index=True)
    if done.get("left_out") is not None:
        st.markdown("**Rows that are not responses**, left out (tick the box in step 1 to keep them)")
        st.dataframe(done["left_out"], hide_index=True)
    if done["empty_questions"]:
        st.markdown(
            "**Questions with no answers at all**, left out: " + ", ".join(f"`{c}`" for c in done["empty_questions"])
        )
    if done.get("select_all") is not None:
        st.markdown(
            "**Select-all questions**: per side effect, how many ticked it of those who answered the question "
            "(whoever skipped the question is missing, not no)"
        )
        st.dataframe(done["select_all"], hide_index=True)
    if done["own_effects"]:
        st.markdown("**Kept as this survey's own side effects:** " + ", ".join(done["own_effects"]))
    st.page_link("views/prevalence.py", label="Explore it: side-effect prevalence", icon=":material/bar_chart:")
    st.page_link("views/withdrawal.py", label="Explore it: withdrawal", icon=":material/trending_down:")


def run_import(export, plan, name, keep: bool) -> None:
    """Import with the mapping as the widgets show it now; on success the next run switches to the upload."""
    st.session_state.pop(_PROBLEMS, None)
    try:
        choice, converted = upload.import_upload(ui.upload_session(), export, plan, name, keep)
    except command.ImportRefused as exc:
        st.session_state[_PROBLEMS] = exc.problems
        return
    st.session_state[_DONE] = upload.summary(converted) | {"name": choice.label.removesuffix(" (your upload)")}
    ui.use_upload(choice)


def mapping_editor(export, token: str):
    """A choice per column, starting at its guess; returns the mapping as decided and the dataset's name."""
    reuse = st.file_uploader(
        "Reuse a mapping file from an earlier wave of this survey (optional)", type=["toml"], key="import_mapping_file"
    )
    from_file = None
    if reuse is not None:
        try:
            from_file = mapping.from_toml(reuse.getvalue().decode("utf-8"))
        except (UnicodeDecodeError, mapping.MappingFileError) as exc:
            st.error(f"{reuse.name} cannot be used: {exc}", icon=":material/error:")
        token += f"-{reuse.file_id}"
    plan, absent = upload.merged(list(export.frame.columns), from_file, export.frame)
    if absent:
        st.warning(
            f"The mapping file names columns this export does not have (ignored): {', '.join(absent[:10])}",
            icon=":material/warning:",
        )
    options, head = upload.options(), export.frame.head(settings.get("mapping_sample_rows"))
    picked = {}
    st.caption(
        "Each column starts at its best guess when the guess is sure (score 0.80 or more); any other column is "
        "**undecided** until you choose, and an undecided column stops the import. A column that is no question (the "
        "survey tool's own columns such as StartDate or IPAddress, or answers that are dates, e-mail addresses, IP "
        "addresses or free text) starts as left out. A yes/no question that is not in the list can be kept as this "
        "survey's own side effect, under its own wording. A select-all question (the ticked choices in one cell, or a "
        "column per choice) is listed after the columns as its choices, each with the side effect it is taken for."
    )
    for i, g in enumerate(plan.guesses):
        left, middle, right = st.columns([3, 3, 3], vertical_alignment="center")
        sample = head[g.column].dropna().astype(str).str.strip().loc[lambda s: s != ""].unique()[:3]
        left.markdown(f"**{g.column}**")
        left.caption("e.g. " + ", ".join(f"'{v[:30]}'" for v in sample) if len(sample) else "no answers")
        start = upload.initial(g, plan)
        picked[g.column] = middle.selectbox(
            f"Use of column {g.column}",
            list(options),
            index=list(options).index(start),
            format_func=options.get,
            key=f"map_{token}_{i}",
            label_visibility="collapsed",
        )
        right.caption(
            upload.note(g) if g.column not in plan.extra_effects else "kept as its own side effect (mapping file)"
        )
    chosen = {q.name: select_all_editor(q, token, qi) for qi, q in enumerate(plan.select_all)}
    units = upload.UNITS
    unit = st.selectbox(
        "A number without a unit in the duration column means",
        list(units),
        index=list(units).index(plan.duration_unit if plan.duration_unit in units else ""),
        format_func=units.get,
        key=f"unit_{token}",
    )
    return upload.decided(plan, picked, unit, chosen)


def select_all_editor(question, token: str, qi: int) -> dict[str, str]:
    """A select-all question as its choices, each starting at its guessed side effect; returns choice -> option."""
    st.markdown(f"**Select-all question: {question.name}** ({question.shape})")
    st.caption(
        "Whoever ticked any of its choices (None of these and Other included) counts as *no* for each side effect they "
        "did not tick; whoever ticked none of them skipped the question and is missing for each."
    )
    options, picked = upload.choice_options(), {}
    for ci, c in enumerate(question.choices):
        left, middle, right = st.columns([3, 3, 3], vertical_alignment="center")
        left.markdown(f"{c.shown}")
        if not question.column:
            left.caption(f"column {c.key}")
        start = upload.choice_initial(c)
        picked[c.key] = middle.selectbox(
            f"Choice {c.shown} of {question.name}",
            list(options),
            index=list(options).index(start if start in options else upload.UNDECIDED),
            format_func=options.get,
            key=f"sel_{token}_{qi}_{ci}",
            label_visibility="collapsed",
        )
        right.caption(upload.choice_note(c))
    return picked


def how_it_was_made(export) -> bool:
    """The survey tool recognised, its header rows as read, and the rows that are not responses; returns whether to
    keep those rows (the checkbox)."""
    if export.layout is not None:
        st.markdown(f"**Recognised as** {export.layout.describe().removeprefix('read as ')}.")
    if (rows := upload.header_rows(export)) is not None:
        st.caption("The header rows as read, one line per column, and the name each column was given:")
        st.dataframe(rows, hide_index=True)
    left_out = upload.not_responses(export)
    if left_out is None:
        return False
    n = int(left_out.Rows.sum())
    st.markdown(
        f"**{words.plural(n, 'row')} {'is not a response' if n == 1 else 'are not responses'}**, left out unless kept:"
    )
    st.dataframe(left_out, hide_index=True)
    return st.checkbox(upload.KEEP, key="import_keep_nonresponses")


def main() -> None:
    if file is None:
        if done := st.session_state.get(_DONE):
            report(done)
        return
    sheet = st.session_state.get("import_sheet")
    export = read(file, sheet)
    if isinstance(export, reading.FileRefused) and export.sheets:
        st.warning(
            f"{file.name} has more than one sheet that could hold the responses: choose the one with a row per respondent.",
            icon=":material/table_chart:",
        )
        st.selectbox("Sheet of responses", export.sheets, index=None, key="import_sheet", placeholder="Choose a sheet")
        return
    if isinstance(export, Exception):
        st.error(f"{export} Nothing was imported, and the data you had loaded is unchanged.", icon=":material/error:")
        return
    st.subheader("1. Check the file was read right")
    rows, cols = export.frame.shape
    st.caption(
        f"Read as {'; '.join(export.notes)}: {words.plural(rows, 'row')}, {words.plural(cols, 'column')}. The first 10 rows:"
    )
    st.dataframe(export.frame.head(10), hide_index=True)
    keep = how_it_was_made(export)
    st.subheader("2. Which column is which question")
    plan = mapping_editor(export, f"{file.file_id}-{sheet}")
    st.subheader("3. Name it and import")
    name = st.text_input(
        "Name of this dataset (shown on every page and figure)",
        value=Path(file.name).stem,
        max_chars=80,
        key=f"import_name_{file.file_id}",
    )
    left, right = st.columns(2)
    if left.button("Import and explore", type="primary", icon=":material/upload:"):
        with st.spinner("Importing..."):
            run_import(export, plan, name, keep)
        st.rerun()  # the sidebar's Dataset switch, drawn before this, moves to the upload on the next run
    right.download_button(
        "Download this mapping (TOML, to reuse for the next wave)",
        mapping.to_toml(plan, name),
        file_name=f"{datasets.slug(name)}_mapping.toml",
        mime="application/toml",
        icon=":material/download:",
        on_click="ignore",
    )
    if problems := st.session_state.get(_PROBLEMS):
        st.error(
            "Not imported; nothing was changed. Fix these and import again:\n\n"
            + "\n".join(f"- {p}" for p in problems),
            icon=":material/error:",
        )
    elif done := st.session_state.get(_DONE):
        report(done)


main()
