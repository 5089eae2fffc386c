"""Compare nqgraph's inferred triples with owlrl's closure, the reference reasoner."""

from __future__ import annotations

from rdflib import OWL, RDF, Graph, URIRef
from rdflib.term import Node

from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.namespaces import GRAPH_INFERRED, ID

Triple = tuple[Node, Node, Node]


def owlrl_noise(triple: Triple) -> bool:
    """owlrl adds, for every individual, ``x owl:sameAs x`` and ``x rdf:type owl:Thing``: true,
    useless for queries, and a large share of its output. These are the documented exclusions."""
    s, p, o = triple
    return (p == OWL.sameAs and s == o) or (p == RDF.type and o == OWL.Thing)


def _about_instances(t: Triple) -> bool:
    return isinstance(t[0], URIRef) and str(t[0]).startswith(ID)


def compare_with_owlrl(kg: KnowledgeGraph) -> tuple[set[Triple], set[Triple], set[Triple]]:
    """``(ours, extra, missing)`` for instance triples: ours, ours not in owlrl's closure, and
    owlrl's (less its noise) not in ours."""
    import owlrl

    graph = Graph()
    for s, p, o, g in kg.store.quads():
        if g != URIRef(GRAPH_INFERRED):
            graph.add((s, p, o))
    asserted = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    reference = {t for t in set(graph) - asserted if _about_instances(t)}
    ours = {q[:3] for q in kg.store.quads(URIRef(GRAPH_INFERRED)) if _about_instances(q[:3])}
    missing = {t for t in reference if not owlrl_noise(t)} - ours
    return ours, ours - reference, missing
