"""The ontology defines the core terms with exactly the agreed IRIs, and documents every term."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from conftest import ROOT

NQ = Namespace("https://w3id.org/nqgraph/ontology#")
ONT = URIRef("https://w3id.org/nqgraph/ontology")

CORE_CLASSES = ["Document", "Resolution", "Target", "Task", "Agency", "Indicator"]
CORE_PROPERTIES = [
    "documentNumber",
    "issuedOn",
    "issuedBy",
    "province",
    "document",
    "supersedes",
    "supersedesTransitively",
    "cites",
    "indicator",
    "targetYear",
    "comparator",
    "value",
    "valueMax",
    "unit",
    "baselineValue",
    "baselineYear",
    "ordinal",
    "leadAgency",
    "participant",
    "supervisor",
    "deadlineText",
    "dueDate",
    "recurrence",
    "completedOn",
    "successor",
    "sourceText",
]
CORE_INDIVIDUALS = [
    "LessThan",
    "AtMost",
    "Equal",
    "AtLeast",
    "GreaterThan",
    "Approximately",
    "Between",
    "Annual",
    "Continuous",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "nqgraph.ttl")


@pytest.mark.parametrize("name", CORE_CLASSES)
def test_core_class_exists(onto: Graph, name: str) -> None:
    assert (NQ[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", CORE_PROPERTIES)
def test_core_property_exists(onto: Graph, name: str) -> None:
    kinds = set(onto.objects(NQ[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("name", CORE_INDIVIDUALS)
def test_core_individual_exists(onto: Graph, name: str) -> None:
    assert (NQ[name], RDF.type, OWL.NamedIndividual) in onto


def test_core_axioms_match_their_meaning(onto: Graph) -> None:
    assert (NQ.Resolution, RDFS.subClassOf, NQ.Document) in onto
    assert (NQ.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (NQ.Indicator, RDFS.subClassOf, SKOS.Concept) in onto
    assert (NQ.supersedes, RDFS.subPropertyOf, NQ.supersedesTransitively) in onto
    assert (NQ.supersedes, RDFS.subPropertyOf, NQ.cites) in onto
    assert (NQ.supersedesTransitively, RDF.type, OWL.TransitiveProperty) in onto
    assert (NQ.successor, RDF.type, OWL.TransitiveProperty) in onto
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert (NQ.issuedOn, RDFS.range, URIRef(xsd + "date")) in onto
    assert (NQ.targetYear, RDFS.range, URIRef(xsd + "gYear")) in onto
    assert (NQ.value, RDFS.range, URIRef(xsd + "decimal")) in onto


def test_every_term_has_english_and_vietnamese_labels_a_definition_and_is_defined_by(onto: Graph) -> None:
    missing = []
    for term in set(onto.subjects(RDFS.isDefinedBy, ONT)) | {
        s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(NQ))
    }:
        langs = {lbl.language for lbl in onto.objects(term, RDFS.label)}  # type: ignore[attr-defined]
        if not {"en", "vi"} <= langs or onto.value(term, SKOS.definition) is None:
            missing.append(str(term))
        if (term, RDFS.isDefinedBy, ONT) not in onto:
            missing.append(f"{term} (isDefinedBy)")
    assert missing == []


def test_ontology_aligns_with_the_standard_vocabularies(onto: Graph) -> None:
    used = {str(o) for o in onto.objects(None, RDFS.subClassOf)} | {
        str(o) for o in onto.objects(None, RDFS.subPropertyOf)
    }
    for ns in (
        "http://data.europa.eu/eli/ontology#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2004/02/skos/core#",
        "https://schema.org/",
    ):
        assert any(u.startswith(ns) for u in used), ns
    assert any(str(o).startswith("http://www.w3.org/2006/time#") for o in onto.objects(None, RDFS.range))
