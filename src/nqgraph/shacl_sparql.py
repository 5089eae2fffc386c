"""Validate with the SHACL shapes compiled into whole-graph SPARQL queries.

pySHACL checks each constraint focus node by focus node in Python, which is most of a build at a
hundred thousand triples and more. Here each constraint becomes one SELECT over the whole store,
answered by the store's own engine, and the solutions are turned into the report pySHACL writes:
the same focus nodes, paths, values, constraint components, severities and messages
(``tests/test_validators.py`` compares the two on the bundled data and on a synthetic corpus).

Only the SHACL features that nqgraph's shapes use are compiled (listed in ``SUPPORTED``); a shape
using any other is refused with its name, and ``--validator pyshacl`` still checks it. The SPARQL
texts are assembled from the shapes' own terms, serialised by :func:`~nqgraph.sparql.term_n3`, and
the focus nodes a SPARQL constraint runs on are bound with a ``VALUES`` block: no text from the
data is pasted into a query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .errors import DataError
from .sparql import term_n3, where_brace
from .store import OxigraphStore, RdflibStore

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


class _Run:
    def __init__(self, store: OxigraphStore | RdflibStore, shapes: Graph) -> None:
        self.store = store
        self.g = shapes
        self.well_formed: dict[Literal, bool] = {}

    def select(self, sparql: str) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.store.query(sparql).rows)

    # focus nodes ----------------------------------------------------------

    def focus_query(self, groups: Sequence[str], prefixes: dict[str, str]) -> str:
        return _prologue(prefixes) + _focus_select(groups)

    def focus_nodes(self, groups: Sequence[str], prefixes: dict[str, str]) -> list[Node]:
        return sorted(
            (row[0] for row in self.select(self.focus_query(groups, prefixes)) if row[0] is not None),
            key=lambda n: (type(n).__name__, str(n)),
        )

    # property constraints -------------------------------------------------

    def property_results(self, shape: Node, focus: str, prefixes: dict[str, str]) -> list[Result]:
        """The results of property shape ``shape`` on the focus nodes that ``focus`` binds to ``?this``."""
        g = self.g
        _check_supported(g, shape)
        path = _one(g, shape, "path")
        if not isinstance(path, URIRef):
            raise _Unsupported(f"property shape {_name(shape)}: only predicate paths are compiled")
        p = term_n3(path)
        severity, message = _severity(g, shape), _message(g, shape)
        out: list[Result] = []

        def result(component: str, f: Node, value: Node | None = None) -> Result:
            return Result(f, path, value, URIRef(SH + component), severity, shape, message)

        pre = _prologue(prefixes)
        # Counts are of distinct value nodes, as in pySHACL; a node with no value counts 0.
        for key, component, values, breach in (
            ("minCount", "MinCountConstraintComponent", f"OPTIONAL {{ ?this {p} ?v }}", "<"),
            ("maxCount", "MaxCountConstraintComponent", f"?this {p} ?v", ">"),
        ):
            bound = _one(g, shape, key)
            if bound is None:
                continue
            n = int(bound)  # type: ignore[call-overload]
            q = (
                f"{pre}SELECT ?this WHERE {{ {focus} {values} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {breach} {n})"
            )
            out += [result(component, r[0]) for r in self.select(q) if r[0] is not None]
        dt = _one(g, shape, "datatype")
        if dt is not None:
            out += [result("DatatypeConstraintComponent", f, v) for f, v in self.datatype(focus, pre, p, dt)]
        for cls in _objects(g, shape, "class"):
            q = (
                f"{pre}SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v "
                f"FILTER NOT EXISTS {{ ?v a/{term_n3(RDFS.subClassOf)}* {term_n3(cls)} }} }}"
            )
            out += [
                result("ClassConstraintComponent", r[0], r[1]) for r in self.select(q) if r[0] is not None
            ]
        allowed = _one(g, shape, "in")
        if allowed is not None:
            members = list(Collection(g, allowed))
            test = " || ".join(f"sameTerm(?v, {term_n3(m)})" for m in members) or "false"
            q = f"{pre}SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v FILTER(!({test})) }}"
            out += [result("InConstraintComponent", r[0], r[1]) for r in self.select(q) if r[0] is not None]
        wanted = _one(g, shape, "hasValue")
        if wanted is not None:
            q = f"{pre}SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} {term_n3(wanted)} }} }}"
            out += [result("HasValueConstraintComponent", r[0]) for r in self.select(q) if r[0] is not None]
        if _one(g, shape, "xone") is not None or _one(g, shape, "sparql") is not None:
            raise _Unsupported(
                f"property shape {_name(shape)}: sh:xone and sh:sparql are compiled on node shapes only"
            )
        return out

    def datatype(self, focus: str, pre: str, p: str, dt: Node) -> list[tuple[Node, Node]]:
        if dt == RDFS.Literal:
            q = f"{pre}SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v FILTER(!isLiteral(?v)) }}"
            return [(r[0], r[1]) for r in self.select(q) if r[0] is not None and r[1] is not None]
        if not isinstance(dt, URIRef) or dt == RDFS.Datatype:
            raise _Unsupported(f"sh:datatype {dt}: not compiled")
        d = term_n3(dt)
        q = (
            f"{pre}SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v "
            f"FILTER(!isLiteral(?v) || datatype(?v) != {d}) }}"
        )
        bad = [(r[0], r[1]) for r in self.select(q) if r[0] is not None and r[1] is not None]
        # Literals of the right datatype must also be well formed: judged once per distinct
        # literal, in Python, by the same rule pySHACL applies (rdflib's conversion).
        q = f"{pre}SELECT DISTINCT ?v WHERE {{ [] {p} ?v FILTER(isLiteral(?v) && datatype(?v) = {d}) }}"
        ill = [
            r[0] for r in self.select(q) if isinstance(r[0], Literal) and not self.is_well_formed(r[0], dt)
        ]
        if ill:
            rows = " ".join(term_n3(v) for v in ill)
            q = f"{pre}SELECT DISTINCT ?this ?v WHERE {{ VALUES ?v {{ {rows} }} {focus} ?this {p} ?v }}"
            bad += [(r[0], r[1]) for r in self.select(q) if r[0] is not None and r[1] is not None]
        return bad

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
            if _one(g, shape, key) is not None and _one(g, shape, "path") is None:
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
            values = "VALUES ?this { " + " ".join(term_n3(n) for n in chunk) + " }"
            at = where_brace(text) + 1
            res = self.store.query(_prologue(prefixes) + text[:at] + " " + values + " " + text[at:])
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
