"""Reading the shapes graph: shapes, their values, prefixes, paths, and the refusal of what is not
compiled.

Everything here is checked before the first query runs (:func:`check`), so a shapes graph using a
feature the compiled validator lacks is refused with the shape and the feature named, and
nothing is ever silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import BNode, Node

from nqgraph.errors import DataError
from nqgraph.graph.sparql import term_n3

SH = "http://www.w3.org/ns/shacl#"

PYSHACL_HINT = "validate with --validator pyshacl, which checks every SHACL Core and SPARQL feature"

_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")
_STRUCTURE = (
    "property",
    "path",
    "name",
    "description",
    "message",
    "severity",
    "deactivated",
    "order",
    "group",
)
# A shape may also be its own SPARQL constraint (sh:select, sh:prefixes).
_OTHER = ("defaultValue", "select", "prefixes")
# The constraint parameters the compiler turns into SPARQL (see checks.py).
CONSTRAINTS = (
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "in",
    "hasValue",
    "nodeKind",
    "pattern",
    "flags",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "languageIn",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "closed",
    "ignoredProperties",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "node",
    "not",
    "and",
    "or",
    "xone",
    "sparql",
)
SUPPORTED = frozenset(SH + name for name in (*_TARGETS, *_STRUCTURE, *_OTHER, *CONSTRAINTS))
_SHAPE_TYPES = {URIRef(SH + t) for t in ("NodeShape", "PropertyShape", "Shape", "SPARQLConstraint")}
# The parameters of a SPARQL constraint, a SPARQL target and a prefix declaration.
_SPARQL_KEYS = {URIRef(SH + k) for k in ("select", "prefixes", "message", "deactivated", "severity")}
# sh:SPARQLConstraintObject is an older name some DASH files still type their constraints with.
_SPARQL_TYPES = {
    URIRef(SH + t) for t in ("SPARQLConstraint", "SPARQLConstraintObject", "SPARQLTarget", "Target")
}
_PATH_KEYS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


class Unsupported(DataError):
    """A shapes graph uses a SHACL feature the compiled validator does not compile."""


def order(n: Node) -> tuple[str, str]:
    return (type(n).__name__, str(n))


def objects(g: Graph, s: Node, p: str) -> list[Node]:
    """The ``sh:p`` values of ``s``, in a fixed order."""
    return sorted(g.objects(s, URIRef(SH + p)), key=order)


def sorted_objects(g: Graph, s: Node, p: Node) -> list[Node]:
    """The values of any predicate ``p`` of ``s``, in a fixed order."""
    return sorted(g.objects(s, p), key=order)


def one(g: Graph, s: Node, p: str) -> Node | None:
    values = objects(g, s, p)
    if len(values) > 1:
        raise DataError(f"shape {name(s)}: more than one sh:{p}")
    return values[0] if values else None


def members(g: Graph, s: Node, p: str) -> list[list[Node]]:
    """The members of each RDF list that is a ``sh:p`` value of ``s``."""
    return [list(Collection(g, head)) for head in objects(g, s, p)]


def name(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else f"_:{node}" if isinstance(node, BNode) else str(node)


def unsupported(shape: Node, feature: str) -> Unsupported:
    return Unsupported(
        f"shape {name(shape)} uses {feature}, which the compiled SPARQL validator does not compile; "
        + PYSHACL_HINT
    )


def is_true(node: Node | None) -> bool:
    # SHACL names the value true: "1"^^xsd:boolean, equal in value, does not activate a constraint.
    return isinstance(node, Literal) and node.datatype == XSD.boolean and str(node) == "true"


def deactivated(g: Graph, shape: Node) -> bool:
    return is_true(one(g, shape, "deactivated"))


def severity(g: Graph, shape: Node) -> Node:
    return one(g, shape, "severity") or URIRef(SH + "Violation")


def messages(g: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(m for m in objects(g, node, "message") if isinstance(m, Literal))


# ---------------------------------------------------------------- prefixes


def prefixes(g: Graph, holders: Iterable[Node]) -> dict[str, str]:
    """The ``sh:declare`` prefixes of every ``sh:prefixes`` object of ``holders``, and of the
    ontologies these import (``owl:imports``, transitively, within the shapes graph)."""
    out: dict[str, str] = {}
    seen: set[Node] = set()
    todo = [o for holder in holders for o in objects(g, holder, "prefixes")]
    while todo:
        ontology = todo.pop()
        if ontology in seen:
            continue
        seen.add(ontology)
        todo += sorted(g.objects(ontology, OWL.imports), key=order)
        for decl in objects(g, ontology, "declare"):
            prefix, ns = one(g, decl, "prefix"), one(g, decl, "namespace")
            if prefix is None or ns is None:
                raise DataError(f"{name(ontology)}: a sh:declare needs sh:prefix and sh:namespace")
            if out.get(str(prefix), str(ns)) != str(ns):
                raise DataError(f"prefix {prefix}: declared with two namespaces")
            out[str(prefix)] = str(ns)
    return out


def prologue(declared: dict[str, str]) -> str:
    return "".join(f"PREFIX {p}: {term_n3(URIRef(ns))}\n" for p, ns in sorted(declared.items()))


# ---------------------------------------------------------------- paths


def path_text(g: Graph, shape: Node, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return term_n3(path)
    if not isinstance(path, BNode):
        raise DataError(f"shape {name(shape)}: sh:path {path} is not a path")
    if (path, RDF.first, None) in g:
        steps = list(Collection(g, path))
        if len(steps) < 2:
            raise DataError(f"shape {name(shape)}: a sequence path needs two steps or more")
        return "(" + "/".join(path_text(g, shape, step) for step in steps) + ")"
    kinds = [k for k in _PATH_KEYS if (path, URIRef(SH + k), None) in g]
    if len(kinds) != 1 or len(list(g.predicate_objects(path))) != 1:
        raise DataError(f"shape {name(shape)}: sh:path {name(path)} is not a SHACL path")
    inner = one(g, path, kinds[0])
    assert inner is not None
    if kinds[0] == "alternativePath":
        options = list(Collection(g, inner))
        if len(options) < 2:
            raise DataError(f"shape {name(shape)}: an alternative path needs two options or more")
        return "(" + "|".join(path_text(g, shape, o) for o in options) + ")"
    suffix = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}
    if kinds[0] in suffix:
        return "(" + path_text(g, shape, inner) + ")" + suffix[kinds[0]]
    return "^(" + path_text(g, shape, inner) + ")"


# ---------------------------------------------------------------- which shapes, and the check


def top_shapes(g: Graph) -> list[Node]:
    """Every declared shape and every shape with targets of its own."""
    found: set[Node] = set()
    for t in _SHAPE_TYPES - {URIRef(SH + "SPARQLConstraint")}:
        found.update(g.subjects(RDF.type, t))
    for key in _TARGETS:
        found.update(g.subjects(URIRef(SH + key), None))
    return sorted(found, key=order)


def nested(g: Graph, shape: Node) -> Iterator[Node]:
    """The shapes a shape refers to: property shapes, qualified value shapes, and the members of
    sh:node, not, and, or, xone."""
    for key in ("property", "node", "not", "qualifiedValueShape"):
        yield from objects(g, shape, key)
    for key in ("and", "or", "xone"):
        for group in members(g, shape, key):
            yield from group


def check(g: Graph) -> None:
    """Refuse, naming shape and feature, any shape the compiler cannot evaluate exactly."""
    from nqgraph.graph.shacl.sparql import check_select

    for s, _p, _o in g.triples((None, URIRef(SH + "entailment"), None)):
        raise unsupported(s, "sh:entailment")
    functions = sorted(
        (
            f
            for kind in ("SPARQLFunction", "Function", "JSFunction")
            for f in g.subjects(RDF.type, URIRef(SH + kind))
        ),
        key=order,
    )
    for component in components(g):
        _check_component(g, component)
    seen: set[Node] = set()
    todo = list(reversed(top_shapes(g)))
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.add(shape)
        for p, o in sorted(g.predicate_objects(shape), key=lambda po: (order(po[0]), order(po[1]))):
            text = str(p)
            if text.startswith(SH) and text not in SUPPORTED:
                raise unsupported(shape, f"sh:{text[len(SH) :]}")
            if p == RDF.type and o not in _SHAPE_TYPES | _SPARQL_TYPES and str(o).startswith(SH):
                raise unsupported(shape, f"the type sh:{str(o)[len(SH) :]}")
        path = one(g, shape, "path")
        if path is not None:
            path_text(g, shape, path)
        else:
            for key in (
                "minCount",
                "maxCount",
                "uniqueLang",
                "lessThan",
                "lessThanOrEquals",
                "qualifiedValueShape",
            ):
                if objects(g, shape, key):
                    raise DataError(f"node shape {name(shape)}: sh:{key} needs a property shape (sh:path)")
        for target in objects(g, shape, "target"):
            _check_sparql_node(g, shape, target, "target")
        if functions and (objects(g, shape, "sparql") or objects(g, shape, "target")):
            raise unsupported(shape, f"SPARQL beside the SHACL-AF function {name(functions[0])}")
        for constraint in objects(g, shape, "sparql"):
            _check_sparql_node(g, shape, constraint, "constraint")
            select = one(g, constraint, "select")
            if select is None:
                raise DataError(f"shape {name(shape)}: a sh:sparql constraint needs sh:select")
            check_select(shape, str(select))
        for key in ("class", "datatype", "hasValue", "in", "languageIn", "closed", "ignoredProperties"):
            for value in objects(g, shape, key):
                if isinstance(value, BNode) and key not in ("in", "languageIn", "ignoredProperties"):
                    raise unsupported(shape, f"a blank node as the value of sh:{key}")
        for group in (*members(g, shape, "in"), *members(g, shape, "ignoredProperties")):
            if any(isinstance(m, BNode) for m in group):
                raise unsupported(shape, "a blank node in a list of sh:in or sh:ignoredProperties")
        todo += list(nested(g, shape))
    _check_recursion(g, seen)


def _check_sparql_node(g: Graph, shape: Node, node: Node, role: str) -> None:
    if role == "target" and target_type(g, node) is not None:
        _check_target_type(g, shape, node)
        return
    for p, o in g.predicate_objects(node):
        if p == RDF.type and o in _SPARQL_TYPES | _SHAPE_TYPES:
            continue
        # A node may be a shape and its own SPARQL constraint at once (W3C sparql/node/sparql-002).
        if p == RDF.type or (str(p).startswith(SH) and p not in _SPARQL_KEYS and str(p) not in SUPPORTED):
            raise unsupported(shape, f"a SPARQL {role} with {name(p)} {name(o)}")
    if role == "target" and one(g, node, "select") is None:
        raise unsupported(shape, "a sh:target without sh:select")


def target_type(g: Graph, target: Node) -> Node | None:
    """The SHACL-AF SPARQL target type (``sh:SPARQLTargetType``) a target is an instance of."""
    for t in sorted(g.objects(target, RDF.type), key=order):
        if (t, RDF.type, URIRef(SH + "SPARQLTargetType")) in g:
            return t
    return None


def target_parameters(g: Graph, shape: Node, target: Node) -> dict[str, Node]:
    """The values of a parameterised target's parameters, by variable name."""
    kind = target_type(g, target)
    assert kind is not None
    out: dict[str, Node] = {}
    for param in objects(g, kind, "parameter"):
        path = one(g, param, "path")
        if not isinstance(path, URIRef):
            raise DataError(f"target type {name(kind)}: a sh:parameter needs an IRI sh:path")
        values = sorted(g.objects(target, path), key=order)
        var = re.split(r"[/#]", str(path))[-1]
        if len(values) > 1 or (not values and not is_true(one(g, param, "optional"))):
            raise DataError(f"shape {name(shape)}: its target needs one value of {name(path)}")
        if values:
            out[var] = values[0]
    return out


def _check_target_type(g: Graph, shape: Node, target: Node) -> None:
    kind = target_type(g, target)
    assert kind is not None
    if one(g, kind, "select") is None:
        raise unsupported(shape, f"the target type {name(kind)} without sh:select")
    for value in target_parameters(g, shape, target).values():
        if isinstance(value, BNode):
            raise unsupported(shape, "a blank node as the value of a target parameter")


# ---------------------------------------------------------------- SPARQL-based constraint components

_VALIDATORS = {"validator": "ask", "nodeValidator": "select", "propertyValidator": "select"}


_NOT_COMPONENTS = {
    URIRef(SH + t)
    for t in ("SPARQLTargetType", "TargetType", "JSTargetType", "SPARQLFunction", "Function", "JSFunction")
}


def components(g: Graph) -> list[Node]:
    """The constraint components the shapes graph declares: what has a sh:parameter and is not a
    SHACL-AF target type or function, which have parameters too."""
    return sorted(
        {
            c
            for c in g.subjects(URIRef(SH + "parameter"), None)
            if not set(g.objects(c, RDF.type)) & _NOT_COMPONENTS
        },
        key=order,
    )


def component_parameters(g: Graph, component: Node) -> list[tuple[URIRef, str, bool]]:
    """Each parameter of a component: its path, the variable it binds, whether it is optional."""
    out = []
    for param in objects(g, component, "parameter"):
        path = one(g, param, "path")
        if not isinstance(path, URIRef):
            raise DataError(f"constraint component {name(component)}: a sh:parameter needs an IRI sh:path")
        out.append((path, re.split(r"[/#]", str(path))[-1], is_true(one(g, param, "optional"))))
    return out


def component_validator(g: Graph, component: Node, property_shape: bool) -> tuple[Node, str, str] | None:
    """The validator a component applies to a node or property shape: its node, ``ask`` or
    ``select``, and its query text (a node or property validator before the general ASK one)."""
    for key in ("propertyValidator" if property_shape else "nodeValidator", "validator"):
        for validator in objects(g, component, key):
            text = one(g, validator, _VALIDATORS[key])
            if text is not None:
                return validator, _VALIDATORS[key], str(text)
    return None


def _check_component(g: Graph, component: Node) -> None:
    from nqgraph.graph.shacl.sparql import check_select

    variables = ["this", "value", "PATH", *(var for _, var, _ in component_parameters(g, component))]
    found = False
    for key, kind in _VALIDATORS.items():
        for validator in objects(g, component, key):
            text = one(g, validator, kind)
            if text is None:
                raise unsupported(
                    component, f"a sh:{key} without sh:{kind} (only SPARQL validators are compiled)"
                )
            check_select(component, str(text), variables)
            found = True
    if not found:
        raise unsupported(component, "a constraint component without a SPARQL validator")


def _check_recursion(g: Graph, shapes: set[Node]) -> None:
    def visit(shape: Node, stack: tuple[Node, ...]) -> None:
        if shape in stack:
            raise unsupported(shape, "recursive shapes (a shape that refers back to itself)")
        for inner in nested(g, shape):
            visit(inner, (*stack, shape))

    for shape in sorted(shapes, key=order):
        visit(shape, ())


def is_class(g: Graph, shape: Node) -> bool:
    """An implicit class target: the shape is also a class in the shapes graph."""
    return (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g
