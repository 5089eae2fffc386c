"""Counts of what the graph holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib.term import URIRef

from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.store import OxigraphStore, RdflibStore, triples_in
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE

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

_TRIPLE_COUNTS = ("triples.asserted", "triples.inferred", "triples.total")
_TYPE = f"<{RDF_TYPE}>"
_ID = f"<{ID}"

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


def stats_after(
    previous: Mapping[str, int],
    store: OxigraphStore,
    *,
    asserted: tuple[Sequence[NTriple], Sequence[NTriple]],
    inferred: tuple[Sequence[NTriple], Sequence[NTriple]],
) -> dict[str, int]:
    """The :func:`stats` of ``store`` after an exact change (each triple added was absent from its
    graph, each removed one present: what delete-and-rederive reports), from the counts before it.

    ``asserted`` and ``inferred`` are each graph's (added, removed) triples. Only the typings the
    change names are looked at, so that a change at a million triples costs milliseconds, not the
    seconds of counting again. An instance is counted once whichever graphs type it, as by
    :func:`stats`, so a typing is looked up in every graph before and after the change.
    """
    out = {name: previous.get(name, 0) for name in (*COUNTED, *_TRIPLE_COUNTS)}
    graphs = {GRAPH_ASSERTED: asserted, GRAPH_INFERRED: inferred}
    counted = {f"<{NQ}{name}>": name for name in COUNTED}
    typings = {
        (s, o)
        for added, removed in graphs.values()
        for s, p, o in (*added, *removed)
        if p == _TYPE and o in counted and s.startswith(_ID)
    }
    changed = {g: (set(added), set(removed)) for g, (added, removed) in graphs.items()}
    for s, o in sorted(typings):
        subject, cls = ox.NamedNode(s[1:-1]), ox.NamedNode(o[1:-1])
        type_ = ox.NamedNode(RDF_TYPE)
        now: dict[str, bool] = {}
        for graph in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED):
            found = store.native.quads_for_pattern(subject, type_, cls, ox.NamedNode(graph))
            now[graph] = next(found, None) is not None
        before = dict(now)
        for graph, (added, removed) in changed.items():
            triple = (s, _TYPE, o)
            before[graph] = (now[graph] and triple not in added) or triple in removed
        out[counted[o]] += int(any(now.values())) - int(any(before.values()))
    delta = {g: len(added) - len(removed) for g, (added, removed) in graphs.items()}
    out["triples.asserted"] += delta[GRAPH_ASSERTED]
    out["triples.inferred"] += delta[GRAPH_INFERRED]
    out["triples.total"] += delta[GRAPH_ASSERTED] + delta[GRAPH_INFERRED]
    return out
