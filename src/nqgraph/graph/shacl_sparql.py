"""Validate with the SHACL shapes compiled into whole-graph SPARQL queries.

pySHACL checks each constraint focus node by focus node in Python, which is most of a build at a
hundred thousand triples and more. Here each constraint becomes one SELECT over the whole store,
answered by the store's own engine, and the solutions are turned into the report pySHACL writes:
the same focus nodes, paths, values, constraint components, severities and messages
(``tests/test_validators.py`` compares the two on the bundled data and on a synthetic corpus).

Only the SHACL features that nqgraph's shapes use are compiled (listed in ``SUPPORTED``); a shape
using any other is refused with its name, and ``--validator pyshacl`` still checks it.

Each check is a fixed query text (``_CHECKS``); the shape's terms and the focus nodes of a SPARQL
constraint are bound with a ``VALUES`` block (:func:`~nqgraph.graph.sparql.bind_rows`), and the only
SPARQL text a check takes from elsewhere is the shapes' own (their SPARQL targets and
constraints): nothing from the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from nqgraph.errors import DataError
from nqgraph.graph.sparql import bind_rows, term_n3
from nqgraph.graph.store import OxigraphStore, RdflibStore

SH = "http://www.w3.org/ns/shacl#"
_SH_NODE_SHAPE = URIRef(SH + "NodeShape")

_TARGETS = (
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "target",
    "select",
    "prefixes",
)
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
_CONSTRAINTS = ("minCount", "maxCount", "datatype", "class", "in", "hasValue", "xone", "sparql")
_DECLARATIONS = ("declare", "prefix", "namespace")
SUPPORTED = frozenset(SH + name for name in (*_TARGETS, *_STRUCTURE, *_CONSTRAINTS, *_DECLARATIONS))
_IGNORED_TYPES = {URIRef(SH + t) for t in ("NodeShape", "PropertyShape", "SPARQLTarget", "SPARQLConstraint")}

# The Python type rdflib gives a well-formed literal of these datatypes; pySHACL's datatype check
# also requires it, so a literal rdflib cannot convert fails here as there.
_PYTHON_TYPE: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL would report it."""

    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    severity: Node
    shape: Node
    message: Literal | None
    constraint: Node | None = None


class _Unsupported(DataError):
    pass


# ---------------------------------------------------------------- reading the shapes


def _order(n: Node) -> tuple[str, str]:
    return (type(n).__name__, str(n))


def _objects(g: Graph, s: Node, p: str) -> list[Node]:
    """The ``sh:p`` values of ``s``, in a fixed order."""
    return sorted(g.objects(s, URIRef(SH + p)), key=_order)


def _one(g: Graph, s: Node, p: str) -> Node | None:
    values = _objects(g, s, p)
    if len(values) > 1:
        raise DataError(f"shape {_name(s)}: more than one sh:{p}")
    return values[0] if values else None


def _name(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else f"_:{node}"


def _prefixes(g: Graph, holders: Iterable[Node]) -> dict[str, str]:
    """The ``sh:declare`` prefixes of every ``sh:prefixes`` object of ``holders``."""
    out: dict[str, str] = {}
    for holder in holders:
        for ontology in _objects(g, holder, "prefixes"):
            for decl in _objects(g, ontology, "declare"):
                prefix, ns = _one(g, decl, "prefix"), _one(g, decl, "namespace")
                if prefix is None or ns is None:
                    raise DataError(f"{_name(ontology)}: a sh:declare needs sh:prefix and sh:namespace")
                if out.get(str(prefix), str(ns)) != str(ns):
                    raise DataError(f"prefix {prefix}: declared with two namespaces")
                out[str(prefix)] = str(ns)
    return out


def _prologue(prefixes: dict[str, str]) -> str:
    return "".join(f"PREFIX {p}: {term_n3(URIRef(ns))}\n" for p, ns in sorted(prefixes.items()))


def _check_supported(g: Graph, shape: Node) -> None:
    for p, o in g.predicate_objects(shape):
        text = str(p)
        if p == RDF.type and (o in _IGNORED_TYPES or not str(o).startswith(SH)):
            continue
        if text.startswith(SH) and text not in SUPPORTED:
            raise _Unsupported(
                f"shape {_name(shape)} uses sh:{text[len(SH) :]}, which the fast validator does not compile; "
                "validate with --validator pyshacl"
            )


def _severity(g: Graph, shape: Node) -> Node:
    return _one(g, shape, "severity") or URIRef(SH + "Violation")


def _message(g: Graph, node: Node) -> Literal | None:
    msg = _one(g, node, "message")
    return msg if isinstance(msg, Literal) else None


def _deactivated(g: Graph, shape: Node) -> bool:
    flag = _one(g, shape, "deactivated")
    return isinstance(flag, Literal) and flag.toPython() is True


# ---------------------------------------------------------------- targets


def _target_groups(g: Graph, shape: Node) -> tuple[list[str], dict[str, str]]:
    """Graph patterns binding ``?this`` to each focus node of ``shape``, and their prefixes."""
    groups: list[str] = []
    prefixes: dict[str, str] = {}
    for c in _objects(g, shape, "targetClass"):
        groups.append(f"{{ ?this a/{term_n3(RDFS.subClassOf)}* {term_n3(c)} }}")
    if (shape, RDF.type, RDFS.Class) in g or (
        shape,
        RDF.type,
        URIRef("http://www.w3.org/2002/07/owl#Class"),
    ) in g:
        groups.append(f"{{ ?this a/{term_n3(RDFS.subClassOf)}* {term_n3(shape)} }}")
    nodes = _objects(g, shape, "targetNode")
    if nodes:
        groups.append("{ VALUES ?this { " + " ".join(term_n3(n) for n in nodes) + " } }")
    for p in _objects(g, shape, "targetSubjectsOf"):
        groups.append(f"{{ ?this {term_n3(p)} [] }}")
    for p in _objects(g, shape, "targetObjectsOf"):
        groups.append(f"{{ [] {term_n3(p)} ?this }}")
    for target in _objects(g, shape, "target"):
        select = _one(g, target, "select")
        if select is None:
            raise _Unsupported(f"shape {_name(shape)}: only SPARQL targets (sh:select) are compiled")
        prefixes.update(_prefixes(g, [target]))
        groups.append("{ " + str(select) + " }")
    return groups, prefixes


# ---------------------------------------------------------------- the validator


# The checks of a property shape. Each is fixed text: the shape's terms (path, class, datatype,
# bound, allowed values) are bound with VALUES, and FOCUS stands for the pattern binding ?this to
# the shape's focus nodes, which is SPARQL written in the shapes themselves (targets).
_CHECKS = {
    # Counts are of distinct value nodes, as in pySHACL; a node with no value counts 0.
    "minCount": "SELECT ?this WHERE { FOCUS OPTIONAL { ?this ?path ?v } } "
    "GROUP BY ?this ?bound HAVING (COUNT(DISTINCT ?v) < ?bound)",
    "maxCount": "SELECT ?this WHERE { FOCUS ?this ?path ?v } "
    "GROUP BY ?this ?bound HAVING (COUNT(DISTINCT ?v) > ?bound)",
    "class": "SELECT DISTINCT ?this ?v WHERE { FOCUS ?this ?path ?v FILTER NOT EXISTS { ?v "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
    "?class } }",
    # One row per allowed value: a value breaks sh:in when it is the same term as none of them.
    "in": "SELECT ?this ?v WHERE { FOCUS ?this ?path ?v } GROUP BY ?this ?v "
    "HAVING (SUM(IF(sameTerm(?v, ?allowed), 1, 0)) = 0)",
    "hasValue": "SELECT ?this WHERE { FOCUS FILTER NOT EXISTS { ?this ?path ?wanted } }",
    "literal": "SELECT DISTINCT ?this ?v WHERE { FOCUS ?this ?path ?v FILTER(!isLiteral(?v)) }",
    "datatype": "SELECT DISTINCT ?this ?v WHERE { FOCUS ?this ?path ?v "
    "FILTER(!isLiteral(?v) || datatype(?v) != ?datatype) }",
    "typed": "SELECT DISTINCT ?v WHERE { [] ?path ?v FILTER(isLiteral(?v) && datatype(?v) = ?datatype) }",
    "values": "SELECT DISTINCT ?this ?v WHERE { FOCUS ?this ?path ?v }",
}
# A term no data holds: what sh:in () is compared with, so that every value breaks it.
_NOTHING = URIRef("urn:nqgraph:shacl:nothing")


class _Run:
    def __init__(self, store: OxigraphStore | RdflibStore, shapes: Graph) -> None:
        self.store = store
        self.g = shapes
        self.well_formed: dict[Literal, bool] = {}

    def select(
        self, check: str, focus: str, prefixes: dict[str, str], names: Sequence[str], rows: list[list[Node]]
    ) -> list[tuple[Node, ...]]:
        """The solutions of ``check`` on ``focus`` with ``rows`` bound to ``names``, unbound ones left out."""
        text = _prologue(prefixes) + _CHECKS[check].replace("FOCUS", focus)
        return [r for r in self.store.query(bind_rows(text, names, rows)).rows if None not in r]  # type: ignore[misc]

    # focus nodes ----------------------------------------------------------

    def focus_nodes(self, groups: Sequence[str], prefixes: dict[str, str]) -> list[Node]:
        rows = self.store.query(_prologue(prefixes) + _focus_select(groups)).rows
        return sorted((row[0] for row in rows if row[0] is not None), key=_order)

    # property constraints -------------------------------------------------

    def property_results(self, shape: Node, focus: str, prefixes: dict[str, str]) -> list[Result]:
        """The results of property shape ``shape`` on the focus nodes that ``focus`` binds to ``?this``."""
        g = self.g
        _check_supported(g, shape)
        path = _one(g, shape, "path")
        if not isinstance(path, URIRef):
            raise _Unsupported(f"property shape {_name(shape)}: only predicate paths are compiled")
        if _one(g, shape, "xone") is not None or _one(g, shape, "sparql") is not None:
            raise _Unsupported(
                f"property shape {_name(shape)}: sh:xone and sh:sparql are compiled on node shapes only"
            )
        severity, message = _severity(g, shape), _message(g, shape)

        def results(component: str, check: str, names: list[str], rows: list[list[Node]]) -> list[Result]:
            return [
                Result(
                    r[0], path, r[1] if len(r) > 1 else None, URIRef(SH + component), severity, shape, message
                )
                for r in self.select(check, focus, prefixes, ["path", *names], [[path, *row] for row in rows])
            ]

        out: list[Result] = []
        for key, component in (
            ("minCount", "MinCountConstraintComponent"),
            ("maxCount", "MaxCountConstraintComponent"),
        ):
            bound = _one(g, shape, key)
            if bound is not None:
                out += results(component, key, ["bound"], [[bound]])
        dt = _one(g, shape, "datatype")
        if dt is not None:
            out += self.datatype(shape, dt, results)
        for cls in _objects(g, shape, "class"):
            out += results("ClassConstraintComponent", "class", ["class"], [[cls]])
        allowed = _one(g, shape, "in")
        if allowed is not None:
            members = list(Collection(g, allowed)) or [_NOTHING]
            out += results("InConstraintComponent", "in", ["allowed"], [[m] for m in members])
        wanted = _one(g, shape, "hasValue")
        if wanted is not None:
            out += results("HasValueConstraintComponent", "hasValue", ["wanted"], [[wanted]])
        return out

    def datatype(self, shape: Node, dt: Node, results: Callable[..., list[Result]]) -> list[Result]:
        component = "DatatypeConstraintComponent"
        if dt == RDFS.Literal:
            return results(component, "literal", [], [[]])
        if not isinstance(dt, URIRef) or dt == RDFS.Datatype:
            raise _Unsupported(f"shape {_name(shape)}: sh:datatype {dt} is not compiled")
        out = results(component, "datatype", ["datatype"], [[dt]])
        # Literals of the right datatype must also be well formed: judged once per distinct
        # literal, in Python, by the same rule pySHACL applies (rdflib's conversion).
        path = _one(self.g, shape, "path")
        assert path is not None
        typed = self.select("typed", "", {}, ["path", "datatype"], [[path, dt]])
        ill = [r[0] for r in typed if isinstance(r[0], Literal) and not self.is_well_formed(r[0], dt)]
        if ill:
            out += results(component, "values", ["v"], [[v] for v in ill])
        return out

    def is_well_formed(self, lit: Literal, dt: URIRef) -> bool:
        known = self.well_formed.get(lit)
        if known is None:
            if dt == RDF.langString:
                known = bool(lit.language)
            elif getattr(lit, "ill_typed", None) is True:
                known = False
            else:
                kind = _PYTHON_TYPE.get(dt)
                known = kind is None or isinstance(lit.value, kind)
            self.well_formed[lit] = known
        return known

    # node shapes -----------------------------------------------------------

    def node_shape(self, shape: Node) -> list[Result]:
        g = self.g
        _check_supported(g, shape)
        groups, prefixes = _target_groups(g, shape)
        if not groups:
            return []
        focus = "{ " + _focus_select(groups) + " }"
        out: list[Result] = []
        for prop in _objects(g, shape, "property"):
            if not _deactivated(g, prop):
                out += self.property_results(prop, focus, prefixes)
        for key in ("minCount", "maxCount", "datatype", "class", "in", "hasValue"):
            if _one(g, shape, key) is not None:
                raise _Unsupported(f"node shape {_name(shape)}: sh:{key} on a node shape is not compiled")
        xone = _one(g, shape, "xone")
        sparql = _objects(g, shape, "sparql")
        if xone is None and not sparql:
            return out
        nodes = self.focus_nodes(groups, prefixes)
        if not nodes:
            return out
        if xone is not None:
            out += self.xone(shape, xone, focus, prefixes, nodes)
        for constraint in sparql:
            out += self.sparql(shape, constraint, nodes)
        return out

    def xone(
        self, shape: Node, members_list: Node, focus: str, prefixes: dict[str, str], nodes: list[Node]
    ) -> list[Result]:
        g = self.g
        members = list(Collection(g, members_list))
        failing: list[set[Node]] = []
        for member in members:
            if _one(g, member, "path") is None:
                raise _Unsupported(f"shape {_name(shape)}: sh:xone members must be property shapes")
            failing.append({r.focus for r in self.property_results(member, focus, prefixes)})
        msg = _message(g, shape)
        sev = _severity(g, shape)
        return [
            Result(f, None, f, URIRef(SH + "XoneConstraintComponent"), sev, shape, msg)
            for f in nodes
            if sum(1 for bad in failing if f not in bad) != 1
        ]

    def sparql(self, shape: Node, constraint: Node, nodes: list[Node]) -> list[Result]:
        g = self.g
        select = _one(g, constraint, "select")
        if select is None:
            raise _Unsupported(f"shape {_name(shape)}: a sh:sparql constraint needs sh:select")
        text = str(select)
        if re.search(r"\$(shapesGraph|currentShape)\b", text):
            raise _Unsupported(f"shape {_name(shape)}: $shapesGraph and $currentShape are not compiled")
        prefixes = _prefixes(g, [constraint])
        message = _message(g, constraint)
        sev = _severity(g, shape)
        out: list[Result] = []
        seen: set[tuple[tuple[str, str], ...]] = set()
        # Bound in chunks so that one VALUES block stays a reasonable size on any store.
        for start in range(0, len(nodes), 5000):
            chunk = nodes[start : start + 5000]
            res = self.store.query(bind_rows(_prologue(prefixes) + text, ["this"], [[n] for n in chunk]))
            names = res.variables
            for row in res.rows:
                bound = {k: v for k, v in zip(names, row, strict=True) if v is not None}
                this = bound.get("this")
                key = tuple(sorted((k, v.n3()) for k, v in bound.items()))
                if this is None or key in seen:
                    continue
                seen.add(key)
                value = bound.get("value", this)
                out.append(
                    Result(
                        this,
                        bound.get("path"),
                        value,
                        URIRef(SH + "SPARQLConstraintComponent"),
                        sev,
                        shape,
                        _fill(message, {**bound, "value": value}),
                        constraint,
                    )
                )
        return out


def _focus_select(groups: Sequence[str]) -> str:
    return "SELECT DISTINCT ?this WHERE { " + " UNION ".join(groups) + " }"


def _fill(message: Literal | None, bound: dict[str, Node]) -> Literal | None:
    """pySHACL's substitution of ``{?var}`` / ``{$var}`` in a SPARQL constraint's message."""
    if message is None:
        return None
    text = str(message)
    for name, value in bound.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", _as_text(value), text)
    return Literal(text)


def _as_text(value: Node) -> Callable[[re.Match[str]], str]:
    # A function, not a replacement string: a value's backslashes must not become escapes.
    return lambda _match: str(value)


def shapes_with_targets(shapes: Graph) -> list[Node]:
    """Every declared node shape and every shape with its own targets; the property shapes of a
    node shape are reached through it."""
    found: set[Node] = set(shapes.subjects(RDF.type, _SH_NODE_SHAPE))
    for key in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target"):
        found.update(shapes.subjects(URIRef(SH + key), None))
    return sorted(found, key=_order)


def run(store: OxigraphStore | RdflibStore, shapes: Graph) -> list[Result]:
    """Every validation result of ``shapes`` on the graph in ``store`` (its default graph being the
    union of its named graphs)."""
    runner = _Run(store, shapes)
    out: list[Result] = []
    for shape in shapes_with_targets(shapes):
        if _deactivated(shapes, shape):
            continue
        if _one(shapes, shape, "path") is not None:  # a property shape with targets of its own
            groups, prefixes = _target_groups(shapes, shape)
            if groups:
                out += runner.property_results(shape, "{ " + _focus_select(groups) + " }", prefixes)
            continue
        out += runner.node_shape(shape)
    return out


def report_graph(results: Sequence[Result], shapes: Graph) -> Graph:
    """The ``sh:ValidationReport`` of ``results``, with the blank-node shapes they come from."""
    sh = {
        k: URIRef(SH + k)
        for k in (
            "focusNode",
            "resultPath",
            "value",
            "resultSeverity",
            "sourceShape",
            "sourceConstraintComponent",
            "resultMessage",
            "sourceConstraint",
            "result",
        )
    }
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, URIRef(SH + "ValidationReport")))
    violations = any(r.severity == URIRef(SH + "Violation") for r in results)
    g.add((report, URIRef(SH + "conforms"), Literal(not violations)))
    copied: set[Node] = set()

    def copy(node: Node) -> None:
        if not isinstance(node, BNode) or node in copied:
            return
        copied.add(node)
        for p, o in shapes.predicate_objects(node):
            g.add((node, p, o))
            copy(o)

    for r in results:
        node = BNode()
        g.add((report, sh["result"], node))
        g.add((node, RDF.type, URIRef(SH + "ValidationResult")))
        g.add((node, sh["focusNode"], r.focus))
        g.add((node, sh["resultSeverity"], r.severity))
        g.add((node, sh["sourceConstraintComponent"], r.component))
        g.add((node, sh["sourceShape"], r.shape))
        copy(r.shape)
        if r.path is not None:
            g.add((node, sh["resultPath"], r.path))
        if r.value is not None:
            g.add((node, sh["value"], r.value))
        if r.message is not None:
            g.add((node, sh["resultMessage"], r.message))
        if r.constraint is not None:
            g.add((node, sh["sourceConstraint"], r.constraint))
            copy(r.constraint)
    return g
