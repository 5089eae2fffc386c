"""rdflib's known bug that nqgraph documents rather than hides (README, "Engines")."""

from __future__ import annotations

import pytest

from nqgraph.graph.store import OxigraphStore, RdflibStore

DATA = "PREFIX : <http://example.org/> INSERT DATA { GRAPH :g { :a :p 1 . :b :q 2 . } }"
BARE = (
    "PREFIX : <http://example.org/> "
    "SELECT ?s ?o WHERE { VALUES ?path { :p } ?s ?any ?x OPTIONAL { ?s ?path ?o } }"
)
WRAPPED = BARE.replace("VALUES ?path { :p }", "{ SELECT ?path WHERE { VALUES ?path { :p } } }")


def _subjects(store: OxigraphStore | RdflibStore, query: str) -> list[str]:
    return sorted(str(row[0]) for row in store.query(query).rows)


@pytest.fixture(params=[OxigraphStore, RdflibStore], ids=["oxigraph", "rdflib"])
def store(request: pytest.FixtureRequest) -> OxigraphStore | RdflibStore:
    made: OxigraphStore | RdflibStore = request.param()
    made.update(DATA)
    return made


def test_the_documented_workaround_keeps_every_row(store: OxigraphStore | RdflibStore) -> None:
    assert _subjects(store, WRAPPED) == ["http://example.org/a", "http://example.org/b"]


def test_a_bare_values_block_keeps_every_row_on_oxigraph() -> None:
    store = OxigraphStore()
    store.update(DATA)
    assert _subjects(store, BARE) == ["http://example.org/a", "http://example.org/b"]


@pytest.mark.xfail(strict=True, reason="RDFLib/rdflib#2332: when this passes, drop the README's warning")
def test_a_bare_values_block_used_in_optional_keeps_every_row_on_rdflib() -> None:
    store = RdflibStore()
    store.update(DATA)
    assert _subjects(store, BARE) == ["http://example.org/a", "http://example.org/b"]
