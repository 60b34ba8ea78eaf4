"""Every module of sidefx/ stays small and its functions short (no exceptions); each package (export, charts,
importer, build, faers, serve, survey, studies, ui) has a module map that names every module (a command's __main__ aside),
and so does sidefx/ itself; one module knows Chromium, and only ui/ (besides the page scripts and the entry point)
draws Streamlit elements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIDEFX = Path(__file__).resolve().parent.parent / "sidefx"
EXPORT = SIDEFX / "export"
PACKAGES = tuple(sorted(p.parent.name for p in SIDEFX.glob("*/__init__.py")))
ROOT = SIDEFX.parent
UI = SIDEFX / "ui"


def test_the_packages_are_those_the_layout_names():
    assert PACKAGES == ("build", "charts", "export", "faers", "importer", "serve", "studies", "survey", "ui")
    layout = (ROOT / "README.md").read_text().split("\ndashboard.py ", 1)[1].split("```", 1)[0]
    missing = [p for p in PACKAGES if f"\nsidefx/{p}/ " not in layout]
    assert not missing, f"the README's layout block leaves out {missing}"


@pytest.mark.parametrize("package", ("", *PACKAGES))
def test_a_packages_modules_are_small_and_their_functions_short(package):
    paths = sorted((SIDEFX / package).glob("*.py"))
    assert len(paths) > 1, f"sidefx/{package}/ is not a package of modules"
    for path in paths:
        source = path.read_text()
        assert len(source.splitlines()) <= 400, f"{package}/{path.name} has over 400 lines: split it by job"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{package}/{path.name}: {node.name} is over 60 lines"


@pytest.mark.parametrize("package", ("", *PACKAGES))
def test_a_packages_init_starts_with_a_map_naming_each_of_its_modules(package):
    doc = ast.get_docstring(ast.parse((SIDEFX / package / "__init__.py").read_text())) or ""
    named = {line.split()[0].rstrip("/") for line in doc.splitlines() if line.strip()}
    modules = {p.stem for p in (SIDEFX / package).glob("*.py") if p.stem not in ("__init__", "__main__")}
    modules |= {p.name for p in (SIDEFX / package).iterdir() if (p / "__init__.py").is_file()}
    assert modules <= named, f"sidefx/{package}/__init__.py's module map leaves out {sorted(modules - named)}"


def test_only_the_render_module_knows_about_chromium_and_kaleido():
    for path in EXPORT.glob("*.py"):
        imports = {
            alias.name.split(".")[0]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
        }
        if path.name != "render.py":
            assert not imports & {"kaleido", "choreographer"}, path.name


def _streamlit_calls(path: Path) -> set[str]:
    """The attributes a module reads from streamlit (imported as ``st``)."""
    tree = ast.parse(path.read_text())
    return {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "st"
    }


def test_only_ui_draws_streamlit_elements_in_the_library():
    """Outside sidefx/ui/ the library may cache with streamlit, never draw."""
    assert (UI / "__init__.py").is_file()
    drawing = {
        path.relative_to(ROOT).as_posix(): sorted(_streamlit_calls(path) - {"cache_data", "cache_resource"})
        for path in (ROOT / "sidefx").rglob("*.py")
        if UI not in path.parents
    }
    assert not {name: calls for name, calls in drawing.items() if calls}
