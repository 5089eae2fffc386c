"""Counts of what the graph holds."""

from __future__ import annotations

from rdflib.term import URIRef

from .namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, NQ
from .store import OxigraphStore, RdflibStore

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


_IN_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def stats(store: OxigraphStore | RdflibStore) -> dict[str, int]:
    """Instances per nq: class (after reasoning) and triples per named graph."""
    per_class = {str(c): int(str(n)) for c, n in store.query(_COUNT).rows}
    out = {name: per_class.get(NQ + name, 0) for name in COUNTED}
    for key, graph in (("triples.asserted", GRAPH_ASSERTED), ("triples.inferred", GRAPH_INFERRED)):
        rows = store.query(_IN_GRAPH, bindings={"g": URIRef(graph)}).rows
        out[key] = int(str(rows[0][0]))
    out["triples.total"] = len(store)
    return out
