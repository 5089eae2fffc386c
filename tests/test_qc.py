"""Every qc/*-violation.rq returns no row on the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

import nqgraph
from conftest import ROOT
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.publish.output import render

CHECKS = sorted((ROOT / "qc").glob("*-violation.rq"))


def test_there_are_quality_checks() -> None:
    assert len(CHECKS) >= 5


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_quality_check_finds_nothing(kg: KnowledgeGraph, check: Path) -> None:
    result = nqgraph.run_query(kg.store, str(check))
    assert result.rows == (), render(result)
