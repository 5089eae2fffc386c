"""The constraints of a shape, each compiled into SPARQL run by the store.

A shape is checked on a :class:`Focus`: either a graph pattern binding ``?this`` to every focus
node (the targets, answered in one whole-graph query per constraint), or a list of nodes (the
value nodes a nested shape is checked on). The query texts are fixed (:mod:`.texts`): ``FOCUS``
stands for the focus pattern, ``VALUE`` binds ``?v`` to each value node of ``?this`` (``?this``
itself for a node shape, the nodes its ``sh:path`` reaches for a property shape), and
``HAS(?x)`` tests that ``?x`` is a value node. The shape's own terms (bounds, classes, allowed
values) are bound with a VALUES block; the only SPARQL text taken from elsewhere is the shapes'
own (their paths, SPARQL targets and constraints): nothing from the data.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import BNode, Node

from nqgraph.errors import DataError
from nqgraph.graph.shacl import shapes as sh
from nqgraph.graph.shacl.report import Result
from nqgraph.graph.shacl.sparql import ask, fill, prebound
from nqgraph.graph.shacl.texts import CHECKS, COMPONENT, NODE_KINDS, failing
from nqgraph.graph.sparql import VALUES_ROWS, term_n3, values_of, values_rows, where_brace
from nqgraph.graph.store import OxigraphStore, RdflibStore, from_ox

SH = sh.SH

# A term no data holds: what an empty sh:in, sh:languageIn or set of allowed properties is
# compared with, so that every value breaks it.
_NOTHING = URIRef("urn:nqgraph:shacl:nothing")
_UNSEEN = URIRef("urn:nqgraph:shacl:unseen")  # a cache miss
CHUNK = VALUES_ROWS  # focus nodes written in one VALUES block (past it the store reads all)

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


# Every literal SPARQL gives these datatypes is well formed by rdflib's rule (any text is a string;
# a literal is a language string when it has a language): asking for them all (every source
# sentence, at a million triples) would find nothing.
_ALWAYS_WELL_FORMED = (XSD.string, RDF.langString)


def _is_integer(node: Node) -> bool:
    return isinstance(node, Literal) and node.datatype == XSD.integer and isinstance(node.value, int)


def _typed(v: Node | None, dt: URIRef) -> bool:
    """Whether SPARQL's datatype(?v) is ``dt`` (rdflib leaves a simple literal's and a language
    string's datatype unset)."""
    if not isinstance(v, Literal):
        return False
    if v.datatype is None:
        return dt == (RDF.langString if v.language else XSD.string)
    return v.datatype == dt


def _bind(text: str, names: Sequence[str], rows: Sequence[Sequence[Node]]) -> str:
    """``text`` with a VALUES block of ``rows`` for ``names`` opening its WHERE group."""
    at = where_brace(text) + 1
    return f"{text[:at]} {values_rows(names, rows)}{text[at:]}"


@dataclass(frozen=True)
class Focus:
    """The focus nodes a shape is checked on: a pattern binding ``?this``, or the nodes themselves."""

    pattern: str = ""
    nodes: tuple[Node, ...] | None = None
    prefixes: tuple[tuple[str, str], ...] = ()


_PLACEHOLDERS = re.compile(r"HAS\((\?[a-z]+)\)|\bVALUE\b|\bPATH\b")
_Results = Callable[..., list[Result]]
Row = dict[str, Node | None]  # a solution; an unbound variable is None


@dataclass(frozen=True)
class _Shape:
    node: Node
    path: Node | None
    path_text: str
    severity: Node
    messages: tuple[Literal, ...]

    def fill(self, text: str) -> str:
        """A check's text with VALUE, HAS(?x) and PATH written for this shape, in one pass (a path's
        IRIs may hold those words); FOCUS, first in every check, is left for :meth:`Runner.select`."""

        def written(match: re.Match[str]) -> str:
            if match.group(1):  # HAS(?x)
                if self.path is None:
                    return f"FILTER(sameTerm(?this, {match.group(1)}))"
                return f"?this {self.path_text} {match.group(1)} ."
            if match.group() == "VALUE":
                return "BIND(?this AS ?v)" if self.path is None else f"?this {self.path_text} ?v ."
            return self.path_text

        return _PLACEHOLDERS.sub(written, text)


class Runner:
    """Checks shapes on one store; literals' well-formedness is judged once per literal."""

    def __init__(self, store: OxigraphStore | RdflibStore, shapes: Graph) -> None:
        self.store = store
        self.g = shapes
        self.well_formed: dict[Literal, bool] = {}
        self.typed_anywhere: dict[tuple[str, URIRef], list[Row]] = {}
        self.components = sh.components(shapes)

    # queries ---------------------------------------------------------------

    def select(
        self, text: str, focus: Focus, names: Sequence[str] = (), rows: Sequence[Sequence[Node]] = ((),)
    ) -> list[Row]:
        """The solutions of ``text`` on ``focus``, with ``rows`` of constants bound to ``names``."""
        prologue = sh.prologue(dict(focus.prefixes))
        if focus.nodes is None:
            return self._run(prologue + text.replace("FOCUS", focus.pattern, 1), names, rows)
        out: list[Row] = []
        plain = [n for n in focus.nodes if not isinstance(n, BNode)]
        for start in range(0, len(plain), CHUNK):
            chunk = values_of("this", plain[start : start + CHUNK])
            out += self._run(text.replace("FOCUS", "{ " + chunk + " }", 1), names, rows)
        # A blank node cannot be written in a query: it is pre-bound instead, one node at a time.
        for node in (n for n in focus.nodes if isinstance(n, BNode)):
            out += self._run(text.replace("FOCUS", "", 1), names, rows, this=node)
        return out

    def _run(
        self, text: str, names: Sequence[str], rows: Sequence[Sequence[Node]], this: Node | None = None
    ) -> list[Row]:
        if names:
            text = _bind(text, names, rows)
        if this is not None:
            return [dict(row) for row in prebound(self.store, text, this, term_n3)]
        if isinstance(self.store, OxigraphStore):
            try:
                answer = self.store.native.query(text, use_default_graph_as_union=True)
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise DataError(f"a compiled SHACL check cannot run: {exc}") from exc
            assert isinstance(answer, ox.QuerySolutions)
            names = [v.value for v in answer.variables]
            # Each distinct term converted once per answer; a solution unpacked in order.
            known: dict[object, Node | None] = {None: None}

            def cell(term: object) -> Node | None:
                node = known.get(term, _UNSEEN)
                if node is _UNSEEN:
                    node = known[term] = self.term(term)
                return node

            return [dict(zip(names, map(cell, solution), strict=True)) for solution in answer]
        result = self.store.query(text)
        return [dict(zip(result.variables, row, strict=True)) for row in result.rows]

    def rows(self, text: str, *, this: Node | None = None) -> list[Row]:
        """The solutions of a whole query ``text``, with ``$this`` pre-bound to ``this`` if given."""
        return self._run(text, (), ((),), this=this)

    def term(self, term: object) -> Node:
        """An Oxigraph term as rdflib's, a literal keeping the lexical form the store holds (rdflib
        would rewrite an ill-typed "none"^^xsd:boolean as "false", which the data does not hold)."""
        node = from_ox(term)
        if isinstance(term, ox.Literal) and str(node) != term.value:
            node = Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
        return node

    def focus_nodes(self, focus: Focus) -> list[Node]:
        if focus.nodes is not None:
            return sorted(set(focus.nodes), key=sh.order)
        rows = self.select(CHECKS["focus"], focus)
        return sorted({this for r in rows if (this := r.get("this")) is not None}, key=sh.order)

    # shapes ----------------------------------------------------------------

    def shape(self, node: Node) -> _Shape:
        g = self.g
        path = sh.one(g, node, "path")
        text = sh.path_text(g, node, path) if path is not None else ""
        return _Shape(node, path, text, sh.severity(g, node), sh.messages(g, node))

    def evaluate(self, node: Node, focus: Focus) -> list[Result]:
        """Every result of shape ``node`` on ``focus``."""
        g = self.g
        if sh.deactivated(g, node) or focus.nodes == ():
            return []
        shape = self.shape(node)
        out: list[Result] = []

        def results(
            key: str, check: str, names: Sequence[str] = (), rows: Sequence[Sequence[Node]] = ((),)
        ) -> list[Result]:
            component = URIRef(SH + COMPONENT[key] + "ConstraintComponent")
            return [
                Result(this, shape.path, r.get("v"), component, shape.severity, node, shape.messages)
                for r in self.select(shape.fill(CHECKS.get(check, check)), focus, names, rows)
                if (this := r.get("this")) is not None
            ]

        lowest, highest = sh.objects(g, node, "minCount"), sh.objects(g, node, "maxCount")
        bounds = [b.value for b in lowest + highest if _is_integer(b)]  # type: ignore[attr-defined]
        together = len(lowest) == len(highest) == 1 and len(bounds) == 2
        if together:
            out += self.counts(shape, focus, bounds[0], bounds[1])
        for key in ("minCount", "maxCount", "minLength", "maxLength"):
            if together and key in ("minCount", "maxCount"):
                continue
            for bound in sh.objects(g, node, key):
                out += results(key, key, ["bound"], [[bound]])
        for key in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            for bound in sh.objects(g, node, key):
                out += results(key, key, ["bound"], [[bound]])
        for dt in sh.objects(g, node, "datatype"):
            out += self.datatype(shape, dt, focus, results)
        for cls in sh.objects(g, node, "class"):
            if focus.nodes is None and shape.path is not None:
                anywhere = self.select(shape.fill(CHECKS["classAnywhere"]), Focus(), ["class"], [[cls]])
                if not anywhere:
                    continue
            out += results("class", "class", ["class"], [[cls]])
        for allowed in sh.members(g, node, "in"):
            out += results("in", "in", ["allowed"], [[m] for m in allowed or [_NOTHING]])
        for wanted in sh.objects(g, node, "hasValue"):
            out += [replace(r, value=None) for r in results("hasValue", "hasValue", ["wanted"], [[wanted]])]
        for kind in sh.objects(g, node, "nodeKind"):
            test = NODE_KINDS.get(str(kind)[len(SH) :]) if str(kind).startswith(SH) else None
            if test is None:
                raise DataError(f"shape {sh.name(node)}: unknown sh:nodeKind {kind}")
            out += results("nodeKind", failing(f"!({test})"))
        flags = sh.one(g, node, "flags") or Literal("")
        for pattern in sh.objects(g, node, "pattern"):
            out += results("pattern", "pattern", ["pattern", "flags"], [[pattern, flags]])
        for allowed in sh.members(g, node, "languageIn"):
            out += results("languageIn", "languageIn", ["allowed"], [[m] for m in allowed or [_NOTHING]])
        if sh.is_true(sh.one(g, node, "uniqueLang")):
            out += results("uniqueLang", "uniqueLang")
        for other in sh.objects(g, node, "equals"):
            out += results("equals", "equalsMissing", ["other"], [[other]])
            out += results("equals", "equalsExtra", ["other"], [[other]])
        for key in ("disjoint", "lessThan", "lessThanOrEquals"):
            for other in sh.objects(g, node, key):
                out += results(key, key, ["other"], [[other]])
        if sh.is_true(sh.one(g, node, "closed")):
            out += self.closed(shape, focus)
        out += self.nested(shape, focus)
        for qualified in sh.objects(g, node, "qualifiedValueShape"):
            out += self.qualified(shape, qualified, focus)
        for constraint in sh.objects(g, node, "sparql"):
            out += self.sparql(shape, constraint, focus)
        for component in self.components:
            out += self.component(shape, component, focus)
        return out

    def datatype(self, shape: _Shape, dt: Node, focus: Focus, results: _Results) -> list[Result]:
        if dt == RDFS.Literal:
            return list(results("datatype", "literal"))
        if not isinstance(dt, URIRef):
            raise DataError(f"shape {sh.name(shape.node)}: sh:datatype {dt} is not an IRI")
        out: list[Result] = list(results("datatype", "datatype", ["datatype"], [[dt]]))
        # Literals of the right datatype must also be well formed: judged once per distinct
        # literal, in Python, by the same rule pySHACL applies (rdflib's conversion).
        typed: list[Row]
        if dt in _ALWAYS_WELL_FORMED:
            typed = []
        elif shape.path is None:
            typed = [{"v": n} for n in self.focus_nodes(focus) if isinstance(n, Literal) and n.datatype == dt]
        elif focus.nodes is not None:
            # A few focus nodes (re-validation): their own values, not every literal on the path.
            typed = [r for r in self.select(shape.fill(CHECKS["values"]), focus) if _typed(r.get("v"), dt)]
        else:
            # The same path and datatype in several shapes (nq:value of targets and of reported
            # values) is asked once.
            key = (shape.path_text, dt)
            if key not in self.typed_anywhere:
                check = shape.fill(CHECKS["typedAnywhere"])
                self.typed_anywhere[key] = self.select(check, Focus(), ["datatype"], [[dt]])
            typed = self.typed_anywhere[key]
        ill = sorted(
            {v for r in typed if isinstance(v := r.get("v"), Literal) and not self.is_well_formed(v, dt)},
            key=sh.order,
        )
        if ill and shape.path is None:  # the focus nodes themselves
            component = URIRef(SH + "DatatypeConstraintComponent")
            out += [Result(v, None, v, component, shape.severity, shape.node, shape.messages) for v in ill]
        elif ill:
            # Picked in Python, not bound in the query: rdflib may write an ill-typed literal
            # otherwise than the store holds it ("none"^^xsd:boolean as "false").
            bad = set(ill)
            component = URIRef(SH + "DatatypeConstraintComponent")
            rows = self.select(shape.fill(CHECKS["values"]), focus)
            out += [
                Result(this, shape.path, r["v"], component, shape.severity, shape.node, shape.messages)
                for r in rows
                if r.get("v") in bad and (this := r.get("this")) is not None
            ]
        return out

    def counts(self, shape: _Shape, focus: Focus, lowest: int, highest: int) -> list[Result]:
        """sh:minCount and sh:maxCount of one shape, from one query (see ``CHECKS["counts"]``)."""
        rows = self.select(
            shape.fill(CHECKS["counts"]),
            focus,
            ["min", "max"],
            [[Literal(lowest), Literal(highest)]],
        )
        out: list[Result] = []
        for r in rows:
            this, n = r.get("this"), r.get("n")
            if this is None or not isinstance(n, Literal):
                continue
            for key, broken in (("minCount", int(n) < lowest), ("maxCount", int(n) > highest)):
                if broken:
                    component = URIRef(SH + COMPONENT[key] + "ConstraintComponent")
                    out.append(
                        Result(this, shape.path, None, component, shape.severity, shape.node, shape.messages)
                    )
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

    def closed(self, shape: _Shape, focus: Focus) -> list[Result]:
        g = self.g
        if shape.path is not None:
            raise sh.unsupported(shape.node, "sh:closed on a property shape")
        allowed: list[Node] = [
            p
            for prop in sh.objects(g, shape.node, "property")
            if isinstance(p := sh.one(g, prop, "path"), URIRef)
        ]
        for group in sh.members(g, shape.node, "ignoredProperties"):
            allowed += group
        component = URIRef(SH + "ClosedConstraintComponent")
        rows = self.select(
            CHECKS["closed"],
            focus,
            ["allowed"],
            [[a] for a in sorted(set(allowed), key=sh.order) or [_NOTHING]],
        )
        return [
            Result(this, r["p"], r["o"], component, shape.severity, shape.node, shape.messages)
            for r in rows
            if (this := r.get("this")) is not None
        ]

    # nested shapes ---------------------------------------------------------------

    def value_pairs(self, shape: _Shape, focus: Focus) -> list[tuple[Node, Node]]:
        if shape.path is None:
            return [(n, n) for n in self.focus_nodes(focus)]
        rows = self.select(shape.fill(CHECKS["values"]), focus)
        return sorted(
            {
                (this, v)
                for r in rows
                if (this := r.get("this")) is not None and (v := r.get("v")) is not None
            },
            key=lambda p: (sh.order(p[0]), sh.order(p[1])),
        )

    def values_focus(self, shape: _Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` on ``focus`` as the focus of the shapes nested in it: a
        pattern again (the inner sub-SELECT hides ``?this`` so that ``?v`` may take its name),
        so that blank nodes, which a query cannot name, are focus nodes like any other."""
        pattern = focus.pattern if focus.nodes is None else "{ " + values_of("this", focus.nodes) + " }"
        values = shape.fill("{ SELECT DISTINCT ?v WHERE { FOCUS VALUE } }").replace("FOCUS", pattern, 1)
        return Focus(
            pattern="{ SELECT DISTINCT (?v AS ?this) WHERE { " + values + " } }", prefixes=focus.prefixes
        )

    def nested(self, shape: _Shape, focus: Focus) -> list[Result]:
        g = self.g
        properties = sh.objects(g, shape.node, "property")
        single = {key: sh.objects(g, shape.node, key) for key in ("node", "not")}
        groups = {key: sh.members(g, shape.node, key) for key in ("and", "or", "xone")}
        logical = [*single.values(), *groups.values()]
        if not properties and not any(logical):
            return []
        pairs: list[tuple[Node, Node]] = []
        if shape.path is None:
            inner = focus  # a node shape's value nodes are its focus nodes
        else:
            pairs = self.value_pairs(shape, focus)
            inner = self.values_focus(shape, focus)
        out: list[Result] = []
        # A value node reached from several focus nodes is checked once and reported for each.
        reached = Counter(v for _, v in pairs) if shape.path is not None else None
        for prop in properties:
            for r in self.evaluate(prop, inner):
                out += [r] * (reached[r.focus] if reached is not None else 1)
        if not any(logical):
            return out
        if shape.path is None:
            pairs = self.value_pairs(shape, focus)
        failing: dict[Node, set[Node]] = {}

        def fails(member: Node) -> set[Node]:
            if member not in failing:
                failing[member] = {r.focus for r in self.evaluate(member, inner)}
            return failing[member]

        def report(key: str, broken: bool, this: Node, value: Node) -> list[Result]:
            if not broken:
                return []
            component = URIRef(SH + COMPONENT[key] + "ConstraintComponent")
            return [Result(this, shape.path, value, component, shape.severity, shape.node, shape.messages)]

        for this, value in pairs:
            for member in single["node"]:
                out += report("node", value in fails(member), this, value)
            for member in single["not"]:
                out += report("not", value not in fails(member), this, value)
            for group in groups["and"]:
                out += report("and", any(value in fails(m) for m in group), this, value)
            for group in groups["or"]:
                out += report("or", all(value in fails(m) for m in group), this, value)
            for group in groups["xone"]:
                passing = sum(1 for m in group if value not in fails(m))
                out += report("xone", passing != 1, this, value)
        return out

    def qualified(self, shape: _Shape, qualified: Node, focus: Focus) -> list[Result]:
        """sh:qualifiedMinCount and sh:qualifiedMaxCount: how many value nodes of each focus node
        conform to the qualified shape (and, when disjoint, to none of its siblings')."""
        g = self.g
        pairs = self.value_pairs(shape, focus)
        inner = self.values_focus(shape, focus)
        bad = {r.focus for r in self.evaluate(qualified, inner)}
        siblings: set[Node] = set()
        if sh.is_true(sh.one(g, shape.node, "qualifiedValueShapesDisjoint")):
            for parent in g.subjects(URIRef(SH + "property"), shape.node):
                for prop in sh.objects(g, parent, "property"):
                    siblings.update(sh.objects(g, prop, "qualifiedValueShape"))
            siblings.discard(qualified)
        conforming = [{r.focus for r in self.evaluate(s, inner)} for s in sorted(siblings, key=sh.order)]
        counts: Counter[Node] = Counter(
            this for this, v in pairs if v not in bad and all(v in failed for failed in conforming)
        )
        out: list[Result] = []
        for this in self.focus_nodes(focus):
            for key, broken in (("qualifiedMinCount", operator.lt), ("qualifiedMaxCount", operator.gt)):
                for bound in sh.objects(g, shape.node, key):
                    if isinstance(bound, Literal) and broken(counts[this], int(bound)):
                        component = URIRef(SH + key[0].upper() + key[1:] + "ConstraintComponent")
                        out.append(
                            Result(
                                this, shape.path, None, component, shape.severity, shape.node, shape.messages
                            )
                        )
        return out

    # SPARQL-based constraint components --------------------------------------------

    def component(self, shape: _Shape, component: Node, focus: Focus) -> list[Result]:
        """The results of a SHACL-SPARQL constraint component on a shape that gives values to all
        its mandatory parameters: once per combination of the parameters' values."""
        g = self.g
        params = sh.component_parameters(g, component)
        values: list[list[Node | None]] = [
            list(sh.sorted_objects(g, shape.node, path)) for path, _, _ in params
        ]
        missing = any(not v and not optional for v, (_, _, optional) in zip(values, params, strict=True))
        if missing or not any(values):
            return []
        found = sh.component_validator(g, component, shape.path is not None)
        if found is None:
            kind = "property" if shape.path is not None else "node"
            raise sh.unsupported(
                shape.node,
                f"the constraint component {sh.name(component)} with no validator for a {kind} shape",
            )
        validator, kind, text = found
        if shape.path is not None:
            text = re.sub(r"\$PATH\b", lambda _m: shape.path_text, text)
        text = sh.prologue(sh.prefixes(g, [validator])) + text
        messages = sh.messages(g, validator) or sh.messages(g, component) or shape.messages
        names = [var for _, var, _ in params]
        out: list[Result] = []
        for combination in itertools.product(*(v or [None] for v in values)):  # an optional one unbound
            bound = {var: value for var, value in zip(names, combination, strict=True) if value is not None}
            if kind == "ask":
                for this, value in self.value_pairs(shape, focus):
                    if not ask(self.store, text, {**bound, "this": this, "value": value}, term_n3):
                        filled = tuple(fill(m, {**bound, "this": this, "value": value}) for m in messages)
                        out.append(
                            Result(this, shape.path, value, component, shape.severity, shape.node, filled)
                        )
                continue
            for this in self.focus_nodes(focus):
                for row in prebound(self.store, text, this, term_n3, bound):
                    value = row.get("value", this)
                    filled = tuple(fill(m, {**bound, **row, "value": value}) for m in messages)
                    path = row.get("path", shape.path)
                    out.append(Result(this, path, value, component, shape.severity, shape.node, filled))
        return out

    # SPARQL constraints -----------------------------------------------------------

    def sparql(self, shape: _Shape, constraint: Node, focus: Focus) -> list[Result]:
        g = self.g
        if sh.deactivated(g, constraint):
            return []
        select = sh.one(g, constraint, "select")
        assert select is not None
        text = str(select)
        if shape.path is not None:
            # $PATH is the shape's path, written in as SPARQL (SHACL 5.3.2).
            text = re.sub(r"\$PATH\b", lambda _m: shape.path_text, text)
        text = sh.prologue(sh.prefixes(g, [constraint])) + text
        messages = sh.messages(g, constraint) or shape.messages
        component = URIRef(SH + "SPARQLConstraintComponent")
        out: list[Result] = []
        seen: set[tuple[tuple[str, str], ...]] = set()
        for node in self.focus_nodes(focus):
            for bound in prebound(self.store, text, node, term_n3):
                key = tuple(sorted((k, v.n3()) for k, v in bound.items()))
                if key in seen:
                    continue
                seen.add(key)
                value = bound.get("value", node)
                path = bound.get("path", shape.path)
                filled = tuple(fill(m, {**bound, "value": value}) for m in messages)
                out.append(
                    Result(node, path, value, component, shape.severity, shape.node, filled, constraint)
                )
        return out
