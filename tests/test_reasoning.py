"""Reasoning: the entailments queries rely on, and equality with owlrl on the bundled data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

import nqgraph
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, ID, NQ
from reference import compare_with_owlrl
from snippets import write_data

DB06 = URIRef(ID + "eli/dien-bien/tu/2012/06-nq-tu")
DB10 = URIRef(ID + "eli/dien-bien/tu/2021/10-nq-tu")
DB19 = URIRef(ID + "eli/dien-bien/tu/2025/19-nq-tu")


def ask(kg: KnowledgeGraph, s: URIRef, p: str, o: URIRef) -> bool:
    return any(True for q in kg.store.quads() if q[:3] == (s, URIRef(NQ + p), o))


def test_supersession_is_filled_transitively(kg: KnowledgeGraph) -> None:
    assert ask(kg, DB19, "supersedesTransitively", DB06)
    assert ask(kg, DB06, "supersededByTransitively", DB19)
    assert not ask(kg, DB19, "supersedes", DB06)  # the direct link stays as stated


def test_supersession_is_a_citation(kg: KnowledgeGraph) -> None:
    assert ask(kg, DB19, "cites", DB10) and ask(kg, DB10, "citedBy", DB19)


def test_class_hierarchy_reaches_the_aligned_vocabularies(kg: KnowledgeGraph) -> None:
    types = {o for s, p, o, _ in kg.store.quads() if s == DB19 and p == RDF.type}
    for cls in (
        NQ + "Resolution",
        NQ + "Document",
        "http://data.europa.eu/eli/ontology#LegalResource",
        "https://schema.org/Legislation",
        "http://www.w3.org/ns/prov#Entity",
    ):
        assert URIRef(cls) in types, cls


def test_successor_comes_from_change_events_and_is_transitive(tmp_path: Path) -> None:
    snippet = """
id:agency/p/c a nq:Agency ; rdfs:label "Cơ quan C"@vi, "Agency C"@en .
id:change/p/ab a nq:ChangeEvent ; rdfs:label "Hợp nhất"@vi, "Merger"@en ; nq:changeDateStatus "unknown" ;
    org:originalOrganization id:agency/p/a ; org:resultingOrganization id:agency/p/b .
id:change/p/bc a nq:ChangeEvent ; rdfs:label "Đổi tên"@vi, "Rename"@en ; nq:changeDateStatus "unknown" ;
    org:originalOrganization id:agency/p/b ; org:resultingOrganization id:agency/p/c .
"""
    kg = nqgraph.open_graph(data=write_data(tmp_path, snippet))
    a, b, c = (URIRef(ID + f"agency/p/{x}") for x in "abc")
    assert ask(kg, a, "successor", b) and ask(kg, b, "successor", c) and ask(kg, a, "successor", c)
    assert ask(kg, c, "predecessor", a)
    assert not ask(kg, c, "successor", a)


def test_completion_is_derived_from_a_progress_record(tmp_path: Path) -> None:
    snippet = """
id:eli/p/tu/2021/1-nq-tu/task/t a nq:Task ; rdfs:label "Nhiệm vụ"@vi, "Task"@en ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "x"@vi .
id:progress/t a nq:ProgressRecord ; rdfs:label "Tiến độ"@vi, "Progress"@en ;
    nq:progressOf id:eli/p/tu/2021/1-nq-tu/task/t ; nq:status nq:Completed ;
    nq:completedOn "2026-05-01"^^xsd:date .
"""
    kg = nqgraph.open_graph(data=write_data(tmp_path, snippet))
    task = URIRef(ID + "eli/p/tu/2021/1-nq-tu/task/t")
    done = [o for s, p, o, _ in kg.store.quads() if s == task and p == URIRef(NQ + "completedOn")]
    assert [str(d) for d in done] == ["2026-05-01"]


def test_attestations_fill_the_variants_a_component_is_stated_in(kg: KnowledgeGraph) -> None:
    target = URIRef(ID + "eli/dien-bien/tu/2021/10-nq-tu/target/i-3-1-6-a")
    variants = {o for s, p, o, _ in kg.store.quads() if s == target and p == URIRef(NQ + "statedIn")}
    assert variants == {URIRef(str(DB10) + "/text-a"), URIRef(str(DB10) + "/text-b")}


def test_asserted_and_inferred_graphs_are_disjoint(kg: KnowledgeGraph) -> None:
    asserted = {q[:3] for q in kg.store.quads(URIRef(GRAPH_ASSERTED))}
    inferred = {q[:3] for q in kg.store.quads(URIRef(GRAPH_INFERRED))}
    assert inferred and not (asserted & inferred)


@pytest.mark.slow
def test_inferred_instance_triples_equal_owlrl_closure_less_its_noise(kg: KnowledgeGraph) -> None:
    ours, extra, missing = compare_with_owlrl(kg)
    assert extra == set()
    assert missing == set(), Counter(str(p) for _, p, _ in missing)
    assert len(ours) > 1000
