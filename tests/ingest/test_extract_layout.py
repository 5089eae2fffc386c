"""Drafting stays one module a job: ``draft.py`` orders the stages, ``extract/`` holds them."""

from __future__ import annotations

import ast
from pathlib import Path

import nqgraph.ingest.draft
import nqgraph.ingest.extract

EXTRACT = Path(nqgraph.ingest.extract.__file__).parent
DRAFT = Path(nqgraph.ingest.draft.__file__)


def test_no_extraction_module_is_over_400_lines() -> None:
    long = {
        p.name: n
        for p in sorted(EXTRACT.glob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, f"split these along their seams: {long}"


def test_the_draft_module_only_defines_draft_source() -> None:
    tree = ast.parse(DRAFT.read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defined == ["draft_source"]


def test_no_extraction_module_imports_the_draft_that_runs_it() -> None:
    for path in sorted(EXTRACT.glob("*.py")):
        imported = {
            node.module
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "nqgraph.ingest.draft" not in imported, path.name
