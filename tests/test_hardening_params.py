"""Query parameters cannot change the shape of a query, on Oxigraph, rdflib and a remote endpoint,
and each value is checked strictly against its declared type."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from browser_support import Server
from conftest import DATA
from nqgraph.cli import cli
from nqgraph.corpora.synth import synthesize
from nqgraph.errors import ParameterError
from nqgraph.graph.knowledge import KnowledgeGraph, open_graph
from nqgraph.graph.queries import Param, convert, read_query, run
from nqgraph.graph.sparql import bind_rows, bind_values, term_n3
from nqgraph.graph.store import OxigraphStore, RdflibStore, RemoteStore
from nqgraph.graph.validation import ValidationResult, load_shapes, validate_store

# The reproduction: two required string parameters, each matched against every label.
TWO_STRINGS = """#+ summary: Labels holding both strings
#+ params:
#+   - name: a
#+     type: string
#+     required: true
#+   - name: b
#+     type: string
#+     required: true
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE {
  ?s rdfs:label ?label
  FILTER(CONTAINS(STR(?label), ?a) && CONTAINS(STR(?label), ?b))
}
"""
INJECTION = {"a": 'x\n\\"', "b": ") ('' '') } #"}

# What each random value is made of: everything SPARQL gives meaning to near a literal (quotes,
# backslashes and what may follow one, line ends, braces, comments, brackets), hex digits (which
# some parsers read after \u), Unicode beyond the Basic Multilingual Plane, and control characters.
ALPHABET = [
    *"\"'\\\n\r\t\b\f}{#()<>.;,?$^@ uUx0129aAfF",
    "ệ",
    "Ủ",
    "\u0301",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x01",
    "\x7f",
    "😀",
    "\U0010fffd",
    '"""',
    "'''",
    "\\u0022",
    "\\U00000022",
]
SEED = 14
COUNT = 2000
BATCH = 250


def random_values(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16))) for _ in range(count)]


def shape(node: Any) -> Any:
    """The algebra of a query with every RDF term replaced by its kind (its structure only)."""
    if isinstance(node, CompValue):
        return (node.name, tuple(sorted((k, shape(v)) for k, v in node.items())))
    if isinstance(node, dict):
        return tuple(sorted((shape(k), shape(v)) for k, v in node.items()))
    if isinstance(node, list | tuple):
        return tuple(shape(v) for v in node)
    if isinstance(node, set | frozenset):
        return tuple(sorted(map(repr, node)))
    if isinstance(node, Literal):
        return ("Literal", node.datatype, node.language)
    if isinstance(node, URIRef):
        return "IRI"
    return repr(node)


def algebra(text: str) -> Any:
    return translateQuery(parseQuery(text)).algebra


def values_block(node: Any) -> list[dict[Variable, Node]]:
    """The rows of the first VALUES block of an algebra tree."""
    if isinstance(node, CompValue):
        if node.name == "values":
            rows: list[dict[Variable, Node]] = node["res"]
            return rows
        children: Any = node.values()
    elif isinstance(node, list | tuple):
        children = node
    else:
        return []
    for child in children:
        found = values_block(child)
        if found:
            return found
    return []


ROUND_TRIP = "SELECT ?a ?b WHERE { FILTER(BOUND(?a)) }"
FILTERED = (
    "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
    "FILTER(CONTAINS(STR(?l), ?a) && CONTAINS(STR(?l), ?b)) } # trailing comment"
)


def test_a_bound_value_never_changes_the_algebra_of_the_query() -> None:
    # rdflib parses a query in tens of milliseconds, so the values are checked in blocks of rows;
    # a value that escaped its literal would change the block's algebra or its rows.
    values = random_values(COUNT, SEED)
    pairs = list(zip(values, reversed(values), strict=True))
    for start in range(0, COUNT, BATCH):
        rows = [[Literal(a), Literal(b)] for a, b in pairs[start : start + BATCH]]
        plain = [[Literal("x"), Literal("y")] for _ in rows]
        text = bind_rows(FILTERED, ["a", "b"], rows)
        tree = algebra(text)
        assert shape(tree) == shape(algebra(bind_rows(FILTERED, ["a", "b"], plain))), text
        assert values_block(tree) == [{Variable("a"): a, Variable("b"): b} for a, b in rows], text


def test_the_value_of_the_reported_injection_is_one_literal_each() -> None:
    text = bind_values(FILTERED, {k: Literal(v) for k, v in INJECTION.items()})
    assert shape(algebra(text)) == shape(algebra(bind_values(FILTERED, {"a": Literal(""), "b": Literal("")})))


@pytest.fixture(scope="module")
def small_oxigraph() -> OxigraphStore:
    return OxigraphStore()


@pytest.fixture(scope="module")
def small_rdflib() -> RdflibStore:
    return RdflibStore()


def _round_trip(store: Any, values: list[str]) -> None:
    for start in range(0, len(values), BATCH):
        chunk = values[start : start + BATCH]
        rows = [[Literal(v), Literal(w, lang="vi")] for v, w in zip(chunk, reversed(chunk), strict=True)]
        answer = store.query(bind_rows(ROUND_TRIP, ["a", "b"], rows))
        assert sorted(answer.rows) == sorted(tuple(r) for r in rows)


def test_random_values_come_back_exactly_from_oxigraph(small_oxigraph: OxigraphStore) -> None:
    _round_trip(small_oxigraph, random_values(COUNT, SEED + 1))


def test_random_values_come_back_exactly_from_rdflib(small_rdflib: RdflibStore) -> None:
    _round_trip(small_rdflib, random_values(COUNT, SEED + 2))


def test_random_values_come_back_exactly_from_a_remote_endpoint(server: Server) -> None:
    _round_trip(RemoteStore(server.sparql, timeout=60), random_values(COUNT, SEED + 3))


def test_iris_and_typed_literals_come_back_exactly(
    small_oxigraph: OxigraphStore, small_rdflib: RdflibStore
) -> None:
    rows: list[list[Node]] = [
        [URIRef("https://w3id.org/nqgraph/id/ệ/ü?q=1#x"), Literal("2026-01-31", datatype=URIRef(XSD_DATE))],
        [URIRef("urn:x:%22"), Literal("a\\u0022", datatype=URIRef("urn:x:type"))],
    ]
    for store in (small_oxigraph, small_rdflib):
        answer = store.query(bind_rows(ROUND_TRIP, ["a", "b"], rows))
        assert sorted(answer.rows) == sorted(tuple(r) for r in rows)


XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


@pytest.mark.parametrize(
    "term",
    [
        URIRef("urn:a b"),
        URIRef("urn:a>"),
        URIRef('urn:a"'),
        URIRef("urn:a\\u0020"),
        URIRef("urn:{x}"),
        URIRef(""),
        Literal("x", datatype=URIRef("urn:t> } #")),
        Literal("\udc80"),
    ],
)
def test_a_term_that_cannot_be_written_safely_is_refused(term: Node) -> None:
    with pytest.raises(ParameterError):
        term_n3(term)


# ---------------------------------------------------------------- the reproduction, end to end


@pytest.fixture(scope="module")
def two_strings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "two-strings.rq"
    path.write_text(TWO_STRINGS, encoding="utf-8")
    return path


def _count(runner: CliRunner, *args: str) -> int:
    result = runner.invoke(cli, ["query", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return len(json.loads(result.output)["results"]["bindings"])


def test_the_reported_injection_finds_nothing_on_both_engines_and_an_endpoint(
    runner: CliRunner, two_strings: Path, server: Server
) -> None:
    params = [arg for name, value in INJECTION.items() for arg in ("-p", f"{name}={value}")]
    for where in (["--engine", "oxigraph"], ["--engine", "rdflib"], ["--endpoint", server.sparql]):
        assert _count(runner, str(two_strings), *params, "--data", str(DATA), *where) == 0, where


def test_string_parameters_still_match_what_they_say(kg: KnowledgeGraph, two_strings: Path) -> None:
    saved = read_query(two_strings)
    found = run(kg.store, saved, {"a": "Điện", "b": "Biên"}, lang=None)
    assert found.rows
    assert all("Điện" in str(label) and "Biên" in str(label) for _, label in found.rows)


# ---------------------------------------------------------------- strict types


def _param(kind: str) -> Param:
    return Param(name=f"my{kind.title()}", type=kind)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("date", "2026-W01-1"),
        ("date", "2026-001"),
        ("date", "20260101"),
        ("date", "２０２６-01-01"),
        ("date", "2026-02-30"),
        ("date", " 2026-01-01"),
        ("year", "２０２６"),
        ("year", "٢٠٢٦"),
        ("year", "26"),
        ("year", "+2026"),
        ("integer", "１２"),
        ("integer", "1e3"),
        ("integer", "12 "),
        ("integer", "1_000"),
        ("decimal", "NaN"),
        ("decimal", "Infinity"),
        ("decimal", "-inf"),
        ("decimal", "1e5"),
        ("decimal", "１.５"),
        ("decimal", "1,000.5"),
        ("decimal", "1.000,5"),
        ("decimal", ""),
        ("iri", "urn:x\x01"),
        ("iri", "https://a b"),
        ("string", "bad \udcff bytes"),
        ("string", "nul\x00"),
    ],
)
def test_a_lax_value_is_refused_naming_the_parameter(kind: str, raw: str) -> None:
    with pytest.raises(ParameterError, match=f"parameter my{kind.title()} \\({kind}\\)"):
        convert(_param(kind), raw, today=dt.date(2026, 11, 23))


@pytest.mark.parametrize(
    ("kind", "raw", "lexical"),
    [
        ("date", "2026-01-31", "2026-01-31"),
        ("year", "2026", "2026"),
        ("integer", "-12", "-12"),
        ("decimal", "12,5", "12.5"),
        ("decimal", ".5", "0.5"),
        ("string", "Ho\u0301a", "Hóa"),
    ],
)
def test_a_plain_value_of_each_type_is_accepted(kind: str, raw: str, lexical: str) -> None:
    assert str(convert(_param(kind), raw, today=dt.date(2026, 11, 23))) == lexical


def test_the_cli_names_the_parameter_of_a_week_date(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "overdue-tasks", "-p", "asOf=2026-W01-1"])
    assert result.exit_code == 2
    assert "asOf" in result.output and "2026-W01-1" in result.output


# ---------------------------------------------------------------- the rdflib engine agrees

OPTIONAL_PARAM = """#+ params:
#+   - name: property
#+     type: iri
#+     required: true
PREFIX nq: <https://w3id.org/nqgraph/ontology#>
SELECT ?event ?date WHERE { ?event a nq:ChangeEvent OPTIONAL { ?event ?property ?date } }
ORDER BY ?event
"""


def test_an_optional_that_uses_a_parameter_keeps_its_unmatched_rows_on_rdflib(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    # The root cause of the rdflib engine's false Violations: rdflib dropped a solution whose
    # OPTIONAL part used a VALUES-bound variable and matched nothing (RDFLib/rdflib#2332).
    path = tmp_path / "events.rq"
    path.write_text(OPTIONAL_PARAM, encoding="utf-8")
    saved = read_query(path)
    params = {"property": "nq:changeDate"}
    embedded = run(kg.store, saved, params, lang=None)
    undated = [row for row in embedded.rows if row[1] is None]
    assert undated, "the bundled data has change events whose date is unknown"
    rdflib_store = RdflibStore()
    rdflib_store.add(kg.store.quads())
    assert run(rdflib_store, saved, params, lang=None).rows == embedded.rows


def _validation(data: Path, engine: str) -> ValidationResult:
    graph = open_graph(data=data, engine=engine)
    return validate_store(graph.store, load_shapes(graph.inputs.shapes), defined_in=graph.loaded.defined_in)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(triples=10_000, seed=7, out=tmp_path_factory.mktemp("synth") / "corpus").out


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_the_rdflib_engine_validates_as_the_default_engine_does(which: str, corpus: Path) -> None:
    data = DATA if which == "bundled" else corpus
    default, other = _validation(data, "oxigraph"), _validation(data, "rdflib")
    assert other.findings == default.findings
    assert other.conforms == default.conforms
    if which == "bundled":
        assert default.violations == 0
