"""An in-memory index of the reasoned graph for page generation: edges both ways, labels, types."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib.term import Literal, Node, URIRef

from .namespaces import ID, NQ, RDF_TYPE, RDFS
from .ntriples import NTriple, nt, to_term

LABEL = URIRef(RDFS + "label")
TYPE = URIRef(RDF_TYPE)


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

        Same content and orders as :meth:`of`: each term string becomes an rdflib term once, and
        only the lists are sorted, not the whole graph.
        """
        out: dict[Node, dict[Node, list[Node]]] = {}
        inc: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in set(triples):
            subject, prop, obj = to_term(s), to_term(p), to_term(o)
            props = out.get(subject)
            if props is None:
                props = out[subject] = {}
            objects = props.get(prop)
            if objects is None:
                props[prop] = [obj]
            else:
                objects.append(obj)
            if o[0] == "<":
                incoming = inc.get(obj)
                if incoming is None:
                    inc[obj] = [(subject, prop)]
                else:
                    incoming.append((subject, prop))
        idx = cls()
        for subject in sorted(out, key=_order):
            props = out[subject]
            target = idx.out[subject]
            for prop in sorted(props, key=_order):
                objects = props[prop]
                if len(objects) > 1:
                    objects.sort(key=_order)
                target[prop] = objects
        for obj, pairs in inc.items():
            if len(pairs) > 1:
                pairs.sort(key=lambda sp: (_order(sp[0]), _order(sp[1])))
            idx.inc[obj] = pairs
        return idx

    def objects(self, s: Node, p: str) -> list[Node]:
        props = self.out.get(s)
        if props is None:
            return []
        return list(props.get(_iri(p), ()))

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

    def types(self, s: Node) -> set[str]:
        return set(self._types(s))

    def _types(self, s: Node) -> frozenset[str]:
        known = self._type_cache.get(s)
        if known is None:
            known = self._type_cache[s] = frozenset(str(t) for t in self.out.get(s, {}).get(TYPE, ()))
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
