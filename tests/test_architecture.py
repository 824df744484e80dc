"""The dependency rules of the design: ingest/ never imports search/ or the CLI; search/ never imports spaCy or
pdfplumber, so searching and listing actions start instantly."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "minutebook"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("ingest", ("minutebook.search", "minutebook.cli", "minutebook.app", "minutebook.store")),
        ("search", ("spacy", "pdfplumber", "pdfminer", "minutebook.ingest", "minutebook.cli")),
    ],
)
def test_imports_point_one_way(folder, forbidden):
    for path in sorted((PKG / folder).rglob("*.py")):
        bad = {m for m in imported_modules(path) if m.startswith(forbidden)}
        assert not bad, f"{path.relative_to(PKG)} imports {sorted(bad)}"


@pytest.mark.parametrize("module", ["minutebook.search", "minutebook.register", "minutebook.store", "minutebook.cli"])
def test_fast_paths_load_no_nlp_or_pdf_library(module):
    code = f"import sys, {module}; print(sorted(m for m in ('spacy', 'pdfplumber', 'pdfminer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


_SQL = re.compile(r"\b(?:SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b")


def test_only_the_store_holds_sql():
    """The store package is the only place that writes SQL (the search index keeps its own, non-SQL, engine)."""
    offenders = []
    for path in PKG.rglob("*.py"):
        if "store" in path.relative_to(PKG).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value):
                offenders.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert not offenders, offenders
