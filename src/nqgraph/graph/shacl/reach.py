"""What the result of a shape on one focus node can depend on: the shape's *reach*.

Validating a focus node ``t`` against a shape reads triples of the graph: ``t``'s own (its types
for the target, its values along the shape's paths), and triples of nodes further away (the types
of a value node for ``sh:class``, the values of a sequence path's middle nodes, a nested shape's
reads from each value node …). Each read is a :class:`Read`: a SPARQL path from the focus node to
the node read from (its *prefix*), the predicate read (or any), and whether that node is the
subject or the object of the triples read. A changed triple ``(s, p, o)`` can change the result
on ``t`` only if ``t`` reads it, that is, only if ``s`` is reached from ``t`` by the prefix of a
read of ``p`` out of a node, or ``o`` by that of a read of ``p`` into a node. (The triples on the
way there may have changed too; then the first changed one on the way is such a read, reached by
unchanged triples, so the prefix can be followed in the graph after the change.)

Reads are derived from the shapes graph for SHACL Core: paths of any kind (sequence, alternative,
inverse, zero-or-more …; a repeated path gives an unbounded prefix, which SPARQL follows as well as
a bounded one), ``sh:class`` (the value nodes' types; the class hierarchy is compared as a whole,
see :func:`nqgraph.graph.validation.class_hierarchy`), ``sh:equals``/``disjoint``/``lessThan``/
``lessThanOrEquals`` and ``sh:closed`` (the focus node's own triples), and the nested shapes of
``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:property`` and qualified value
shapes (their reads, prefixed by the path to their focus). Targets: ``sh:targetClass`` (the focus
node's types), ``sh:targetSubjectsOf``/``ObjectsOf`` (its triples of that predicate),
``sh:targetNode`` (nothing).

SPARQL targets and SPARQL constraints are read with rdflib's SPARQL parser: a query whose triple
patterns (in its groups, OPTIONAL, UNION, FILTER (NOT) EXISTS) form one connected pattern around
``$this`` reads, for every simple path of patterns from ``$this`` to a pattern's end, that pattern
from that end. A query with a sub-SELECT, aggregates, VALUES, MINUS, GRAPH, SERVICE, LIMIT or a
pattern not connected to ``$this`` is *unbounded* (None): its shape is validated again on the
whole graph, as is a shape with a SPARQL-based constraint component, and a shape whose results may
name focus nodes other than its own (a property shape with ``sh:property``: the nested shape's
results are of the value nodes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.term import Node

from nqgraph.graph.shacl import shapes as sh

SH = sh.SH
_RDF_TYPE = RDF.type.n3()


@dataclass(frozen=True, order=True)
class Read:
    """Triples a shape reads: of ``predicate`` (N-Triples form; "" for any), out of (or, when
    ``inward``, into) each node that ``prefix`` (a SPARQL path; "" for the focus node) reaches."""

    prefix: str
    predicate: str
    inward: bool


class Unbounded(Exception):
    """A shape whose reads cannot be bounded: validate it on the whole graph."""


# A path as a small tree: ("p", iri, inverse), ("seq", parts), ("alt", parts), (mod, inner) with
# mod one of "*", "+", "?"; "any" (a variable or negated predicate) with its direction.
Tree = tuple[Any, ...]


def _text(tree: Tree | None) -> str:
    if tree is None:
        return ""
    kind = tree[0]
    if kind == "p":
        return ("^" if tree[2] else "") + str(tree[1])
    if kind == "any":
        # Any predicate: a negated set no predicate is in.
        return "(" + ("^" if tree[1] else "") + "!<urn:nqgraph:shacl:nothing>)"
    if kind in ("seq", "alt"):
        return "(" + ("/" if kind == "seq" else "|").join(_text(t) for t in tree[1]) + ")"
    return "(" + _text(tree[1]) + ")" + str(kind)


def _concat(a: Tree | None, b: Tree | None) -> Tree | None:
    if a is None:
        return b
    if b is None:
        return a
    return ("seq", (a, b))


def _inverse(tree: Tree) -> Tree:
    kind = tree[0]
    if kind == "p":
        return ("p", tree[1], not tree[2])
    if kind == "any":
        return ("any", not tree[1])
    if kind == "seq":
        return ("seq", tuple(_inverse(t) for t in reversed(tree[1])))
    if kind == "alt":
        return ("alt", tuple(_inverse(t) for t in tree[1]))
    return (kind, _inverse(tree[1]))


def _path_reads(tree: Tree) -> list[tuple[Tree | None, str, bool]]:
    """The reads of following ``tree`` from a node: (prefix, predicate, inward)."""
    kind = tree[0]
    if kind == "p":
        return [(None, tree[1], tree[2])]
    if kind == "any":
        return [(None, "", tree[1])]
    if kind == "alt":
        return [r for t in tree[1] for r in _path_reads(t)]
    if kind == "seq":
        first, rest = tree[1][0], tree[1][1:]
        tail: Tree = rest[0] if len(rest) == 1 else ("seq", rest)
        return _path_reads(first) + [(_concat(first, pre), p, d) for pre, p, d in _path_reads(tail)]
    # Repeated: reads from every node the repetition reaches (zero steps included).
    star: Tree = ("*", tree[1])
    return [(_concat(star, pre), p, d) for pre, p, d in _path_reads(tree[1])]


def shacl_path(g: Graph, path: Node, inverse: bool = False) -> Tree:
    """A SHACL path of the shapes graph as a tree (checked already by :func:`sh.path_text`)."""
    if isinstance(path, URIRef):
        return ("p", path.n3(), inverse)
    if (path, RDF.first, None) in g:
        steps = [shacl_path(g, s, inverse) for s in Collection(g, path)]
        return ("seq", tuple(reversed(steps) if inverse else steps))
    for key, mod in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
        inner = sh.one(g, path, key)
        if inner is not None:
            return (mod, shacl_path(g, inner, inverse))
    inner = sh.one(g, path, "inversePath")
    if inner is not None:
        return shacl_path(g, inner, not inverse)
    inner = sh.one(g, path, "alternativePath")
    if inner is not None:
        return ("alt", tuple(shacl_path(g, o, inverse) for o in Collection(g, inner)))
    raise Unbounded(f"an unknown path {path}")


def _rdflib_path(path: Path | Node) -> Tree:
    if isinstance(path, URIRef):
        return ("p", path.n3(), False)
    if isinstance(path, InvPath):
        return _inverse(_rdflib_path(path.arg))
    if isinstance(path, SequencePath):
        return ("seq", tuple(_rdflib_path(a) for a in path.args))
    if isinstance(path, AlternativePath):
        return ("alt", tuple(_rdflib_path(a) for a in path.args))
    if isinstance(path, MulPath):
        return (path.mod, _rdflib_path(path.path))
    if isinstance(path, (NegatedPath, Variable)):
        return ("any", False)
    raise Unbounded(f"an unknown path {path}")


# ---------------------------------------------------------------- SHACL Core


def shape_reads(g: Graph, shape: Node, base: Tree | None, out: set[Read]) -> None:
    """Add to ``out`` the reads of ``shape`` checked on the nodes ``base`` reaches."""
    path = sh.one(g, shape, "path")
    values = base
    if path is not None:
        tree = shacl_path(g, path)
        out.update(Read(_text(_concat(base, pre)), p, d) for pre, p, d in _path_reads(tree))
        values = _concat(base, tree)
    for key in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
        out.update(Read(_text(base), other.n3(), False) for other in sh.objects(g, shape, key))
    if sh.is_true(sh.one(g, shape, "closed")):
        out.add(Read(_text(base), "", False))
    if sh.objects(g, shape, "class"):
        out.add(Read(_text(values), _RDF_TYPE, False))
    if sh.objects(g, shape, "sparql"):
        for constraint in sh.objects(g, shape, "sparql"):
            select = sh.one(g, constraint, "select")
            assert select is not None
            text = str(select)
            if path is not None:
                text = _with_path(text, sh.path_text(g, shape, path))
            prologue = sh.prologue(sh.prefixes(g, [constraint]))
            out.update(Read(_text(_concat(base, pre)), p, d) for pre, p, d in query_reads(prologue + text))
    for component in sh.components(g):
        if any(sh.sorted_objects(g, shape, p) for p, _, _ in sh.component_parameters(g, component)):
            raise Unbounded("a SPARQL-based constraint component")
    for inner in sh.nested(g, shape):
        shape_reads(g, inner, values, out)
    if sh.is_true(sh.one(g, shape, "qualifiedValueShapesDisjoint")):
        for parent in sorted(g.subjects(URIRef(SH + "property"), shape), key=sh.order):
            for sibling in sh.objects(g, parent, "property"):
                for qualified in sh.objects(g, sibling, "qualifiedValueShape"):
                    shape_reads(g, qualified, values, out)


def _with_path(text: str, path: str) -> str:
    """``$PATH`` written as the shape's path (SHACL 5.3.2)."""
    return re.sub(r"\$PATH\b", lambda _m: path, text)


def _escapes(g: Graph, shape: Node) -> bool:
    """Whether a result of ``shape`` may name a focus node other than the one it was checked on:
    a shape with a path and sh:property, reached from ``shape`` by sh:property."""
    todo, seen = [shape], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        inner = sh.objects(g, node, "property")
        if inner and sh.one(g, node, "path") is not None:
            return True
        todo += inner
    return False


def reach(g: Graph, shape: Node) -> frozenset[Read] | None:
    """The reads of the top shape ``shape`` on a focus node, targets included; None when they
    cannot be bounded (see the module's docstring)."""
    from nqgraph.graph.shacl import target_query

    out: set[Read] = set()
    try:
        if _escapes(g, shape):
            raise Unbounded("results of other focus nodes")
        if sh.objects(g, shape, "targetClass") or sh.is_class(g, shape):
            out.add(Read("", _RDF_TYPE, False))
        out.update(Read("", p.n3(), False) for p in sh.objects(g, shape, "targetSubjectsOf"))
        out.update(Read("", p.n3(), True) for p in sh.objects(g, shape, "targetObjectsOf"))
        for target in sh.objects(g, shape, "target"):
            text, declared = target_query(g, shape, target)
            out.update(Read(_text(pre), p, d) for pre, p, d in query_reads(sh.prologue(declared) + text))
        shape_reads(g, shape, None, out)
    except Unbounded:
        return None
    return frozenset(out)


# ---------------------------------------------------------------- SPARQL

Pattern = tuple[Node, Tree, Node]  # subject, path, object


def _patterns(node: Any, out: list[Pattern]) -> None:
    """Every triple pattern of an algebra (or parse) tree, refusing what reads beyond them."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        name = node.name
        if name in ("BGP", "TriplesBlock"):
            for triple in node["triples"]:
                if len(triple) != 3:
                    raise Unbounded("an unusual triple pattern")
                s, p, o = triple
                out.append((s, _rdflib_path(p), o))
            return
        if name in ("ToMultiSet", "Group", "AggregateJoin", "Graph", "Service", "Minus", "Slice", "values"):
            raise Unbounded(name)
        if name.startswith("SubSelect") or name in ("InlineData", "GraphGraphPattern", "MinusGraphPattern"):
            raise Unbounded(name)
        for value in node.values():
            _patterns(value, out)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _patterns(value, out)


def query_reads(text: str) -> list[tuple[Tree | None, str, bool]]:
    """The reads of a SELECT with ``$this`` its focus node (pre-bound, or the target's answer),
    each with its prefix from ``$this``; raises :class:`Unbounded`."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception as exc:  # rdflib raises pyparsing and assorted errors
        raise Unbounded(f"a query rdflib cannot read: {exc}") from exc
    if algebra.name != "SelectQuery" or algebra.get("datasetClause"):
        raise Unbounded("not a plain SELECT")
    patterns: list[Pattern] = []
    _patterns(algebra["p"], patterns)
    this = Variable("this")
    out: list[tuple[Tree | None, str, bool]] = []
    reached: set[Node] = {this}
    for prefix, at, used in _walks(patterns, this):
        reached.add(at)
        for i, (s, tree, o) in enumerate(patterns):
            if i in used:
                continue
            if s == at:
                out += [(_concat(prefix, pre), p, d) for pre, p, d in _path_reads(tree)]
            if o == at:
                out += [(_concat(prefix, pre), p, d) for pre, p, d in _path_reads(_inverse(tree))]
    if any(s not in reached and o not in reached for s, _, o in patterns) or not patterns:
        raise Unbounded("a pattern not joined to $this")
    return out


def _walks(patterns: Sequence[Pattern], start: Node) -> Iterator[tuple[Tree | None, Node, frozenset[int]]]:
    """Every simple path of patterns from ``start``: its path, its end, the patterns it used."""
    todo: list[tuple[Tree | None, Node, frozenset[int], frozenset[Node]]] = [
        (None, start, frozenset(), frozenset([start]))
    ]
    count = 0
    while todo:
        prefix, at, used, seen = todo.pop()
        count += 1
        if count > 5000:
            raise Unbounded("too many ways through the query's patterns")
        yield prefix, at, used
        for i, (s, tree, o) in enumerate(patterns):
            if i in used:
                continue
            for near, far, step in ((s, o, tree), (o, s, None)):
                if near != at or far in seen:
                    continue
                step = step if step is not None else _inverse(tree)
                todo.append((_concat(prefix, step), far, used | {i}, seen | {far}))
    return
