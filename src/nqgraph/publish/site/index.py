"""An in-memory index of the reasoned graph for page generation: edges both ways, labels, types."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib.term import Literal, Node, URIRef

from nqgraph.graph.ntriples import NTriple, nt, sort_key, to_term
from nqgraph.namespaces import ID, NQ, RDF_TYPE, RDFS
from nqgraph.runtime.gcpause import gc_paused

LABEL = URIRef(RDFS + "label")
TYPE = URIRef(RDF_TYPE)


def _pair_key(pair: tuple[str, str]) -> tuple[str, str]:
    return (sort_key(pair[0]), sort_key(pair[1]))


@functools.lru_cache(maxsize=4096)
def _iri(text: str) -> URIRef:
    return URIRef(text)


def _order(term: Node) -> tuple[str, str, str, str]:
    # The text first (what readers see sorted); the kind of term, language and datatype break
    # ties between equal texts, so the order never depends on hashing.
    language = getattr(term, "language", None) or ""
    datatype = getattr(term, "datatype", None) or ""
    return (str(term), type(term).__name__, language, str(datatype))


@dataclass
class Index:
    """Outgoing and incoming edges of every node, built once from the store's quads."""

    out: dict[Node, dict[Node, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    inc: dict[Node, list[tuple[Node, Node]]] = field(default_factory=lambda: defaultdict(list))
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict)
    _type_cache: dict[Node, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, triples: Iterable[tuple[Node, Node, Node]]) -> Index:
        """The index of rdflib triples."""
        return cls.of_nt((nt(s), nt(p), nt(o)) for s, p, o in triples)

    @classmethod
    def of_nt(cls, triples: Iterable[NTriple]) -> Index:
        """The index of triples given as N-Triples term strings (see :meth:`Store.nt_triples`).

        The values of a property and the incoming links of a node come in the order of their text
        (the order sorting the whole graph gave).
        """
        builder = IndexBuilder()
        builder.add(triples)
        return builder.finish()

    def objects(self, s: Node, p: str) -> list[Node]:
        prop = _iri(p)
        props = self._edges_for(s, prop)
        if props is None:
            return []
        return list(props.get(prop, ()))

    def _edges_for(self, s: Node, prop: Node) -> dict[Node, list[Node]] | None:
        """The edges of ``s``, asked for the values of ``prop`` only (a recording index keeps that
        the page read that one property, not the whole node)."""
        return self.out.get(s)

    def prefetch(self, nodes: Iterable[Node], props: Iterable[str]) -> None:
        """Say that a page is about to read the properties ``props`` of each of ``nodes``: an index
        that reads a store node by node may fetch them all at once. Nothing is recorded as read."""

    def prefetch_linked(self, link: str, target: Node, props: Iterable[str]) -> None:
        """Like :meth:`prefetch`, for the nodes with a ``link`` to ``target`` (which the page then
        lists through :meth:`subjects`)."""

    def value(self, s: Node, p: str) -> Node | None:
        values = self.objects(s, p)
        return values[0] if values else None

    def text(self, s: Node, p: str, lang: str | None = None) -> str:
        for v in self.objects(s, p):
            if isinstance(v, Literal) and (lang is None or v.language == lang):
                return str(v)
        return ""

    def subjects(self, p: str, o: Node) -> list[Node]:
        # Predicates are IRIs, so comparing their text is enough (and runs in C, not in rdflib).
        same = str.__eq__
        return [s for s, q in self.inc.get(o, ()) if same(q, p)]  # type: ignore[arg-type]

    def count_subjects(self, p: str, o: Node) -> int:
        """How many subjects :meth:`subjects` gives (an index over a store counts them there)."""
        return len(self.subjects(p, o))

    def count_instances(self, cls: str) -> int:
        """How many resources :meth:`instances` gives."""
        return len(self.instances(cls))

    def types(self, s: Node) -> set[str]:
        return set(self._types(s))

    def _types(self, s: Node) -> frozenset[str]:
        known = self._type_cache.get(s)
        if known is None:
            edges = self._edges_for(s, TYPE) or {}
            known = self._type_cache[s] = frozenset(str(t) for t in edges.get(TYPE, ()))
        return known

    def is_a(self, s: Node, cls: str) -> bool:
        return NQ + cls in self._types(s)

    def instances(self, cls: str) -> list[URIRef]:
        target = URIRef(NQ + cls)
        found = [s for s, p in self.inc.get(target, []) if p == TYPE and isinstance(s, URIRef)]
        return sorted({s for s in found if str(s).startswith(ID)}, key=str)

    def label(self, s: Node, lang: str) -> str:
        """The label in ``lang``, falling back to the other language, then to the IRI's tail."""
        key = (s, lang)
        if key not in self._labels:
            self._labels[key] = self._label(s, lang)
        return self._labels[key]

    def _label(self, s: Node, lang: str) -> str:
        other = "en" if lang == "vi" else "vi"
        for wanted in (lang, other, None):
            text = self.text(s, str(LABEL), wanted)
            if text:
                return text
        text = str(s)
        return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


class IndexBuilder:
    """An :class:`Index` built in parts: the graphs added one by one (a build adds the asserted
    graph while reasoning runs), then :meth:`finish`.

    Triples are grouped as text, only the lists of values and of incoming links are sorted (a
    triple added twice is kept once), and each distinct string becomes an rdflib term once.
    :meth:`settle` makes the index of what was added so far (a build calls it while reasoning
    runs), so that :meth:`finish` only makes again the lists that later triples add to.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._out: dict[str, dict[str, list[str]]] = {}
        self._inc: dict[str, list[tuple[str, str]]] = {}
        self._idx: Index | None = None
        self._terms: dict[str, Node] = {}
        # After settle: the (subject, predicate) lists and the incoming lists triples added since.
        self._touched: dict[str, set[str]] = {}
        self._touched_inc: set[str] = set()

    def add(self, triples: Iterable[NTriple]) -> None:
        """Add triples of N-Triples term strings."""
        by_subject, incoming = self._out, self._inc
        settled = self._idx is not None
        touched, touched_inc = self._touched, self._touched_inc
        with gc_paused():
            for s, p, o in triples:
                props = by_subject.get(s)
                if props is None:
                    by_subject[s] = {p: [o]}
                else:
                    objects = props.get(p)
                    if objects is None:
                        props[p] = [o]
                    else:
                        objects.append(o)
                if o[0] == "<":
                    pairs = incoming.get(o)
                    if pairs is None:
                        incoming[o] = [(s, p)]
                    else:
                        pairs.append((s, p))
                    if settled:
                        touched_inc.add(o)
                if settled:
                    changed = touched.get(s)
                    if changed is None:
                        touched[s] = {p}
                    else:
                        changed.add(p)

    def settle(self) -> None:
        """Make the index of everything added so far; what is added later is merged by finish."""
        if self._idx is None:
            self._idx = Index()
        self._convert(self._out.items(), self._inc.items())

    def finish(self) -> Index:
        """The index of everything added; the builder is empty afterwards."""
        if self._idx is None:
            self.settle()
        else:
            by_subject, incoming = self._out, self._inc
            self._convert(
                ((s, {p: by_subject[s][p] for p in props}) for s, props in self._touched.items()),
                ((o, incoming[o]) for o in self._touched_inc),
            )
        idx = self._idx
        assert idx is not None
        self._reset()
        return idx

    def _convert(
        self,
        subjects: Iterable[tuple[str, dict[str, list[str]]]],
        incoming: Iterable[tuple[str, list[tuple[str, str]]]],
    ) -> None:
        """Put the lists of ``subjects`` and ``incoming`` into the index, as terms, sorted."""
        idx = self._idx
        assert idx is not None
        subjects, incoming = list(subjects), list(incoming)
        with gc_paused():
            # Few distinct terms (a fifth of a million in a million-triple corpus): convert each
            # once, then look them up through a C-level bound method.
            distinct = {s for s, _ in subjects}
            for _, props in subjects:
                distinct.update(props)
                for texts in props.values():
                    distinct.update(texts)
            terms = self._terms
            terms.update({text: to_term(text) for text in distinct.difference(terms)})
            term = terms.__getitem__
            out = idx.out
            # Readers never depend on the order of subjects or predicates (pages and dumps sort
            # them), only on the order of a property's values and of a node's incoming links.
            for s, props in subjects:
                key = term(s)
                target = out.get(key)
                if target is None:
                    target = out[key] = {}
                for p, texts in props.items():
                    if len(texts) > 1:
                        nodes = list(map(term, dict.fromkeys(texts)))
                        nodes.sort(key=_order)
                    else:
                        nodes = [term(texts[0])]
                    target[term(p)] = nodes
            inc = idx.inc
            for o, pairs in incoming:
                if len(pairs) > 1:
                    pairs = sorted(dict.fromkeys(pairs), key=_pair_key)
                inc[term(o)] = [(term(s), term(p)) for s, p in pairs]
