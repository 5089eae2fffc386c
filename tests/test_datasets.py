"""A query's own dataset (FROM, FROM NAMED) is honoured by both embedded stores; the union of every
graph is the default graph only when the query names no dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from nqgraph.graph.store import OxigraphStore, RdflibStore, names_dataset, new_store

A, B = URIRef("urn:nqgraph:test:graph:a"), URIRef("urn:nqgraph:test:graph:b")
P = URIRef("urn:nqgraph:test:p")
QUERIES = Path(__file__).resolve().parents[1] / "queries"


@pytest.fixture(params=["oxigraph", "rdflib"])
def store(request: pytest.FixtureRequest) -> OxigraphStore | RdflibStore:
    s = new_store(request.param)
    s.add(
        [
            (URIRef("urn:nqgraph:test:s0"), P, Literal("default"), None),
            (URIRef("urn:nqgraph:test:s1"), P, Literal("a"), A),
            (URIRef("urn:nqgraph:test:s2"), P, Literal("b"), B),
        ]
    )
    return s


def values(store: OxigraphStore | RdflibStore, query: str) -> list[str]:
    return sorted(" ".join(str(cell) for cell in row) for row in store.query(query).rows)


def test_a_query_naming_no_dataset_reads_the_union_of_every_graph(store: OxigraphStore | RdflibStore) -> None:
    assert values(store, "SELECT ?o WHERE { ?s ?p ?o }") == ["a", "b", "default"]


def test_from_makes_the_named_graph_the_default_graph(store: OxigraphStore | RdflibStore) -> None:
    assert values(store, "SELECT ?o FROM <urn:nqgraph:test:graph:a> WHERE { ?s ?p ?o }") == ["a"]
    both = "SELECT ?o FROM <urn:nqgraph:test:graph:a> FROM <urn:nqgraph:test:graph:b> WHERE { ?s ?p ?o }"
    assert values(store, both) == ["a", "b"]
    assert store.query("ASK FROM <urn:nqgraph:test:graph:a> { ?s ?p 'b' }").boolean is False


def test_from_named_alone_leaves_the_default_graph_empty(store: OxigraphStore | RdflibStore) -> None:
    assert values(store, "SELECT ?o FROM NAMED <urn:nqgraph:test:graph:b> WHERE { ?s ?p ?o }") == []
    query = "SELECT ?g ?o FROM NAMED <urn:nqgraph:test:graph:b> WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert values(store, query) == ["urn:nqgraph:test:graph:b b"]


def test_from_without_from_named_offers_no_named_graph(store: OxigraphStore | RdflibStore) -> None:
    assert values(store, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") == [str(A), str(B)]
    assert values(store, "SELECT ?g FROM <urn:nqgraph:test:graph:a> WHERE { GRAPH ?g { ?s ?p ?o } }") == []


def test_from_a_graph_the_store_lacks_is_empty_and_never_fetched(store: OxigraphStore | RdflibStore) -> None:
    # rdflib would otherwise try to download the IRI.
    assert values(store, "SELECT ?o FROM <http://example.invalid/nothing> WHERE { ?s ?p ?o }") == []


def test_construct_honours_from(store: OxigraphStore | RdflibStore) -> None:
    result = store.query("CONSTRUCT { ?s ?p ?o } FROM <urn:nqgraph:test:graph:b> WHERE { ?s ?p ?o }")
    assert result.graph is not None
    assert sorted(str(o) for o in result.graph.objects()) == ["b"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s <urn:from> ?o } FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("DESCRIBE <urn:x> FROM <urn:g>", True),
        ('SELECT ?from WHERE { ?s <urn:FROM> "FROM" } # FROM <urn:g>', False),
        ("PREFIX from: <urn:from:> SELECT ?s WHERE { ?s from:x ex:FROM }", False),
        ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", False),
        ('SELECT ?s WHERE { ?s ?p """a "FROM" b""" }', False),
    ],
)
def test_a_dataset_clause_is_told_from_the_word_elsewhere(query: str, named: bool) -> None:
    assert names_dataset(query) is named


def test_no_saved_query_names_a_dataset_so_their_answers_are_unchanged() -> None:
    saved = sorted(QUERIES.glob("*.rq"))
    assert saved
    assert [p.name for p in saved if names_dataset(p.read_text(encoding="utf-8"))] == []
