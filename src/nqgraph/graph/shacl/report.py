"""Validation results and the ``sh:ValidationReport`` graph written from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
_PATH_KEYS = [
    URIRef(SH + k)
    for k in ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
]


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL would report it."""

    focus: Node
    path: Node | None
    value: Node | None
    component: Node  # a constraint component's IRI (a custom component may be a blank node)
    severity: Node
    shape: Node
    messages: tuple[Literal, ...] = ()
    constraint: Node | None = None


def report_graph(results: Sequence[Result], shapes: Graph) -> Graph:
    """The ``sh:ValidationReport`` of ``results``, with the blank-node shapes and paths they name.

    ``sh:conforms`` is false whenever there is a result of any severity, as SHACL says; the exit
    code of a build or of ``nqgraph validate`` is 1 only for Violations (see validation.py).
    """
    sh = {k: URIRef(SH + k) for k in ("focusNode", "resultPath", "value", "resultSeverity", "sourceShape")}
    sh.update({k: URIRef(SH + k) for k in ("sourceConstraintComponent", "resultMessage", "sourceConstraint")})
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, URIRef(SH + "ValidationReport")))
    g.add((report, URIRef(SH + "conforms"), Literal(not results)))
    copied: set[Node] = set()

    def copy(node: Node) -> None:
        if not isinstance(node, BNode) or node in copied:
            return
        copied.add(node)
        for p, o in shapes.predicate_objects(node):
            g.add((node, p, o))
            copy(o)

    def copy_path(path: Node) -> None:
        # Only the triples that make the path: the node may carry others (SHACL's "strange" paths).
        if not isinstance(path, BNode) or path in copied:
            return
        copied.add(path)
        keys = [RDF.first, RDF.rest] if (path, RDF.first, None) in shapes else _PATH_KEYS
        for p in keys:
            for o in shapes.objects(path, p):
                g.add((path, p, o))
                copy_path(o)

    for r in results:
        node = BNode()
        g.add((report, URIRef(SH + "result"), node))
        g.add((node, RDF.type, URIRef(SH + "ValidationResult")))
        g.add((node, sh["focusNode"], r.focus))
        g.add((node, sh["resultSeverity"], r.severity))
        g.add((node, sh["sourceConstraintComponent"], r.component))
        g.add((node, sh["sourceShape"], r.shape))
        copy(r.shape)
        if r.path is not None:
            g.add((node, sh["resultPath"], r.path))
            copy_path(r.path)
        if r.value is not None:
            g.add((node, sh["value"], r.value))
        for message in r.messages:
            g.add((node, sh["resultMessage"], message))
        if r.constraint is not None:
            g.add((node, sh["sourceConstraint"], r.constraint))
            copy(r.constraint)
    return g
