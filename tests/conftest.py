"""Shared fixtures: the bundled graph is loaded and reasoned once per test session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import nqgraph
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.pipeline.build import BuildResult

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "ttl"
SOURCES = ROOT / "data" / "sources"
BUILD_DAY = dt.date(2026, 11, 23)

# The site, the `nqgraph serve` subprocess and the browser, for test_browser.py and test_endpoint.py;
# ci_guard fails every test that skips under CI=true.
pytest_plugins = ["browser_support", "ci_guard"]


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The bundled data, loaded into Oxigraph and reasoned."""
    return nqgraph.open_graph(data=DATA)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of the bundled data into a temporary folder."""
    out = tmp_path_factory.mktemp("build") / "out"
    return nqgraph.build(out=out, data=DATA, today=BUILD_DAY)


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner()
