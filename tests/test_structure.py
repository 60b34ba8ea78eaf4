"""The export subpackage stays split by job: small modules, short functions, one module that knows Chromium."""

from __future__ import annotations

import ast
from pathlib import Path

EXPORT = Path(__file__).resolve().parent.parent / "sidefx" / "export"


def test_export_modules_are_small_and_their_functions_short():
    for path in EXPORT.glob("*.py"):
        source = path.read_text()
        assert len(source.splitlines()) <= 400, f"{path.name} has over 400 lines: split it by job"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{path.name}: {node.name} is over 60 lines"


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
