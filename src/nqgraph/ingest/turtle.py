"""The deterministic Turtle writer of drafts.

``docs/data-conventions.md`` fixes the layout: the ten prefixes sorted, one block per resource with
``a`` first, resources in the order the text states them, IRIs under ``id:`` written in full
(Turtle forbids "/" in a prefixed name), ontology terms prefixed. The writer takes resources in
the order given and each resource's properties in the order given, so the same draft always
yields the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import rdflib

from nqgraph.text import nfc

PREFIXES: tuple[tuple[str, str], ...] = (
    ("dcterms", "http://purl.org/dc/terms/"),
    ("id", "https://w3id.org/nqgraph/id/"),
    ("nq", "https://w3id.org/nqgraph/ontology#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("time", "http://www.w3.org/2006/time#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
)
_NS = dict(PREFIXES)
XSD = _NS["xsd"]

Term = rdflib.URIRef | rdflib.Literal


def expand(name: str) -> rdflib.URIRef:
    """``"nq:Target"`` → the full IRI; a full IRI is returned as it is."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in _NS and not local.startswith("//"):
        return rdflib.URIRef(_NS[prefix] + local)
    return rdflib.URIRef(name)


@dataclass
class Resource:
    """One block of the draft: subject IRI, types, and (predicate, object) pairs in writing order."""

    iri: str
    types: list[str]
    props: list[tuple[str, Term]] = field(default_factory=list)

    def add(self, predicate: str, value: Term | None) -> None:
        if value is not None:
            self.props.append((predicate, value))


def vi(text: str) -> rdflib.Literal:
    return rdflib.Literal(nfc(text), lang="vi")


def plain(text: str) -> rdflib.Literal:
    return rdflib.Literal(nfc(text))


def integer(value: int) -> rdflib.Literal:
    return rdflib.Literal(value, datatype=rdflib.URIRef(XSD + "integer"))


def decimal(value: Decimal) -> rdflib.Literal:
    text = format(value.normalize(), "f")
    return rdflib.Literal(text, datatype=rdflib.URIRef(XSD + "decimal"))


def typed(value: str, datatype: str) -> rdflib.Literal:
    return rdflib.Literal(value, datatype=rdflib.URIRef(XSD + datatype))


def iri(value: str) -> rdflib.URIRef:
    return expand(value)


def _name(value: str) -> str:
    for prefix, ns in PREFIXES:
        if value.startswith(ns):
            local = value[len(ns) :]
            if local and all(c.isalnum() or c in "_-" for c in local) and not local[0].isdigit():
                return f"{prefix}:{local}"
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _term(value: Term) -> str:
    if isinstance(value, rdflib.URIRef):
        return _name(str(value))
    lexical = _escape(nfc(str(value)))
    if value.language:
        return f'"{lexical}"@{value.language}'
    if value.datatype is None or str(value.datatype) == XSD + "string":
        return f'"{lexical}"'
    if str(value.datatype) == XSD + "integer":
        return lexical
    return f'"{lexical}"^^{_name(str(value.datatype))}'


def write_turtle(resources: list[Resource]) -> str:
    """The Turtle text of ``resources``, in the given order."""
    out = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in PREFIXES]
    out.append("")
    for res in resources:
        lines = [f"{_name(res.iri)} a {', '.join(_name(str(expand(t))) for t in res.types)}"]
        grouped: dict[str, list[Term]] = {}
        for predicate, value in res.props:
            values = grouped.setdefault(predicate, [])
            if value not in values:
                values.append(value)
        for predicate, values in grouped.items():
            rendered = [_term(v) for v in values]
            pred = _name(str(expand(predicate)))
            lines.append(f"    {pred} " + (",\n        ".join(rendered)))
        out.append(" ;\n".join(lines) + " .")
        out.append("")
    return "\n".join(out)


def to_graph(resources: list[Resource]) -> rdflib.Graph:
    """The same resources as an rdflib graph."""
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES:
        graph.bind(prefix, ns)
    for res in resources:
        subject = rdflib.URIRef(res.iri)
        for t in res.types:
            graph.add((subject, rdflib.RDF.type, expand(t)))
        for predicate, value in res.props:
            graph.add((subject, expand(predicate), value))
    return graph
