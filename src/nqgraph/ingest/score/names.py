"""Which curated resource a drafted resource is.

Not to be confused with ``nqgraph.ingest.resolve.Resolver``, which resolves names read from a text
while drafting: this class only compares two finished graphs, by IRI or by a label in common, so
that an agency the draft proposes under a new IRI still counts when the curated data knows it.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from nqgraph.ingest.score.values import nq
from nqgraph.text import fold

_LABELS = (RDFS.label, SKOS.altLabel, SKOS.prefLabel, DCTERMS.title)


class CuratedNames:
    """Say which curated resource a drafted resource is: the same IRI, or one label in common."""

    def __init__(self, curated: Graph, draft: Graph) -> None:
        self.curated = curated
        self.draft = draft
        self._by_label: dict[str, list[str]] = defaultdict(list)
        for prop in _LABELS:
            for s, o in curated.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(o, Literal):
                    self._by_label[fold(str(o))].append(str(s))
        self._known = {str(s) for s in curated.subjects() if isinstance(s, URIRef)}

    def canonical(self, node: Node) -> str:
        """The curated IRI of ``node``, or ``new: <folded label>`` for a resource the curated data lacks."""
        iri = str(node)
        if iri in self._known:
            return iri
        labels = sorted(fold(str(o)) for prop in _LABELS for o in self.draft.objects(node, prop))
        candidates = sorted({c for label in labels for c in self._by_label.get(label, ())})
        if candidates:
            # Two provinces' agencies share a label ("Sở Y tế"): prefer the one of the draft's province.
            province = self.draft.value(node, nq("province"))
            same = [
                c
                for c in candidates
                if province is None or (URIRef(c), nq("province"), province) in self.curated
            ]
            return (same or candidates)[0]
        return f"new: {labels[0]}" if labels else iri

    def value(self, node: Node, prop: URIRef) -> Node | None:
        """A property of a drafted resource: from the draft, or from the curated data when the draft
        names an existing resource without repeating what is known of it."""
        found = self.draft.value(node, prop)
        if found is None and str(node) in self._known:
            found = self.curated.value(node, prop)
        return found
