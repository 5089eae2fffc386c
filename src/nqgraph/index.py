"""An in-memory index of the reasoned graph for page generation: edges both ways, labels, types."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib.term import Literal, Node, URIRef

from .namespaces import ID, NQ, RDF_TYPE, RDFS

LABEL = URIRef(RDFS + "label")
TYPE = URIRef(RDF_TYPE)


@dataclass
class Index:
    """Outgoing and incoming edges of every node, built once from the store's quads."""

    out: dict[Node, dict[Node, list[Node]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    inc: dict[Node, list[tuple[Node, Node]]] = field(default_factory=lambda: defaultdict(list))
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, triples: Iterable[tuple[Node, Node, Node]]) -> Index:
        idx = cls()
        for s, p, o in sorted(set(triples), key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            idx.out[s][p].append(o)
            if isinstance(o, URIRef):
                idx.inc[o].append((s, p))
        return idx

    def objects(self, s: Node, p: str) -> list[Node]:
        return list(self.out.get(s, {}).get(URIRef(p), []))

    def value(self, s: Node, p: str) -> Node | None:
        values = self.objects(s, p)
        return values[0] if values else None

    def text(self, s: Node, p: str, lang: str | None = None) -> str:
        for v in self.objects(s, p):
            if isinstance(v, Literal) and (lang is None or v.language == lang):
                return str(v)
        return ""

    def subjects(self, p: str, o: Node) -> list[Node]:
        prop = URIRef(p)
        return [s for s, q in self.inc.get(o, []) if q == prop]

    def types(self, s: Node) -> set[str]:
        return {str(t) for t in self.out.get(s, {}).get(TYPE, [])}

    def is_a(self, s: Node, cls: str) -> bool:
        return URIRef(NQ + cls) in self.out.get(s, {}).get(TYPE, [])

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
