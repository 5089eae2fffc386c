"""An index read from an Oxigraph store node by node: what a page on demand is rendered from.

:class:`StoreIndex` answers like :class:`~nqgraph.publish.site.index.Index` (the same terms in the
same order), but fetches a node's outgoing and incoming edges from the store the first time a page
asks for them, and remembers which nodes it read: the page's dependencies.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, Node, URIRef

from nqgraph.errors import ParameterError
from nqgraph.graph.ntriples import NTriple, nt
from nqgraph.graph.sparql import VALUES_ROWS, iri_text, values_numbered
from nqgraph.graph.store import from_ox, to_ox
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from nqgraph.publish.site.index import LABEL as _LABEL
from nqgraph.publish.site.index import TYPE as _TYPE
from nqgraph.publish.site.index import Index, _iri, _order

# The graphs a build's index holds (a store may hold others, such as per-file graphs).
_GRAPH_LIST = [ox.NamedNode(g) for g in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]
GRAPHS = frozenset(_GRAPH_LIST)


def _term_key(node: Node) -> str:
    # What IndexBuilder sorts incoming pairs by: an IRI's text, a blank node's N-Triples form.
    return f"_:{node}" if isinstance(node, BNode) else str(node)


@dataclass(frozen=True)
class PageReads:
    """The nodes a page read, as N-Triples terms: those whose outgoing edges it fetched
    (``subjects``) and those whose incoming edges it fetched (``objects``).

    ``subjects`` also holds the single properties of a node the page read and nothing else of
    (its label, its types), as :func:`property_key` strings: a page naming a document that every
    other one cites reads its label, and a new citation of it must not render that page again.
    A page must be rendered again when a triple is added or removed whose subject, or whose subject
    and property, is in ``subjects``, or whose object is in ``objects`` (see :meth:`touched_by`);
    ``everything`` means it read the whole graph (the site-wide pages).
    """

    subjects: frozenset[str]
    objects: frozenset[str]
    everything: bool = False

    @property
    def nodes(self) -> frozenset[str]:
        """Every node read, in whole or one property of it."""
        found = set(self.objects)
        for key in self.subjects:
            pair = property_of_key(key)
            found.add(key if pair is None else pair[1])
        return frozenset(found)

    def union(self, *others: PageReads) -> PageReads:
        """The nodes read by this page and by ``others`` together."""
        return PageReads(
            subjects=_without_covered(self.subjects.union(*(o.subjects for o in others))),
            objects=self.objects.union(*(o.objects for o in others)),
            everything=self.everything or any(o.everything for o in others),
        )

    def touched_by(self, triples: Iterable[NTriple]) -> bool:
        """Whether a change of any of ``triples`` (added or removed) can change the page."""
        if self.everything:
            return True
        subjects, objects = self.subjects, self.objects
        return any(s in subjects or o in objects or property_key(s, p) in subjects for s, p, o in triples)


def _without_covered(subjects: frozenset[str]) -> frozenset[str]:
    # A property of a node whose every edge was read adds nothing: one form for the same reads.
    # The whole nodes first (no space: see property_key), usually few: an indicator page at five
    # million triples reads 30,000 single properties, and this ran three times a page.
    whole = frozenset(k for k in subjects if " " not in k)
    if not whole:
        return subjects
    covered = [k for k in subjects if k.partition(" ")[2] in whole]
    return subjects.difference(covered) if covered else subjects


def property_key(subject: str, prop: str) -> str:
    """The key of one property of one node read (N-Triples terms), kept among a page's subjects.

    The property comes first and a space separates them: an N-Triples IRI or blank node holds no
    space, so the key can never equal a node's own term."""
    return f"{prop} {subject}"


def property_of_key(key: str) -> tuple[str, str] | None:
    """The property and the node of a :func:`property_key`; None for a whole node's term."""
    prop, space, subject = key.partition(" ")
    return (prop, subject) if space else None


class _Outgoing(dict[Node, dict[Node, list[Node]]]):
    """``node -> property -> values``, filled from the store as nodes are asked for."""

    def __init__(self, owner: StoreIndex) -> None:
        super().__init__()
        # A proxy, not the index itself: without a cycle, an index and every edge it fetched
        # are freed with the page that used it, not by a collection of the whole heap.
        self._owner = weakref.proxy(owner)

    def get(self, key: Node, default: Any = None) -> Any:
        # Whoever asks for a node's edges through the mapping may read any of them.
        self._owner._read_out.add(key)
        return self.peek(key, default)

    def peek(self, key: Node, default: Any = None) -> Any:
        """The edges of ``key`` without recording that all of them were read."""
        found = super().get(key, _MISSING)
        if found is _MISSING:
            found = self._owner._fetch_out(key)
        return default if found is None else found

    def __getitem__(self, key: Node) -> dict[Node, list[Node]]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, (URIRef, BNode)) and self.get(key) is not None

    def __iter__(self) -> Iterator[Node]:
        self._owner.load_everything()
        return (s for s, props in super().items() if props is not None)

    def items(self) -> Any:
        self._owner.load_everything()
        return [(s, props) for s, props in super().items() if props is not None]

    def __len__(self) -> int:
        self._owner.load_everything()
        return sum(1 for props in super().values() if props is not None)

    def remember(self, key: Node, props: dict[Node, list[Node]] | None) -> None:
        super().__setitem__(key, props)  # type: ignore[assignment]  # None: fetched, no edges


class _Incoming(dict[Node, list[tuple[Node, Node]]]):
    """``node -> (subject, property)`` pairs pointing at it, filled from the store on demand."""

    def __init__(self, owner: StoreIndex) -> None:
        super().__init__()
        self._owner = weakref.proxy(owner)

    def get(self, key: Node, default: Any = None) -> Any:
        found = super().get(key, _MISSING)
        if found is _MISSING:
            found = self._owner._fetch_in(key)
        return default if found is None else found

    def __getitem__(self, key: Node) -> list[tuple[Node, Node]]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, URIRef) and self.get(key) is not None

    def remember(self, key: Node, pairs: list[tuple[Node, Node]] | None) -> None:
        super().__setitem__(key, pairs)  # type: ignore[assignment]  # None: fetched, no edges


_MISSING: Any = object()


def _converted(terms: dict[Any, Node], term: Any) -> Node:
    found = terms.get(term)
    if found is None:
        found = terms[term] = from_ox(term)
    return found


# The values of some properties of many nodes, once each whatever graph of the build holds them.
# Properties and graphs are FILTERs of terms written by nqgraph.graph.sparql, not more VALUES
# blocks: Oxigraph joined the blocks before reading the store, and took seconds an indicator.
# Each node is answered by its place in the chunk, a number Oxigraph holds inline: naming it again
# in every row meant reading its IRI's text back from the store, a third of the query's time.
_PREFETCH = (
    "SELECT DISTINCT ?i ?p ?o WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} "
    "FILTER(?p IN ({props})) FILTER(?g IN ({graphs})) }}"
)
_PREFETCH_CHUNK = VALUES_ROWS  # nodes in one VALUES block (past it the store reads every quad)
# Up to this many properties, a node's values are read by one lookup a property, which costs half
# of what a VALUES query costs a node (a thousand rows of a saved query's page: their labels).
_LOOKUP_PROPERTIES = 2
# The subjects linked to one node, found by the query itself: an indicator's targets, joined in
# Oxigraph, take a third of the time the same nodes take listed in a VALUES block.
_PREFETCH_LINKED = (
    "SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?h {{ ?s {link} {target} }} GRAPH ?g {{ ?s ?p ?o }} "
    "FILTER(?p IN ({props})) FILTER(?g IN ({graphs})) FILTER(?h IN ({graphs})) }}"
)


def _bindable(node: Node) -> bool:
    # A blank node cannot be named in a query, nor an IRI the query syntax refuses: those are
    # fetched whole when a page reads them.
    if not isinstance(node, URIRef):
        return False
    try:
        iri_text(str(node))
    except ParameterError:
        return False
    return True


class NodeCache:
    """The edges of the nodes already fetched from a store, shared by the :class:`StoreIndex` of
    several pages rendered from the same unchanging store (one rerender): each page still records
    its own reads, but a node the pages share (a type, an agency) is fetched and converted once."""

    def __init__(self) -> None:
        self.out: dict[Node, dict[Node, list[Node]] | None] = {}
        self.inc: dict[Node, list[tuple[Node, Node]] | None] = {}
        # Single properties fetched ahead (StoreIndex.prefetch): (node, property) -> its values.
        self.props: dict[tuple[Node, Node], list[Node]] = {}


class StoreIndex(Index):
    """An :class:`Index` whose edges come from ``store`` (its ontology, asserted and inferred graphs)
    one node at a time, memoised; :meth:`reads` says which nodes were read."""

    def __init__(self, store: ox.Store, cache: NodeCache | None = None) -> None:
        self._out = _Outgoing(self)
        self._inc = _Incoming(self)
        super().__init__(out=self._out, inc=self._inc)
        self._store = store
        self._cache = cache if cache is not None else NodeCache()
        self._read_out: set[Node] = set()
        self._read_props: set[tuple[Node, Node]] = set()
        self._read_in: set[Node] = set()
        self._everything = False
        # Reads made through other indexes on this page's behalf (kept rows of its items).
        self._merged: list[PageReads] = []

    def fresh(self) -> StoreIndex:
        """An index over the same store and fetched nodes that records its own reads: what one
        part of a page reads alone (an item's rows, kept between builds)."""
        return StoreIndex(self._store, self._cache)

    def merge_reads(self, reads: PageReads) -> None:
        """Count ``reads`` among this index's own (the reads of a part made by another index)."""
        self._merged.append(reads)

    def _edges_for(self, s: Node, prop: Node) -> dict[Node, list[Node]] | None:
        self._read_props.add((s, prop))
        if dict.get(self._out, s, _MISSING) is _MISSING and s not in self._cache.out:
            ahead = self._cache.props.get((s, prop))
            if ahead is not None:
                return {prop: ahead} if ahead else None
        return self._out.peek(s)  # type: ignore[no-any-return]

    def prefetch(self, nodes: Iterable[Node], props: Iterable[str]) -> None:
        """Fetch the values of ``props`` of every node of ``nodes`` together.

        A page listing hundreds of resources reads a few properties of each (an indicator's
        targets: year, value, document…). Fetched whole, node by node, each also brings its long
        source sentence and a dozen other values, converted in Python one quad at a time: at a
        million triples that was most of the time an indicator page took. The values kept are
        those a whole fetch would give (every graph of the build, once each, in the same order);
        the page still records each property it reads."""
        wanted = list(dict.fromkeys(_iri(p) for p in props))
        cache = self._cache
        fresh = [
            n
            for n in dict.fromkeys(nodes)
            if _bindable(n) and n not in cache.out and any((n, p) not in cache.props for p in wanted)
        ]
        if not fresh or not wanted:
            return
        if len(wanted) <= _LOOKUP_PROPERTIES:
            self._look_up(fresh, wanted)
            return
        found: dict[tuple[Node, Node], dict[Node, None]] = {}
        for start in range(0, len(fresh), _PREFETCH_CHUNK):
            chunk = fresh[start : start + _PREFETCH_CHUNK]
            text = _PREFETCH.format(
                values=values_numbered("s", "i", chunk),
                props=", ".join(iri_text(str(p)) for p in wanted),
                graphs=", ".join(iri_text(g.value) for g in _GRAPH_LIST),
            )
            answer = self._store.query(text)
            assert isinstance(answer, ox.QuerySolutions)  # a SELECT
            for row in answer:
                key = (chunk[int(row[0].value)], from_ox(row[1]))
                found.setdefault(key, {})[from_ox(row[2])] = None
        self._keep(fresh, wanted, found)

    def prefetch_linked(self, link: str, target: Node, props: Iterable[str]) -> None:
        """Fetch the values of ``props`` of every IRI ``s`` the build's graphs hold a triple
        ``s link target`` of (an indicator's targets and observations), in one query that finds
        them itself. The page still lists those nodes through the index, which records the read."""
        wanted = list(dict.fromkeys(_iri(p) for p in props))
        if not wanted or not _bindable(target):
            return
        text = _PREFETCH_LINKED.format(
            link=iri_text(link),
            target=iri_text(str(target)),
            props=", ".join(iri_text(str(p)) for p in wanted),
            graphs=", ".join(iri_text(g.value) for g in _GRAPH_LIST),
        )
        answer = self._store.query(text)
        assert isinstance(answer, ox.QuerySolutions)  # a SELECT
        found: dict[tuple[Node, Node], dict[Node, None]] = {}
        # The same subjects, properties and values come back in many rows: each converted once.
        terms: dict[Any, Node] = {}
        for s, p, o in answer:
            if not isinstance(s, ox.NamedNode):
                continue  # a blank node is fetched whole when a page reads it
            key = (_converted(terms, s), _converted(terms, p))
            found.setdefault(key, {})[_converted(terms, o)] = None
        cache = self._cache
        nodes = dict.fromkeys(s for s, _ in found)
        fresh = [n for n in nodes if _bindable(n) and n not in cache.out]
        self._keep(fresh, wanted, found)

    def _look_up(self, nodes: Sequence[Node], wanted: Sequence[Node]) -> None:
        found: dict[tuple[Node, Node], dict[Node, None]] = {}
        terms: dict[Any, Node] = {}
        props = [(p, to_ox(p)) for p in wanted]
        pattern = self._store.quads_for_pattern
        for n in nodes:
            subject = to_ox(n)
            for p, native in props:
                values = {
                    q.object: None for q in pattern(subject, native, None, None) if q.graph_name in GRAPHS
                }
                if values:
                    found[(n, p)] = {_converted(terms, o): None for o in values}
        self._keep(nodes, wanted, found)

    def _keep(
        self, nodes: Sequence[Node], wanted: Sequence[Node], found: dict[tuple[Node, Node], dict[Node, None]]
    ) -> None:
        props = self._cache.props
        for n in nodes:
            for p in wanted:
                values = list(found.get((n, p), ()))
                if len(values) > 1:
                    values.sort(key=_order)
                props[(n, p)] = values

    def _fetch_out(self, node: Node) -> dict[Node, list[Node]] | None:
        cache = self._cache.out
        props = cache.get(node, _MISSING)
        if props is _MISSING:
            props = cache[node] = self._edges_out(node)
        self._out.remember(node, props)
        return props  # type: ignore[no-any-return]

    def _edges_out(self, node: Node) -> dict[Node, list[Node]] | None:
        if not isinstance(node, (URIRef, BNode)):
            return None
        # One scan of the node's quads in every graph, filtered here: a scan per graph cost three
        # lookups in the store for each node. Oxigraph's terms are grouped and deduplicated first,
        # each converted once.
        grouped: dict[Any, dict[Any, None]] = {}
        for q in self._store.quads_for_pattern(to_ox(node), None, None, None):
            if q.graph_name in GRAPHS:
                grouped.setdefault(q.predicate, {})[q.object] = None
        if not grouped:
            return None
        props: dict[Node, list[Node]] = {}
        for p, values in grouped.items():
            nodes = [from_ox(o) for o in values]
            if len(nodes) > 1:
                nodes.sort(key=_order)
            props[from_ox(p)] = nodes
        return props

    def _fetch_in(self, node: Node) -> list[tuple[Node, Node]] | None:
        self._read_in.add(node)
        cache = self._cache.inc
        pairs = cache.get(node, _MISSING)
        if pairs is _MISSING:
            pairs = cache[node] = self._edges_in(node)
        self._inc.remember(node, pairs)
        return pairs  # type: ignore[no-any-return]

    def _edges_in(self, node: Node) -> list[tuple[Node, Node]] | None:
        if not isinstance(node, URIRef):  # the build's index keeps incoming edges of IRIs only
            return None
        found: dict[tuple[Any, Any], None] = {}
        for q in self._store.quads_for_pattern(None, None, to_ox(node), None):
            if q.graph_name in GRAPHS:
                found[(q.subject, q.predicate)] = None
        if not found:
            return None
        pairs = [(from_ox(s), from_ox(p)) for s, p in found]
        return sorted(pairs, key=lambda pair: (_term_key(pair[0]), str(pair[1])))

    def load_everything(self) -> None:
        """Read the whole graph at once (a site-wide page lists every subject)."""
        if self._everything:
            return
        self._everything = True
        subjects: set[Node] = set()
        for q in self._store.quads_for_pattern(None, None, None):
            if q.graph_name in GRAPHS:
                subjects.add(from_ox(q.subject))
        for s in subjects:
            self.out.get(s)

    def reads(self) -> PageReads:
        """The nodes read so far (see :class:`PageReads`)."""
        whole = self._read_out
        # Grouped by property (a page reads the same few of hundreds of nodes): each property's
        # term written once.
        by_property: dict[Node, list[Node]] = {}
        for s, p in self._read_props:
            if s not in whole:
                by_property.setdefault(p, []).append(s)
        single = [
            property_key(nt(s), prop) for p, nodes in by_property.items() for prop in (nt(p),) for s in nodes
        ]
        own = PageReads(
            subjects=frozenset(nt(n) for n in whole).union(single),
            objects=frozenset(nt(n) for n in self._read_in),
            everything=self._everything,
        )
        return own.union(*self._merged) if self._merged else own


class RecordingIndex(StoreIndex):
    """A :class:`StoreIndex` over an :class:`Index` already in memory: the same answers, and the
    same record of what was read. An incremental build holds the whole index for its site-wide
    pages anyway, and reading pages through it is several times faster than from the on-disk store
    (an indicator page: about 0.5 s against 1.7 s at a million triples)."""

    def __init__(self, source: Index) -> None:
        super().__init__(ox.Store())  # never read: every fetch goes to ``source``
        self._source = source
        # A page's labels and types are what the source index finds for any page, kept there
        # across pages; this index still records that the page read them. (A source that records
        # its own reads is asked node by node, as it would be.)
        self._shared = not isinstance(source, StoreIndex)

    def fresh(self) -> StoreIndex:
        return RecordingIndex(self._source)

    def _edges_for(self, s: Node, prop: Node) -> dict[Node, list[Node]] | None:
        # Nothing is fetched ahead (see prefetch): the node's edges, as StoreIndex finds them.
        self._read_props.add((s, prop))
        found = dict.get(self._out, s, _MISSING)
        return self._fetch_out(s) if found is _MISSING else found

    def label(self, s: Node, lang: str) -> str:
        if not self._shared:
            return super().label(s, lang)
        self._read_props.add((s, _LABEL))
        return self._source.label(s, lang)

    def _types(self, s: Node) -> frozenset[str]:
        if not self._shared:
            return super()._types(s)
        self._read_props.add((s, _TYPE))
        return self._source._types(s)

    def prefetch(self, nodes: Iterable[Node], props: Iterable[str]) -> None:
        """Nothing to fetch: the source index holds every node already."""

    def prefetch_linked(self, link: str, target: Node, props: Iterable[str]) -> None:
        """Nothing to fetch: the source index holds every node already."""

    def _fetch_out(self, node: Node) -> dict[Node, list[Node]] | None:
        props: dict[Node, list[Node]] | None = self._source.out.get(node) or None
        self._out.remember(node, props)
        return props

    def _fetch_in(self, node: Node) -> list[tuple[Node, Node]] | None:
        self._read_in.add(node)
        pairs = (self._source.inc.get(node) or None) if isinstance(node, URIRef) else None
        self._inc.remember(node, pairs)
        return pairs

    def load_everything(self) -> None:
        if self._everything:
            return
        self._everything = True
        for s in list(self._source.out):
            self.out.get(s)
