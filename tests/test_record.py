"""One record per chart: every chart's data bundle reruns to its own numbers, and the screen draws the record.

Each page is run through AppTest in several views; the panels it drew are read back from the
session (the same records the downloads are made from). For every panel, each query its README
names is run with exactly the parameters the README lists, and the CSV's numbers must come back.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sidefx import export
from sidefx.pages import TABS
from sidefx.serve import queries

ROOT = Path(__file__).resolve().parent.parent
VIEWS = [
    ("prevalence", {}),
    ("prevalence", {"drug": "paroxetine,sertraline", "compare": "drug"}),
    ("prevalence", {"view": "heatmap", "min_months": "12"}),
    ("prevalence", {"view": "duration", "effects": "sexual_dysfunction,weight_gain"}),
    *[("withdrawal", {"sex": "female", "compare": "age_band", "tab": tab}) for tab in TABS],
    ("studies", {"topic": "withdrawal_incidence"}),
    ("studies", {"topic": "sexual_dysfunction", "drug": "paroxetine"}),
    ("studies", {"topic": "acceptability", "rows": "published"}),
]
RUN = re.compile(r"queries/(?:[a-z]+/)?([a-z_]+)\.sql, run with these parameters \(JSON\):\n\s+(\{.*\})")


def page_panels(page: str, query: dict) -> list:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception
    return at.session_state["page_panels"]


@pytest.fixture(scope="module")
def drawn() -> list:
    return [(page, query, p) for page, query in VIEWS for p in page_panels(page, query)]


def readme_runs(readme: str) -> list[tuple[str, dict]]:
    return [(name, json.loads(params)) for name, params in RUN.findall(readme)]


def test_every_view_drew_panels(drawn):
    assert {page for page, _, _ in drawn} == {"prevalence", "withdrawal", "studies"}
    assert len(drawn) == 14  # 4 prevalence views, 7 withdrawal charts over its 6 tabs, 3 forest plots
    kinds = {tab: [p.slug for page, query, p in drawn if query.get("tab") == tab] for tab in TABS}
    assert all(len(slugs) == (2 if tab == "tapering" else 1) for tab, slugs in kinds.items()), (
        kinds
    )  # only the open tab


def test_each_readme_names_every_parameter_its_queries_take(drawn):
    for page, query, p in drawn:
        runs = readme_runs(export.readme(p))
        assert runs, (page, query, p.slug)
        for name, params in runs:
            assert set(params) == set(queries.load(name).params), (p.slug, name)  # e.g. $effects, $group_by, $topic


def test_each_chart_reruns_from_its_readme_to_its_own_numbers(drawn):
    """Run each .sql named in the README with exactly the parameters listed: the CSV's numbers come back."""
    for page, query, p in drawn:
        csv = pd.read_csv(io.BytesIO(export.data_csv(p)))
        results = [queries.run(name, **params) for name, params in readme_runs(export.readme(p))]
        rows = (
            csv[csv["kind"].isin(["estimate", "survey"])] if p.kind == "forest" else csv
        )  # pooled rows are computed; the README says how
        for col in [c for c in ("pct", "value", "ci_low", "ci_high") if c in rows]:
            got = {
                round(float(v), 6)
                for res in results
                for c in ("pct", "value", "ci_low", "ci_high")
                if c in res
                for v in res[c].dropna()
            }
            want = {round(float(v), 6) for v in rows[col].dropna()}
            assert want <= got, (page, query, p.slug, col, sorted(want - got)[:5])
        assert len(rows) > 0, (page, query, p.slug)


def test_the_screen_figure_draws_the_records_numbers(drawn):
    """What is drawn on screen is the record's table: the bar lengths are the CSV's percentages."""
    for _, _, p in drawn:
        if p.kind not in ("prevalence_bars", "withdrawal_bars"):
            continue
        drawn_values = sorted(
            round(float(v), 6)
            for t in p.figure.data
            if t.type == "bar"
            for v in (t.x if t.orientation == "h" else t.y)
            if v is not None
        )
        assert drawn_values == sorted(round(float(v), 6) for v in pd.read_csv(io.BytesIO(export.data_csv(p))).pct)


def test_synthetic_is_a_field_of_the_record_not_a_guess(drawn):
    for _, _, p in drawn:
        if p.dataset is None:  # published studies only: nothing synthetic is drawn
            assert p.text.badge is None and "SYNTHETIC" not in export.readme(p)
        else:
            assert p.dataset.synthetic and p.text.badge == "Synthetic demo data, not real patients"
            assert "SYNTHETIC DATA" in export.readme(p)
        assert export.readme(p).count(p.data_version) == 1


def test_every_forest_row_shows_its_own_n_where_the_evidence_table_records_one():
    """Montejo 2001's men show 412, not the whole study's 1,022;
    a row without its own n says it is the whole study's."""
    import streamlit as st

    from sidefx import catalog
    from sidefx.filters import Filters
    from sidefx.studies import evidence

    st.cache_data.clear()
    table = catalog.studies().set_index("row_id")
    checked = 0
    for topic in evidence.topics().topic:
        est = evidence.forest(topic, Filters()).rows.query("kind == 'estimate'")
        for r in est.itertuples():
            e = table.loc[r.row_id]
            if pd.notna(e.denominator):
                assert (r.n, r.n_own, r.n_text) == (e.denominator, True, f"{int(e.denominator):,}"), (topic, r.label)
                checked += 1
            elif pd.notna(e.n_total):
                assert (r.n, r.n_own, r.n_text) == (e.n_total, False, f"{int(e.n_total):,}, whole study"), (
                    topic,
                    r.label,
                )
    assert checked >= 15
    montejo_men = table[(table.study_key == "montejo2001") & table.population.str.startswith("men")]
    assert montejo_men.denominator.tolist() == [412.0]


# ---- the data zip's own commands, outside the dashboard ------------------------------------------
def readme_commands(readme: str) -> str:
    """The Python lines a README gives to run its queries again: the indented block after 'How to run it again'."""
    lines = readme.split("How to run it again outside the dashboard", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    "))
    block = []
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block))


def rerun_zip(bundle: bytes, folder: Path, data: Path, monkeypatch) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Unzip the bundle in ``folder``, put the data folder where its README says ("data" or "datasets/faers"),
    and run the README's commands as they are, with the python duckdb module: the zip's CSV and the results."""
    z = zipfile.ZipFile(io.BytesIO(bundle))
    z.extractall(folder)
    code = readme_commands(z.read("README.txt").decode())
    link = folder / ("datasets/faers" if '"folder": "datasets/faers"' in code else "data")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(data, target_is_directory=True)
    monkeypatch.chdir(folder)
    namespace: dict = {}
    exec(compile(code, "README.txt", "exec"), namespace)  # noqa: S102 the README's own commands, run as written
    csv = next(n for n in z.namelist() if n.endswith(".csv"))
    return pd.read_csv(io.BytesIO(z.read(csv))), namespace["results"]


def test_a_survey_zips_readme_commands_rerun_its_numbers_outside_the_dashboard(tiny_data, tmp_path, monkeypatch):
    """Withdrawal by drug on the tiny survey: paroxetine 2 of 2 who tried to stop, fluoxetine 1 of 2."""
    from sidefx.filters import Filters
    from sidefx.survey import panels as survey_panels

    p = survey_panels.withdrawal_incidence(Filters(), "drug")
    bundle = export.data_zip(p)
    assert {"sql/_views.sql", "sql/withdrawal_by_group.sql"} <= set(zipfile.ZipFile(io.BytesIO(bundle)).namelist())
    csv, results = rerun_zip(bundle, tmp_path / "bundle", tiny_data, monkeypatch)
    assert csv[["grp", "had_withdrawal", "tried_to_stop", "pct"]].values.tolist() == [
        ["paroxetine", 2, 2, 100.0],
        ["fluoxetine", 1, 2, 50.0],
    ]
    result = results[0]  # withdrawal_by_group's rows; the second run (stopping_count) gives the subtitle's n
    assert len(results) == len(p.runs) == 2 and results[1].tried_to_stop.tolist() == [4]
    got = result.set_index("grp").loc[csv.grp]
    for col in ("had_withdrawal", "tried_to_stop", "pct", "ci_low", "ci_high"):
        assert got[col].tolist() == pytest.approx(csv[col].tolist(), abs=1e-9), col


def test_a_forest_zip_reruns_from_two_sources_the_studies_and_the_survey(tiny_data, tmp_path, monkeypatch):
    """A forest plot with the survey's row reads two sources: the published studies (queries/studies/) and the survey.
    Its README opens one database for each, as the dashboard does, and both runs give the CSV's numbers back."""
    from sidefx.filters import Filters
    from sidefx.studies import evidence
    from sidefx.studies import panels as studies_panels

    topic = next(t for t in evidence.topics().topic if studies_panels.forest(t, Filters()).dataset is not None)
    p = studies_panels.forest(topic, Filters())
    bundle = export.data_zip(p)
    names = set(zipfile.ZipFile(io.BytesIO(bundle)).namelist())
    assert {"sql/studies/_views.sql", "sql/studies/published_estimates.sql", "sql/_views.sql"} <= names
    csv, results = rerun_zip(bundle, tmp_path / "bundle", tiny_data, monkeypatch)
    assert len(results) == len(p.runs) == 2
    published, survey = results
    estimates = csv[csv.kind == "estimate"]
    assert sorted(published.value) == pytest.approx(sorted(estimates.value))
    assert survey.pct.iloc[0] == pytest.approx(csv[csv.kind == "survey"].value.iloc[0])


def test_a_faers_zips_readme_commands_rerun_its_numbers_from_the_faers_folder(tiny_faers, tmp_path, monkeypatch):
    """The FAERS queries read the FAERS folder through its own views file (and the gamma quantile the information
    component's interval needs): sertraline's reporting odds ratio for withdrawal is (6/4)/(5/25) = 7.5."""
    from sidefx.faers import panels as faers_panels
    from sidefx.filters import Filters

    p = faers_panels.faers_ror("withdrawal_effects", "Withdrawal effects", "suspect", Filters())
    bundle = export.data_zip(p)
    names = set(zipfile.ZipFile(io.BytesIO(bundle)).namelist())
    assert {"sql/faers/_views.sql", "sql/faers/_terms.sql", "sql/faers/faers_signals.sql"} <= names
    assert "sql/_views.sql" not in names  # the survey's views: the FAERS queries read nothing of it
    csv, results = rerun_zip(bundle, tmp_path / "bundle", tiny_faers, monkeypatch)
    # the crude tables, then the same run within each sex × age band (split 'sex_age'), then the stored EBGM and prior
    result, strata, ebgm, prior = results
    from sidefx.faers import adjusted

    adj = adjusted.table(strata).set_index("inn").loc[csv.label]  # the README says how its columns are computed
    assert csv.adj_ror.tolist() == pytest.approx(adj.adj_ror.tolist(), nan_ok=True)
    assert "Mantel–Haenszel" in export.readme(p) and "sidefx/faers/adjusted.py" in export.readme(p)
    rows = csv.set_index("label")  # the CSV re-labels the query's columns: value = ror, ci_low = ror_low, ...
    assert rows.loc["sertraline", "value"] == pytest.approx(7.5) and rows.loc["sertraline", "a"] == 6
    got = result.set_index("inn").loc[rows.index]
    pairs = {"value": "ror", "ci_low": "ror_low", "ci_high": "ror_high", "a": "a", "d": "d", "prr": "prr"}
    for ours, theirs in (pairs | {"ic": "ic", "ic_low": "ic_low", "ic_high": "ic_high"}).items():
        assert got[theirs].tolist() == pytest.approx(rows[ours].tolist(), rel=1e-9, nan_ok=True), ours
    assert {"sql/faers/_ebgm_views.sql", "sql/faers/_ebgm_none.sql", "sql/faers/faers_ebgm.sql"} <= names
    stored = ebgm.set_index("inn").loc[rows.index]  # the folder's EBGM, read as the README's commands read it
    for col in ("ebgm", "eb05", "eb95"):
        assert stored[col].tolist() == pytest.approx(rows[col].tolist(), rel=1e-9), col
    assert prior.roles.tolist() == ["suspect"] and pd.isna(prior.problem.iloc[0])


def test_a_faers_zip_of_a_folder_imported_before_ebgm_reruns_with_no_ebgm(tiny_faers, tmp_path, monkeypatch):
    """A folder without faers_ebgm.parquet: the README's commands make EBGM's tables empty, as the dashboard does."""
    from sidefx.faers import panels as faers_panels
    from sidefx.filters import Filters
    from sidefx.serve import db

    for name in ("faers_ebgm.parquet", "faers_ebgm_prior.parquet"):
        (tiny_faers / name).unlink()
    db.reset()
    p = faers_panels.faers_ror("withdrawal_effects", "Withdrawal effects", "suspect", Filters())
    csv, results = rerun_zip(export.data_zip(p), tmp_path / "bundle", tiny_faers, monkeypatch)
    assert results[2].empty and results[3].empty and csv.ebgm.isna().all()
    assert csv.set_index("label").loc["sertraline", "a"] == 6
