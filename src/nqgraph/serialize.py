"""Deterministic Turtle and TriG: the same triples always give the same bytes.

rdflib's TriG writer orders graphs and subjects by hash and labels blank nodes at random, so
diffs of build outputs would be noise. This writer sorts prefixes, subjects (``a`` first, then
predicates and objects in code-point order) and writes blank nodes inline (``[ … ]`` or a list
``( … )``) wherever they are referenced once; the few left are labelled in order of appearance.

>>> from rdflib import URIRef, Literal
>>> s = URIRef("https://w3id.org/nqgraph/id/x")
>>> print(turtle([(s, URIRef("https://w3id.org/nqgraph/ontology#value"), Literal("1.5", datatype=URIRef(
...     "http://www.w3.org/2001/XMLSchema#decimal")))], prefixes={"nq": "https://w3id.org/nqgraph/ontology#"}))
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
<BLANKLINE>
<https://w3id.org/nqgraph/id/x> nq:value 1.5 .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rdflib.term import BNode, Literal, Node, URIRef

from .namespaces import RDF, XSD

Triple = tuple[Node, Node, Node]

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
RDF_TYPE = URIRef(RDF + "type")
RDF_FIRST = URIRef(RDF + "first")
RDF_REST = URIRef(RDF + "rest")
RDF_NIL = URIRef(RDF + "nil")


def _quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


class _Writer:
    def __init__(self, triples: Iterable[Triple], prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.refs: dict[BNode, int] = defaultdict(int)
        for s, p, o in set(triples):
            self.by_subject[s].append((p, o))
            if isinstance(o, BNode):
                self.refs[o] += 1
        self.labels: dict[BNode, str] = {}
        self.written: dict[URIRef, str] = {}

    def iri(self, term: URIRef, *, predicate: bool = False) -> str:
        if predicate and term == RDF_TYPE:
            return "a"
        known = self.written.get(term)
        if known is None:
            text = str(term)
            known = f"<{text}>"
            for prefix, ns in self.prefixes:
                if text.startswith(ns) and _LOCAL.match(text[len(ns) :]):
                    known = f"{prefix}:{text[len(ns) :]}"
                    break
            self.written[term] = known
        return known

    def literal(self, lit: Literal) -> str:
        text = str(lit)
        if lit.language:
            return f"{_quote(text)}@{lit.language}"
        dt = str(lit.datatype) if lit.datatype else None
        if dt is None or dt == XSD + "string":
            return _quote(text)
        if dt == XSD + "integer" and _INTEGER.match(text):
            return text
        if dt == XSD + "decimal" and _DECIMAL.match(text):
            return text
        return f"{_quote(text)}^^{self.iri(URIRef(dt))}"

    def inlinable(self, node: Node) -> bool:
        return isinstance(node, BNode) and self.refs.get(node, 0) == 1

    def as_list(self, node: BNode) -> list[Node] | None:
        items: list[Node] = []
        current: Node = node
        while current != RDF_NIL:
            if not isinstance(current, BNode) or (current is not node and self.refs.get(current, 0) != 1):
                return None
            props = self.by_subject.get(current, [])
            first = [o for p, o in props if p == RDF_FIRST]
            rest = [o for p, o in props if p == RDF_REST]
            if len(props) != 2 or len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            current = rest[0]
        return items

    def term(self, node: Node, indent: str) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return self.literal(node)
        assert isinstance(node, BNode)
        if self.inlinable(node):
            items = self.as_list(node)
            if items is not None:
                return "(" + " ".join(self.term(i, indent) for i in items) + ")"
            body = self.body(node, indent + "    ")
            return "[ " + body + " ]" if body else "[]"
        return self.label(node)

    def label(self, node: BNode) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels)}"
        return self.labels[node]

    def body(self, subject: Node, indent: str) -> str:
        grouped: dict[Node, list[str]] = defaultdict(list)
        for p, o in self.by_subject.get(subject, []):
            grouped[p].append(self.term(o, indent))
        order = sorted(grouped, key=lambda p: (p != RDF_TYPE, str(p)))
        parts = []
        for p in order:
            objects = sorted(grouped[p])
            parts.append(self.iri(p, predicate=True) + " " + (",\n" + indent + "    ").join(objects))  # type: ignore[arg-type]
        return (" ;\n" + indent).join(parts)

    def blocks(self, indent: str = "") -> list[str]:
        def is_top(s: Node) -> bool:
            if not isinstance(s, BNode):
                return True
            return not self.inlinable(s)

        named = sorted((s for s in self.by_subject if is_top(s) and not isinstance(s, BNode)), key=str)
        out = [indent + self.term(s, indent) + " " + self.body(s, indent + "    ") + " ." for s in named]
        # Blank nodes that cannot be inlined get labels in the order they are first written.
        pending = [s for s in self.by_subject if is_top(s) and isinstance(s, BNode)]
        pending.sort(key=lambda b: (b not in self.labels, self.labels.get(b, ""), self.body(b, "")))
        out.extend(indent + self.label(s) + " " + self.body(s, indent + "    ") + " ." for s in pending)
        return out


def _header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"


def turtle(triples: Iterable[Triple], *, prefixes: Mapping[str, str]) -> str:
    """Serialise ``triples`` as Turtle, deterministically."""
    blocks = _Writer(triples, prefixes).blocks()
    return _header(prefixes) + "\n\n".join(blocks) + ("\n" if blocks else "")


def trig(graphs: Sequence[tuple[URIRef, Iterable[Triple]]], *, prefixes: Mapping[str, str]) -> str:
    """Serialise named graphs as TriG, in the given order, deterministically."""
    parts = [_header(prefixes).rstrip("\n") + "\n"]
    for name, triples in graphs:
        blocks = _Writer(triples, prefixes).blocks("    ")
        parts.append(f"<{name}> {{\n" + "\n\n".join(blocks) + ("\n" if blocks else "") + "}\n")
    return "\n".join(parts)
