"""`nqgraph serve`: the SPARQL 1.1 Protocol endpoint at /sparql, used through SPARQLWrapper, and content
negotiation on resource IRIs."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, GET, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

import nqgraph
from browser_support import LinkParser, Server, fetch
from conftest import ROOT
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import load_queries, read_query
from nqgraph.pipeline.build import BuildResult
from test_queries import PARAMS, _normalised

ID = "https://w3id.org/nqgraph/id/"
DB10 = "eli/dien-bien/tu/2021/10-nq-tu"
NUMBERS = """PREFIX nq: <https://w3id.org/nqgraph/ontology#>
SELECT ?doc ?number WHERE { ?doc nq:documentNumber ?number } ORDER BY ?doc ?number"""
MALFORMED = "SELECT ?x WHERE { ?x ?y }"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def answer_of(server: Server, query: str, fmt: str = JSON) -> Any:
    """The converted answer: parsed JSON, an XML document, or the bytes of CSV or TSV."""
    return client(server, query, fmt).query().convert()


def client(server: Server, query: str, fmt: str, *, method: str = GET) -> SPARQLWrapper:
    w = SPARQLWrapper(server.sparql)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    w.setTimeout(30)
    return w


def expected_numbers(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    return [(str(doc), str(number)) for doc, number in kg.store.query(NUMBERS).rows]


# ---------------------------------------------------------------- saved queries


@pytest.mark.parametrize("name", sorted(load_queries(ROOT / "queries")))
def test_every_saved_query_gives_the_same_rows_through_sparql_as_embedded(
    kg: KnowledgeGraph, server: Server, name: str
) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    params = PARAMS.get(name, {})
    embedded = nqgraph.run_query(kg.store, name, params)
    remote = nqgraph.run_query(nqgraph.RemoteStore(server.sparql), name, params)
    assert remote.variables == embedded.variables
    assert sorted(_comparable(remote, query.ordered)) == sorted(_comparable(embedded, query.ordered))
    if query.ordered:
        # ORDER BY leaves the order of tied rows (a task with two lead agencies) to the engine, and the
        # server's store is loaded in another order: the rows' subjects must come in the same order.
        assert [row[0] for row in _comparable(remote, True)] == [
            row[0] for row in _comparable(embedded, True)
        ]


def _comparable(result: nqgraph.QueryResult, ordered: bool) -> list[tuple[str, ...]]:
    """Rows in canonical text form, the parts of each GROUP_CONCAT (joined by " | ") sorted: SPARQL leaves
    their order to the engine, and the server's store is loaded from the build's TriG in another order."""
    rows = [tuple(_sorted_parts(cell) for cell in row) for row in _normalised(result, ordered)]
    return rows if ordered else sorted(rows)


def _sorted_parts(cell: str) -> str:
    if not cell.startswith('"') or " | " not in cell:
        return cell
    body, quote, suffix = cell[1:].rpartition('"')
    return '"' + " | ".join(sorted(body.split(" | "))) + quote + suffix


# ---------------------------------------------------------------- result formats


def test_select_answers_sparql_json(kg: KnowledgeGraph, server: Server) -> None:
    result = client(server, NUMBERS, JSON).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    data: Any = result.convert()
    rows = [(b["doc"]["value"], b["number"]["value"]) for b in data["results"]["bindings"]]
    assert data["head"]["vars"] == ["doc", "number"]
    assert rows == expected_numbers(kg)


def test_select_answers_sparql_xml(kg: KnowledgeGraph, server: Server) -> None:
    result = client(server, NUMBERS, XML).query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    doc: Any = result.convert()
    rows = []
    for r in doc.getElementsByTagName("result"):
        values = {
            b.getAttribute("name"): b.firstChild.firstChild.data for b in r.getElementsByTagName("binding")
        }
        rows.append((values["doc"], values["number"]))
    assert rows == expected_numbers(kg)


def test_select_answers_csv(kg: KnowledgeGraph, server: Server) -> None:
    result = client(server, NUMBERS, CSV).query()
    assert result.info()["content-type"].startswith("text/csv")
    body: Any = result.convert()
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert table[0] == ["doc", "number"]
    assert [tuple(row) for row in table[1:]] == expected_numbers(kg)


def _tsv_term(cell: str) -> str:
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    if cell.startswith('"'):
        return str(json.loads(cell[: cell.rindex('"') + 1]))
    return cell


def test_select_answers_tsv(kg: KnowledgeGraph, server: Server) -> None:
    result = client(server, NUMBERS, TSV).query()
    assert result.info()["content-type"].startswith("text/tab-separated-values")
    body: Any = result.convert()
    lines = body.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?doc", "?number"]
    assert [tuple(_tsv_term(c) for c in line.split("\t")) for line in lines[1:]] == expected_numbers(kg)


def test_get_and_both_post_forms_give_the_same_answer(server: Server) -> None:
    accept = "application/sparql-results+json"
    by_get = fetch(f"{server.sparql}?{urllib.parse.urlencode({'query': NUMBERS})}", accept=accept)
    by_form = fetch(server.sparql, accept=accept, data=urllib.parse.urlencode({"query": NUMBERS}).encode())
    direct = fetch(
        server.sparql, accept=accept, data=NUMBERS.encode(), Content_Type="application/sparql-query"
    )
    assert by_get.status == by_form.status == direct.status == 200, (by_get.text, by_form.text, direct.text)
    assert json.loads(by_get.body) == json.loads(by_form.body) == json.loads(direct.body)


def test_ask_answers_a_boolean(server: Server) -> None:
    answer = answer_of(server, f"ASK {{ <{ID}{DB10}> ?p ?o }}")
    assert answer["boolean"] is True


def test_construct_answers_turtle(kg: KnowledgeGraph, server: Server) -> None:
    query = NUMBERS.replace("SELECT ?doc ?number", "CONSTRUCT { ?doc nq:documentNumber ?number }").replace(
        " ORDER BY ?doc ?number", ""
    )
    result = client(server, query, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=result.response.read(), format="turtle")
    assert {(str(s), str(o)) for s, _, o in graph} == set(expected_numbers(kg))


# ---------------------------------------------------------------- bad requests


def test_a_malformed_query_gets_400_with_the_parsers_message(server: Server) -> None:
    with pytest.raises(SyntaxError) as parser:
        pyoxigraph.Store().query(MALFORMED)
    answer = fetch(f"{server.sparql}?{urllib.parse.urlencode({'query': MALFORMED})}")
    assert answer.status == 400, answer.text
    assert str(parser.value) in answer.text


def test_sparqlwrapper_reports_a_malformed_query_as_bad_formed(server: Server) -> None:
    with pytest.raises(QueryBadFormed):
        client(server, MALFORMED, JSON).query()


def test_update_is_refused_and_changes_nothing(server: Server) -> None:
    triple = f"<{ID}x> <{ID}y> <{ID}z>"
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client(server, f"INSERT DATA {{ {triple} }}", JSON, method=POST).query()
    form = fetch(
        server.sparql, data=urllib.parse.urlencode({"update": f"INSERT DATA {{ {triple} }}"}).encode()
    )
    assert 400 <= form.status < 500, form.text
    as_query = fetch(
        server.sparql, data=urllib.parse.urlencode({"query": f"INSERT DATA {{ {triple} }}"}).encode()
    )
    assert 400 <= as_query.status < 500, as_query.text
    assert answer_of(server, f"ASK {{ {triple} }}")["boolean"] is False


def test_a_post_without_a_query_gets_400(server: Server) -> None:
    assert fetch(server.sparql, data=b"nothing=1", accept="application/sparql-results+json").status == 400


def test_a_browser_visiting_the_endpoint_gets_the_query_page(server: Server) -> None:
    answer = fetch(server.sparql, accept="text/html")
    assert answer.status == 200
    assert answer.media_type == "text/html"


# ---------------------------------------------------------------- timeout and result cap


@pytest.fixture(scope="module")
def strict_server(built: BuildResult) -> Iterator[Server]:
    """A second server with a 1 s query timeout and a result cap of 5 rows."""
    running = Server(built.out, "--query-timeout", "1", "--result-cap", "5")
    yield running
    running.stop()


def test_a_too_slow_query_gets_a_timeout_answer_and_the_server_keeps_serving(strict_server: Server) -> None:
    start = time.monotonic()
    answer = fetch(f"{strict_server.sparql}?{urllib.parse.urlencode({'query': CROSS_JOIN})}", timeout=60)
    elapsed = time.monotonic() - start
    assert answer.status in (503, 504), (answer.status, answer.text)
    assert "time" in answer.text.lower(), answer.text
    assert elapsed < 10, elapsed
    start = time.monotonic()
    after = answer_of(strict_server, "ASK { ?s ?p ?o }")
    assert after["boolean"] is True
    assert time.monotonic() - start < 5
    assert strict_server.is_alive()


def test_the_result_cap_limits_the_rows(strict_server: Server) -> None:
    answer = answer_of(strict_server, "SELECT * WHERE { ?s ?p ?o }")
    assert len(answer["results"]["bindings"]) == 5


# ---------------------------------------------------------------- content negotiation


def _subjects(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects()}


@pytest.mark.parametrize(
    ("accept", "media_type", "rdf_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_a_resource_iri_answers_rdf_by_content_negotiation(
    server: Server, accept: str, media_type: str, rdf_format: str
) -> None:
    answer = fetch(f"{server.url}/id/{DB10}", accept=accept)
    assert answer.status == 200, answer.text
    assert answer.media_type == media_type
    graph = Graph().parse(data=answer.body, format=rdf_format)
    assert f"{ID}{DB10}" in _subjects(graph)
    assert (URIRef(f"{ID}{DB10}"), None, Literal("10-NQ/TU")) in graph


def test_a_resource_iri_answers_html_to_a_browser(server: Server) -> None:
    answer = fetch(f"{server.url}/id/{DB10}", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert answer.status == 200, answer.text
    assert answer.media_type == "text/html"
    assert "10-NQ/TU" in answer.text


@pytest.mark.parametrize(
    ("suffix", "media_type", "rdf_format"),
    [
        (".ttl", "text/turtle", "turtle"),
        (".jsonld", "application/ld+json", "json-ld"),
        (".nt", "application/n-triples", "nt"),
    ],
)
def test_explicit_data_urls_answer_their_format_whatever_the_accept_header(
    server: Server, suffix: str, media_type: str, rdf_format: str
) -> None:
    answer = fetch(f"{server.url}/id/{DB10}{suffix}", accept="text/html")
    assert answer.status == 200, answer.text
    assert answer.media_type == media_type
    assert f"{ID}{DB10}" in _subjects(Graph().parse(data=answer.body, format=rdf_format))


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_an_unknown_iri_gets_404(server: Server, accept: str) -> None:
    assert fetch(f"{server.url}/id/eli/nowhere/tu/1999/0-nq-tu", accept=accept).status == 404


def test_the_404_page_links_to_search(server: Server) -> None:
    answer = fetch(f"{server.url}/id/eli/nowhere/tu/1999/0-nq-tu", accept="text/html")
    assert answer.status == 404
    assert answer.media_type == "text/html"
    page = LinkParser()
    page.feed(answer.text)
    assert any(
        tag == "a" and urllib.parse.urlsplit(href).path.endswith("/search.html") for tag, href in page.links
    )


# ---------------------------------------------------------------- the protocol's details

GRAPH = "https://w3id.org/nqgraph/graph/"


def _ask(server: Server, query: str, **params: str | list[str]) -> bool:
    pairs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    answer = fetch(f"{server.sparql}?{pairs}", accept="application/sparql-results+json")
    assert answer.status == 200, answer.text
    return bool(json.loads(answer.body)["boolean"])


def test_default_graph_uri_and_named_graph_uri_choose_the_dataset(server: Server) -> None:
    document = f"ASK {{ <{ID}{DB10}> ?p ?o }}"
    assert _ask(server, document)  # no dataset named: the union of the graphs
    assert _ask(server, document, **{"default-graph-uri": f"{GRAPH}asserted"})
    assert not _ask(server, document, **{"default-graph-uri": f"{GRAPH}ontology"})
    in_graph = f"ASK {{ GRAPH <{GRAPH}asserted> {{ <{ID}{DB10}> ?p ?o }} }}"
    assert _ask(server, in_graph, **{"named-graph-uri": f"{GRAPH}asserted"})
    assert not _ask(server, in_graph, **{"named-graph-uri": f"{GRAPH}ontology"})
    # The request's dataset wins over the query's own FROM.
    from_ontology = document.replace("ASK", f"ASK FROM <{GRAPH}ontology>")
    assert not _ask(server, from_ontology)
    assert _ask(server, from_ontology, **{"default-graph-uri": f"{GRAPH}asserted"})


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_answers_each_rdf_format_by_content_negotiation(
    kg: KnowledgeGraph, server: Server, accept: str, rdf_format: str
) -> None:
    query = NUMBERS.replace("SELECT ?doc ?number", "CONSTRUCT { ?doc nq:documentNumber ?number }").replace(
        " ORDER BY ?doc ?number", ""
    )
    answer = fetch(f"{server.sparql}?{urllib.parse.urlencode({'query': query})}", accept=accept)
    assert answer.status == 200, answer.text
    assert answer.media_type == accept
    graph = Graph().parse(data=answer.body, format=rdf_format)
    assert {(str(s), str(o)) for s, _, o in graph} == set(expected_numbers(kg))


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_describe_answers_each_rdf_format_by_content_negotiation(
    kg: KnowledgeGraph, server: Server, accept: str, rdf_format: str
) -> None:
    document = URIRef(ID + DB10)
    query = f"DESCRIBE <{document}>"
    answer = fetch(f"{server.sparql}?{urllib.parse.urlencode({'query': query})}", accept=accept)
    assert answer.status == 200, answer.text
    assert answer.media_type == accept
    graph = Graph().parse(data=answer.body, format=rdf_format)
    numbers = {
        str(o) for o in graph.objects(document, URIRef("https://w3id.org/nqgraph/ontology#documentNumber"))
    }
    assert numbers == {number for doc, number in expected_numbers(kg) if doc == str(document)} != set()


def test_relative_iris_in_a_query_resolve_against_the_endpoint(server: Server) -> None:
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    answer = fetch(
        f"{server.sparql}?{urllib.parse.urlencode({'query': query})}", accept="application/n-triples"
    )
    assert answer.status == 200, answer.text
    assert f"<{server.url}/s>" in answer.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_naming_the_allowed_ones(server: Server, method: str) -> None:
    for url in (server.sparql, server.url + "/index.html"):
        request = urllib.request.Request(url, method=method, data=b"")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 405
        allowed = {m.strip() for m in refused.value.headers["Allow"].split(",")}
        assert {"GET", "HEAD", "OPTIONS"} <= allowed
        assert ("POST" in allowed) is (url == server.sparql)


def test_a_cors_preflight_is_answered(server: Server) -> None:
    request = urllib.request.Request(server.sparql, method="OPTIONS")
    request.add_header("Origin", "https://example.org")
    request.add_header("Access-Control-Request-Method", "POST")
    request.add_header("Access-Control-Request-Headers", "content-type")
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status in (200, 204)
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in r.headers["Access-Control-Allow-Methods"]
        assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize(
    ("url_tail", "body", "content_type", "status"),
    [
        ("?query=ASK%7B%7D&query=ASK%7B%7D", None, None, 400),
        ("?default-graph-uri=urn%3Ax", None, None, 400),
        ("", b"ASK {}", "", 400),
        ("", b"ASK {}", "text/plain", 400),
        ("", "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16", 400),
        ("?query=ASK%7B%7D", b"ASK {}", "application/sparql-query", 400),
    ],
)
def test_malformed_protocol_requests_get_4xx(
    server: Server, url_tail: str, body: bytes | None, content_type: str | None, status: int
) -> None:
    request = urllib.request.Request(server.sparql + url_tail, data=body)
    if content_type is not None:
        request.add_header("Content-Type", content_type)
    if content_type == "":
        request.remove_header("Content-type")
        request.unredirected_hdrs["Content-type"] = ""
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == status, refused.value.read()


def test_every_answer_names_the_build_it_comes_from(server: Server) -> None:
    answers = [
        fetch(server.url + "/index.html"),
        fetch(f"{server.url}/id/{DB10}", accept="text/turtle"),
        fetch(f"{server.sparql}?query=ASK%7B%7D"),
    ]
    labels = {a.headers.get("x-nqgraph-build") for a in answers}
    assert len(labels) == 1 and None not in labels, labels
