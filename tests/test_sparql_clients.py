"""Real SPARQL clients against `nqgraph serve`: SPARQLWrapper with every query form, every return format
it offers for that form and every request method, and rdflib's ``SPARQLStore`` over the whole dataset
and scoped to one named graph. The run prints the pass count of the matrix.

The server serves a small build folder of known content (two named graphs, one blank node), so every
answer can be checked exactly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any
from xml.dom.minidom import Document

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper import JSON as JSON_FORMAT

from browser_support import Server, fetch
from conftest import ROOT
from nqgraph.graph.store import RemoteStore

EX = Namespace("http://example.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GRAPH_A = URIRef("http://example.org/graph/a")
GRAPH_B = URIRef("http://example.org/graph/b")
TRIG = f"""
<{GRAPH_A}> {{
  <{EX.alice}> <{FOAF.name}> "Alice" ; <{FOAF.knows}> <{EX.bob}> .
  <{EX.bob}> <{FOAF.name}> "Bob"@en .
}}
<{GRAPH_B}> {{
  <{EX.carol}> <{FOAF.name}> "Carol" ; <{EX.address}> [ <{EX.city}> "Hà Nội" ] .
}}
"""
PREFIXES = f"PREFIX ex: <{EX}> PREFIX foaf: <{FOAF}>\n"
QUERIES = {
    "SELECT": PREFIXES + "SELECT ?name WHERE { ?person foaf:name ?name } ORDER BY ?name",
    "ASK": PREFIXES + "ASK { ex:alice foaf:knows ex:bob }",
    "CONSTRUCT": PREFIXES + "CONSTRUCT { ?person foaf:name ?name } WHERE { ?person foaf:name ?name }",
    "DESCRIBE": PREFIXES + "DESCRIBE ex:alice",
}
FORMATS = {
    "SELECT": (JSON_FORMAT, XML, CSV, TSV),
    "ASK": (JSON_FORMAT, XML, CSV, TSV),
    "CONSTRUCT": (TURTLE, N3, XML, RDFXML, JSONLD),
    "DESCRIBE": (TURTLE, N3, XML, RDFXML, JSONLD),
}
METHODS = {"GET": (GET, URLENCODED), "POST form": (POST, URLENCODED), "POST direct": (POST, POSTDIRECTLY)}
NAMES = ["Alice", "Bob", "Carol"]
MATRIX = [(form, fmt, method) for form, formats in FORMATS.items() for fmt in formats for method in METHODS]
RESULTS: dict[str, bool] = {}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    out = tmp_path_factory.mktemp("clients") / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("<!doctype html><title>clients</title>", encoding="utf-8")
    (out / "nqgraph.trig").write_text(TRIG, encoding="utf-8")
    running = Server(out)
    yield running
    running.stop()


@pytest.fixture(scope="module", autouse=True)
def pass_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if RESULTS:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            passed = sum(RESULTS.values())
            print(f"\nSPARQL client matrix (SPARQLWrapper, SPARQLStore): {passed} of {len(RESULTS)} passed")


def wrapper(server: Server, form: str, fmt: str, method: str) -> SPARQLWrapper:
    w = SPARQLWrapper(server.sparql)
    w.setQuery(QUERIES[form])
    w.setReturnFormat(fmt)
    http_method, request_method = METHODS[method]
    w.setMethod(http_method)
    w.setRequestMethod(request_method)
    w.setTimeout(30)
    return w


def _names_in(result: Any, fmt: str) -> list[str]:
    if fmt == JSON_FORMAT:
        return [b["name"]["value"] for b in result["results"]["bindings"]]
    if fmt == XML:
        assert isinstance(result, Document)
        return [n.firstChild.data for n in result.getElementsByTagName("literal")]
    text = result.decode("utf-8")
    if fmt == CSV:
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["name"]
        return [r[0] for r in rows[1:]]
    lines = text.splitlines()
    assert lines[0] == "?name"
    return [json.loads(line.split("@")[0]) for line in lines[1:]]


def _boolean_in(result: Any, fmt: str) -> bool:
    if fmt == JSON_FORMAT:
        return bool(result["boolean"])
    if fmt == XML:
        return str(result.getElementsByTagName("boolean")[0].firstChild.data) == "true"
    return bytes(result).strip() == b"true"


def _graph_in(result: Any, fmt: str) -> Graph:
    if isinstance(result, Graph):
        return result
    return Graph().parse(data=result, format="turtle" if fmt in (TURTLE, N3) else "json-ld")


@pytest.mark.parametrize(("form", "fmt", "method"), MATRIX, ids=[f"{f}-{t}-{m}" for f, t, m in MATRIX])
def test_sparqlwrapper_gets_the_right_answer(endpoint: Server, form: str, fmt: str, method: str) -> None:
    key = f"SPARQLWrapper {form} {fmt} {method}"
    RESULTS[key] = False
    result = wrapper(endpoint, form, fmt, method).query().convert()
    if form == "SELECT":
        assert _names_in(result, fmt) == NAMES
    elif form == "ASK":
        assert _boolean_in(result, fmt) is True
    else:
        graph = _graph_in(result, fmt)
        if form == "CONSTRUCT":
            assert sorted(str(o) for o in graph.objects(None, FOAF.name)) == NAMES
        else:
            assert (EX.alice, FOAF.knows, EX.bob) in graph
            assert (EX.alice, FOAF.name, Literal("Alice")) in graph
    RESULTS[key] = True


# ---------------------------------------------------------------- rdflib's SPARQLStore


def test_sparqlstore_sees_every_graph_by_default(endpoint: Server) -> None:
    RESULTS["SPARQLStore union"] = False
    graph = Graph(store=SPARQLStore(endpoint.sparql))
    assert sorted(str(o) for o in graph.objects(None, FOAF.name)) == NAMES
    rows = list(graph.query(QUERIES["SELECT"]))
    assert [str(r[0]) for r in rows] == NAMES  # type: ignore[index]
    RESULTS["SPARQLStore union"] = True


def test_sparqlstore_scoped_to_a_named_graph_sees_only_that_graph(endpoint: Server) -> None:
    RESULTS["SPARQLStore scoped"] = False
    store = SPARQLStore(endpoint.sparql)
    only_a = Graph(store=store, identifier=GRAPH_A)
    only_b = Graph(store=store, identifier=GRAPH_B)
    assert sorted(str(o) for o in only_a.objects(None, FOAF.name)) == ["Alice", "Bob"]
    assert sorted(str(o) for o in only_b.objects(None, FOAF.name)) == ["Carol"]
    assert len(only_a) == 3
    assert isinstance(next(only_b.objects(EX.carol, EX.address)), BNode)
    RESULTS["SPARQLStore scoped"] = True


def test_sparqlstore_lists_the_named_graphs(endpoint: Server) -> None:
    RESULTS["SPARQLStore contexts"] = False
    names = {str(c) for c in SPARQLStore(endpoint.sparql).contexts()}
    assert {str(GRAPH_A), str(GRAPH_B)} <= names
    RESULTS["SPARQLStore contexts"] = True


# ---------------------------------------------------------------- the dataset and result details


def test_a_querys_own_from_is_honoured(endpoint: Server) -> None:
    w = SPARQLWrapper(endpoint.sparql)
    w.setQuery(PREFIXES + f"SELECT ?name FROM <{GRAPH_B}> WHERE {{ ?p foaf:name ?name }}")
    w.setReturnFormat(JSON_FORMAT)
    result: Any = w.query().convert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Carol"]


def test_blank_nodes_are_written_with_their_prefix_in_csv(endpoint: Server) -> None:
    query = PREFIXES + "SELECT ?a WHERE { ex:carol ex:address ?a }"
    answer = fetch(f"{endpoint.sparql}?{urllib.parse.urlencode({'query': query})}", accept="text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["a"] and rows[1][0].startswith("_:"), rows


def test_the_readme_states_the_size_of_the_matrix() -> None:
    stores = [name for name in globals() if name.startswith("test_sparqlstore_")]
    total = len(MATRIX) + len(stores)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"passes {total} of {total}: SPARQLWrapper" in readme
    assert f"GET, form POST and direct POST ({len(MATRIX)})" in readme


def test_nqgraphs_remote_store_gets_the_dataset_its_query_names(endpoint: Server) -> None:
    store = RemoteStore(endpoint.sparql, timeout=30)
    scoped = store.query(PREFIXES + f"SELECT ?name FROM <{GRAPH_B}> WHERE {{ ?p foaf:name ?name }}")
    assert [str(row[0]) for row in scoped.rows] == ["Carol"]
    named = f"SELECT ?g ?name FROM NAMED <{GRAPH_A}> WHERE {{ GRAPH ?g {{ ?p <{FOAF.name}> ?name }} }}"
    named += " ORDER BY ?name"
    assert [(str(g), str(n)) for g, n in store.query(named).rows] == [
        (str(GRAPH_A), "Alice"),
        (str(GRAPH_A), "Bob"),
    ]
    assert list(store.query(f"SELECT ?s FROM NAMED <{GRAPH_A}> WHERE {{ ?s ?p ?o }}").rows) == []
