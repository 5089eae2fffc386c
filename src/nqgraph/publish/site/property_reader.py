"""An index read from an Oxigraph store one property of one node at a time: what the site-wide
pages of an incremental build are rendered from.

A list or the home page reads a few properties of thousands of nodes (a document's number, date
and province); fetching each node whole, as :class:`~nqgraph.publish.site.store_index.StoreIndex`
does, converted every one of its values and took seconds at a million triples. :class:`PropertyReader`
answers ``objects``, ``subjects``, ``types``, ``instances`` and ``label`` like the whole-graph
:class:`~nqgraph.publish.site.index.Index` (the same terms in the same order) and records the
nodes read, as :class:`~nqgraph.publish.site.store_index.PageReads`. Code that walks ``out`` or
``inc`` itself is refused: it would see an empty graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.graph.ntriples import nt
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import from_ox, to_ox
from nqgraph.namespaces import ID, NQ, RDF_TYPE
from nqgraph.publish.site.index import Index, _order
from nqgraph.publish.site.store_index import GRAPHS, PageReads


class _Refused(dict[Any, Any]):
    def _refuse(self, *_: object) -> NoReturn:
        raise TypeError("a PropertyReader is read through objects() and subjects(), not out or inc")

    get = __getitem__ = __contains__ = __iter__ = __len__ = items = keys = values = _refuse


class ReaderCache:
    """The values already fetched, shared by the readers of several pages rendered from the same
    unchanging store (each still records its own reads)."""

    def __init__(self, instances: Mapping[str, int] | None = None) -> None:
        self.objects: dict[tuple[Node, str], list[Node]] = {}
        self.subjects: dict[tuple[str, Node], list[Node]] = {}
        # The instances of each nq: class under ``id/``, when the build has counted them already
        # (``nqgraph.graph.stats``, kept up to date by an incremental build): the same count as
        # the store's, without asking it again (0.2 s for the home page at a million triples).
        self.instances: dict[str, int] = dict(instances or {})


def _key(node: Node) -> str:
    # How the whole-graph index orders a node's incoming links: an IRI's text, a blank node's N-Triples.
    return f"_:{node}" if isinstance(node, BNode) else str(node)


# The distinct subjects of a property and object in the build's graphs (the reader's store may
# hold others; the query is told which graphs it may see), and those of a class under ``id/``.
_COUNT_SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_INSTANCES = (
    "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?o } "
    "FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?id)) }"
)


class PropertyReader(Index):
    """An :class:`Index` over ``store`` (its ontology, asserted and inferred graphs) that fetches
    the values of one property of one node when asked; :meth:`reads` says which nodes were read."""

    def __init__(self, store: ox.Store, cache: ReaderCache | None = None) -> None:
        super().__init__(out=_Refused(), inc=_Refused())
        self._store = store
        self._cache = cache if cache is not None else ReaderCache()
        self._read_out: set[Node] = set()
        self._read_in: set[Node] = set()

    def objects(self, s: Node, p: str) -> list[Node]:
        self._read_out.add(s)
        key = (s, str(p))
        found = self._cache.objects.get(key)
        if found is None:
            found = self._cache.objects[key] = self._fetch_objects(s, str(p))
        return list(found)

    def _fetch_objects(self, s: Node, p: str) -> list[Node]:
        if not isinstance(s, (URIRef, BNode)):
            return []
        seen: dict[Any, None] = {}
        for q in self._store.quads_for_pattern(to_ox(s), ox.NamedNode(p), None, None):
            if q.graph_name in GRAPHS:
                seen[q.object] = None
        nodes = [from_ox(o) for o in seen]
        if len(nodes) > 1:
            nodes.sort(key=_order)
        return nodes

    def subjects(self, p: str, o: Node) -> list[Node]:
        self._read_in.add(o)
        key = (str(p), o)
        found = self._cache.subjects.get(key)
        if found is None:
            found = self._cache.subjects[key] = self._fetch_subjects(str(p), o)
        return list(found)

    def _fetch_subjects(self, p: str, o: Node) -> list[Node]:
        if not isinstance(o, URIRef):  # the whole-graph index keeps incoming links of IRIs only
            return []
        seen: dict[Any, None] = {}
        for q in self._store.quads_for_pattern(None, ox.NamedNode(p), to_ox(o), None):
            if q.graph_name in GRAPHS:
                seen[q.subject] = None
        return sorted((from_ox(s) for s in seen), key=_key)

    def count_subjects(self, p: str, o: Node) -> int:
        # Counted by the store: a list page counts the targets of each indicator, tens of thousands
        # of them nationally, and only the number is shown.
        self._read_in.add(o)
        known = self._cache.subjects.get((str(p), o))
        if known is not None or not isinstance(o, URIRef):
            return len(known or ())
        return self._count(_COUNT_SUBJECTS, p=URIRef(str(p)), o=o)

    def count_instances(self, cls: str) -> int:
        target = URIRef(NQ + cls)
        self._read_in.add(target)
        counted = self._cache.instances.get(cls)
        if counted is not None:
            return counted
        known = self._cache.subjects.get((RDF_TYPE, target))
        if known is not None:
            return len({s for s in known if isinstance(s, URIRef) and str(s).startswith(ID)})
        return self._count(_COUNT_INSTANCES, o=target, id=Literal(ID))

    def _count(self, query: str, **bound: Node) -> int:
        answer = self._store.query(bind_values(query, bound), named_graphs=sorted(GRAPHS, key=str))
        assert isinstance(answer, ox.QuerySolutions)  # a SELECT
        count = next(iter(answer))[0]
        assert isinstance(count, ox.Literal)
        return int(count.value)

    def _types(self, s: Node) -> frozenset[str]:
        return frozenset(str(t) for t in self.objects(s, RDF_TYPE))

    def instances(self, cls: str) -> list[URIRef]:
        found = self.subjects(RDF_TYPE, URIRef(NQ + cls))
        return sorted({s for s in found if isinstance(s, URIRef) and str(s).startswith(ID)}, key=str)

    def reads(self) -> PageReads:
        """The nodes read so far (see :class:`PageReads`)."""
        return PageReads(
            subjects=frozenset(nt(n) for n in self._read_out),
            objects=frozenset(nt(n) for n in self._read_in),
        )
