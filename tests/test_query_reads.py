"""Which triples a saved query reads: the predicates of its patterns, and answers kept when a change
touches none of them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import BUILD_DAY
from nqgraph.errors import QueryError
from nqgraph.graph.answer_files import materialised, write_answers
from nqgraph.graph.answers import run_page
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import load_queries
from nqgraph.graph.query_reads import predicates_read, touched
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, NQ, RDF_TYPE
from nqgraph.paths import Inputs

QUERIES = load_queries(Inputs.default().queries)
WRITTEN = sorted(name for name, q in QUERIES.items() if materialised(q))


def test_a_query_reads_the_predicates_of_its_patterns_paths_subqueries_and_filters() -> None:
    text = """
        PREFIX ex: <urn:ex:>
        SELECT ?s WHERE {
          ?s a ex:C ; ex:a/ex:b ?o ; (ex:c|^ex:d)* ?z .
          FILTER EXISTS { ?s ex:e ?w }
          FILTER NOT EXISTS { ?s ex:f ?w }
          { SELECT ?s WHERE { ?s ex:g ?v } }
          OPTIONAL { GRAPH ?g { ?s ex:h ?u } }
          MINUS { ?s ex:i ?t }
        }"""
    found = predicates_read(text)
    assert found == {RDF_TYPE, *(f"urn:ex:{x}" for x in "abcdefghi")}


@pytest.mark.parametrize(
    "pattern",
    [
        "?s ?p ?o",
        "?s !<urn:ex:a> ?o",
        "?s <urn:ex:a> ?o . FILTER EXISTS { ?s ?p ?x }",
        "SERVICE <http://127.0.0.1:1/sparql> { ?s <urn:ex:a> ?o }",
    ],
)
def test_a_pattern_that_can_match_any_predicate_reads_everything(pattern: str) -> None:
    assert predicates_read(f"SELECT * WHERE {{ {pattern} }}") is None


def test_a_query_that_does_not_parse_is_an_error_naming_the_cause() -> None:
    with pytest.raises(QueryError, match="cannot read the query's patterns"):
        predicates_read("SELECT WHERE {")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_saved_query_names_the_predicates_it_reads(name: str) -> None:
    # A saved query reading everything would be answered again after every change.
    found = predicates_read(QUERIES[name].text)
    assert found
    assert all(p.startswith(("http://", "https://")) for p in found)


def test_a_change_touches_a_query_through_the_predicates_it_reads_only() -> None:
    reads = frozenset({"urn:ex:a"})
    assert touched(reads, [("<urn:s>", "<urn:ex:a>", '"1"')])
    assert not touched(reads, [("<urn:s>", "<urn:ex:b>", "<urn:ex:a>")])
    assert touched(None, [("<urn:s>", "<urn:ex:b>", '"1"')])


def _answers(store: OxigraphStore, name: str) -> object:
    page = run_page(store, QUERIES[name], limit=None, lang=None, today=BUILD_DAY)
    return (page.variables, page.rows)


def _copy(kg: KnowledgeGraph) -> OxigraphStore:
    assert isinstance(kg.store, OxigraphStore)
    copy = OxigraphStore()
    copy.native.extend(kg.store.native)
    return copy


@pytest.mark.parametrize("name", WRITTEN)
def test_triples_with_other_predicates_leave_a_saved_query_s_answer_as_it_was(
    name: str, kg: KnowledgeGraph
) -> None:
    read = predicates_read(QUERIES[name].text)
    assert read is not None
    store = _copy(kg)
    before = _answers(store, name)
    graph = ox.NamedNode(GRAPH_ASSERTED)
    # For every predicate the data uses and the query does not read: a new value on a subject that
    # has it, and the removal of one of its triples.
    used = {q.predicate.value for q in store.native.quads_for_pattern(None, None, None, graph)}
    for predicate in sorted(used - read):
        found = next(store.native.quads_for_pattern(None, ox.NamedNode(predicate), None, graph))
        store.native.remove(found)
        store.native.add(ox.Quad(found.subject, found.predicate, ox.Literal("changed"), graph))
    assert _answers(store, name) == before
    # And a triple with a predicate it reads does reach it (the test can fail).
    assert used & read


def test_an_incremental_write_keeps_the_answers_a_change_cannot_touch(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    folder = tmp_path / "answers"
    write_answers(folder, kg.store, QUERIES)
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    value = ("<urn:ex:target>", f"<{NQ}value>", '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    rewritten = write_answers(folder, kg.store, QUERIES, changed=[value])
    reading_value = {n for n in WRITTEN if NQ + "value" in (predicates_read(QUERIES[n].text) or ())}
    assert set(rewritten) == reading_value and reading_value < set(WRITTEN)
    for name in set(WRITTEN) - reading_value:
        assert (folder / f"{name}.jsonl").stat().st_ino == inodes[f"{name}.jsonl"]
    fresh = tmp_path / "fresh"
    write_answers(fresh, kg.store, QUERIES)
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert kept == {p.name: p.read_bytes() for p in fresh.iterdir()}


def test_an_answer_missing_from_the_folder_is_written_whatever_changed(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    written = write_answers(tmp_path, kg.store, QUERIES, changed=[])
    assert sorted(written) == WRITTEN
