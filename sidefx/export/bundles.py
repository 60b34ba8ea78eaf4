"""The data behind a chart as files: the CSV of the plotted numbers, a README, the SQL, zips.

Everything here is read from the chart's record (``record.Panel``): the README names each
query file with exactly the values bound to it, so the numbers can be got again.
"""

from __future__ import annotations

import io
import json
import textwrap
import zipfile
from collections.abc import Iterable

from sidefx import csvsafe, settings, words
from sidefx.export.presets import ExportError, filename, get_preset, stem
from sidefx.export.render import export_figure
from sidefx.faers import words as faers_words
from sidefx.serve import queries, sources


def plotted(panel):
    cols = [c for c in panel.columns if c in panel.table.columns] if panel.columns else list(panel.table.columns)
    return panel.table[cols]


def data_csv(panel) -> bytes:
    """Exactly the plotted numbers (the table's own column names, as in the .sql header), UTF-8, safe in a spreadsheet."""
    return csvsafe.neutralised(plotted(panel)).to_csv(index=False, lineterminator="\n").encode("utf-8")


def computation(panel) -> list[str]:
    """How the numbers were computed: each query with the values bound, as the page's 'How this was computed' shows."""
    out = []
    for run in panel.runs:
        out.append(f"queries/{queries.load(run.name).path}, run with these parameters (JSON):")
        out.append(f"  {json.dumps(run.params, sort_keys=True)}")
    if panel.computed:
        out.append(panel.computed)
    return out


def readme(panel) -> str:
    """What the files are, where the numbers come from, and how to get them again."""
    t = panel.text
    title = (f"[{t.badge}] " if t.badge else "") + t.title
    out = [title, "=" * len(title), "", t.subtitle, ""]
    if panel.dataset is not None:
        out.append(
            f"Dataset: {panel.dataset.name} "
            f"({'SYNTHETIC, not real respondents' if panel.synthetic else _real_kind(panel)})"
        )
    out += [f"Filters: {panel.filters.describe()}", f"Data version: {panel.data_version}"]
    if panel.link:
        out.append(f"Reproduce this view: {panel.link}")
    out += ["", "How the numbers were computed (the .sql files are included under sql/):"] + [
        f"  {line}" for line in computation(panel)
    ]
    out += ["", *rerun(panel)]
    out += ["", "Columns:"] + [f"  {c}: {panel.columns.get(c, c)}" for c in plotted(panel).columns]
    out += ["", "How to read it:", f"  {t.notes() or '(no notes)'}", "", "Source:", f"  {t.source}"]
    if panel.citations:
        out += ["", "Citations:"] + [f"  - {c}" for c in panel.citations]
    out += ["", "Caveats:"]
    if (
        panel.dataset is not None and panel.dataset.origin is sources.FAERS
    ):  # its caveats, then its method (READUS-PV's items)
        out.append(f"  - {faers_words.FAERS_CAVEATS}")
        out += ["", "Method (as the READUS-PV guidance for disproportionality analyses asks):"]
        out += [f"  - {name}: {text}" for name, text in faers_words.FAERS_METHOD]
        return "\n".join(out) + "\n"
    if panel.synthetic:
        out.append(f"  - {words.SYNTHETIC_CAVEAT}")
    if panel.kind == "forest":
        out.append(
            "  - Published estimates differ in definitions, populations and designs; intervals are those the papers "
            "report (Cipriani 2018's are credible intervals). An n marked 'whole study' is the study's size, not the "
            "estimate's own."
        )
    else:
        out.append("  - Self-reported survey answers: who answers such surveys is not a random sample of users.")
        out.append(
            "  - Percentages have 95% Wilson confidence intervals (ci_low, ci_high); small groups are unreliable."
        )
    return "\n".join(out) + "\n"


def _sources(panel) -> list[sources.Source]:
    """The data sources a panel's queries read, in the order its runs first read them."""
    return list(dict.fromkeys(queries.load(run.name).source for run in panel.runs))


def _views(source: sources.Source) -> list[str]:
    """A source's files to run before its queries, under queries/: its prelude (macros its views use), its views."""
    root = settings.queries_dir()
    return [(source.queries_dir(root) / f).relative_to(root).as_posix() for f in (*source.prelude, "_views.sql")]


def _optional(source: sources.Source) -> list[tuple[str, str, str]]:
    """A source's optional tables (Source.optional): the Parquet file, and its two .sql files under queries/."""
    root = settings.queries_dir()
    return [
        (name, *((source.queries_dir(root) / f).relative_to(root).as_posix() for f in sql))
        for name, *sql in source.optional
    ]


_GAMMA = [  # the function sidefx/serve/db.py registers for the FAERS queries (the information component's interval)
    "import pyarrow as pa",
    "from scipy.special import gammaincinv",
    "",
    "def gamma_quantile(p, shape):",
    "    return pa.array(gammaincinv(shape.to_numpy(zero_copy_only=False), p.to_numpy(zero_copy_only=False)))",
    "",
]
_FOLDERS = {  # each source's folder in the rerun lines, and what to change it to
    sources.SURVEY: (
        "data",
        "the folder of the dataset's Parquet files (data/ in the dashboard's source for the demo survey; an imported "
        "survey's is the folder it was imported into)",
    ),
    sources.STUDIES: ("data", "the data/ folder of the dashboard's source (the published figures)"),
    sources.FAERS: (
        "datasets/faers",
        "the folder the FAERS quarters were imported into (the faers_dir setting; datasets/faers by default)",
    ),
}


def _connect_lines(source: sources.Source, con: str) -> list[str]:
    code = [f"{con} = duckdb.connect()"]
    if "gamma_quantile" in source.functions:
        code.append(
            f'{con}.create_function("gamma_quantile", gamma_quantile, [duckdb.sqltype("DOUBLE")] * 2, '
            'duckdb.sqltype("DOUBLE"), type="arrow")'
        )
    code.append(f'{con}.execute("SET VARIABLE {source.variable} = $folder", {{"folder": "{_FOLDERS[source][0]}"}})')
    code += [f'{con}.execute(Path("sql/{name}").read_text())' for name in _views(source)]
    for name, here, absent in _optional(source):  # tables a folder imported earlier may lack: loaded, else made empty
        code.append(
            f'{con}.execute(Path("sql/{here}" if Path("{_FOLDERS[source][0]}/{name}").exists() '
            f'else "sql/{absent}").read_text())'
        )
    return code


def rerun(panel) -> list[str]:
    """The README's commands that run the queries again outside the dashboard, in Python with duckdb: one database
    per data source the panel reads, as in the dashboard."""
    used = _sources(panel)
    functions = any(s.functions for s in used)
    code = ["import duckdb", "from pathlib import Path", ""] + (_GAMMA if functions else [])
    for source in used:
        code += _connect_lines(source, source.name)
    code.append("results = []")
    code += [
        f"results.append({queries.load(run.name).source.name}.execute("
        f'Path("sql/{queries.load(run.name).path}").read_text(), {run.params!r}).df())'
        for run in panel.runs
    ]
    code += ["for result in results:", "    print(result.to_string())"]
    pip = "duckdb pandas" + (" pyarrow scipy" if functions else "")
    folders = (
        f'"{_FOLDERS[used[0]][0]}" changed to {_FOLDERS[used[0]][1]}'
        if len(used) == 1
        else "the folder each database reads changed: "
        + "; ".join(f'{s.name}\'s "{_FOLDERS[s][0]}" to {_FOLDERS[s][1]}' for s in used)
    )
    views = " and ".join(f"sql/{name}" for s in used for name in _views(s)[-1:])
    words_ = (
        f"How to run it again outside the dashboard: in Python 3 with {pip.replace(' ', ', ')} installed "
        f"(pip install {pip}), run the lines below in the folder this README is in, with {folders}. "
        f"The views file{'s' if len(used) > 1 else ''} ({views}) find{'' if len(used) > 1 else 's'} the tables there "
        "and make the macros the queries use; then each query runs with exactly the values listed above bound to its "
        "$parameters."
    )
    return textwrap.wrap(words_, 100) + [""] + [f"    {line}".rstrip() for line in code]


def _zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps, so the same inputs give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def query_sql(panel) -> list[tuple[str, str]]:
    """Each query file the panel's numbers come from, once, with its text: what 'How this was computed' shows."""
    paths = dict.fromkeys(queries.load(run.name).path for run in panel.runs)
    return [(f"queries/{path}", (settings.queries_dir() / path).read_text()) for path in paths]


def _sql_files(panel) -> list[tuple[str, bytes]]:
    paths = [queries.load(run.name).path for run in panel.runs] + [n for s in _sources(panel) for n in _views(s)]
    paths += [f for s in _sources(panel) for _, *files in _optional(s) for f in files]
    return [(f"sql/{path}", (settings.queries_dir() / path).read_bytes()) for path in dict.fromkeys(paths)]


def data_zip(panel) -> bytes:
    """The data behind the figure: CSV, README.txt, and the SQL that produced it."""
    return _zip(
        [(f"{stem(panel)}.csv", data_csv(panel)), ("README.txt", readme(panel).encode("utf-8"))] + _sql_files(panel)
    )


def page_zip(panels, preset: str = "slide-16x9", fmt: str = "png", dark: bool = False) -> bytes:
    """Every panel of a page: its figure in one preset and format, its CSV, a README and the SQL.

    A panel that cannot be drawn at this size is left out of the images (not the data), and the
    README says why in a sentence.
    """
    files, seen, notes = [], set(), []
    for panel in panels:
        name, n = filename(panel, preset, fmt, dark), 2
        base = name.rsplit(".", 1)[0]
        while name in seen:  # two panels with the same slug and filters
            name, n = f"{base}-{n}.{fmt}", n + 1
        seen.add(name)
        csv_name = name.rsplit(".", 1)[0] + ".csv"
        try:
            files.append((name, export_figure(panel, preset, fmt, dark)))
            head = f"{name} and {csv_name}"
        except ExportError as e:  # one chart that cannot be drawn must not cost the others (or its data)
            head = f"{csv_name} (no image at {get_preset(preset).label}: {e})"
        files.append((csv_name, data_csv(panel)))
        notes.append(f"{head}\n\n" + readme(panel))
    sql = {f for p in panels for f in _sql_files(p)}
    return _zip(files + [("README.txt", ("\n\n" + "-" * 72 + "\n\n").join(notes).encode("utf-8"))] + sorted(sql))


def _real_kind(panel) -> str:
    return panel.dataset.origin.real_kind if panel.dataset is not None else sources.SURVEY.real_kind
