"""Counts of what the graph holds."""

from __future__ import annotations

from rdflib.term import URIRef

from nqgraph.graph.store import OxigraphStore, RdflibStore, triples_in
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, NQ

COUNTED = (
    "Document",
    "Resolution",
    "Expression",
    "Section",
    "Viewpoint",
    "GeneralObjective",
    "Target",
    "RelativeTarget",
    "Observation",
    "Task",
    "KeyTask",
    "Solution",
    "Assignment",
    "AppendixTask",
    "Citation",
    "Agency",
    "AgencyGroup",
    "ChangeEvent",
    "Indicator",
    "Province",
    "ProgressRecord",
)

_COUNT = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/nqgraph/id/"))
} GROUP BY ?class
"""


def stats(store: OxigraphStore | RdflibStore) -> dict[str, int]:
    """Instances per nq: class (after reasoning) and triples per named graph."""
    per_class = {str(c): int(str(n)) for c, n in store.query(_COUNT).rows}
    out = {name: per_class.get(NQ + name, 0) for name in COUNTED}
    out["triples.asserted"] = triples_in(store, URIRef(GRAPH_ASSERTED))
    out["triples.inferred"] = triples_in(store, URIRef(GRAPH_INFERRED))
    out["triples.total"] = len(store)
    return out
