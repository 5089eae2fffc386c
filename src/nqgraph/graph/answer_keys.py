"""Which rows of a saved query's answer a change can reach: the answer's keys.

An incremental build that changes one target's value should not ask ``targets`` again over every
target of the corpus: only the rows of that target can differ. This module finds, for a query,
the variables that key its rows and, for a change, which of their values it reaches; the caller
(:mod:`nqgraph.graph.answer_splice`) then asks the query again for those values alone.

The analysis is static and refuses whatever it cannot show sound (:func:`key_plan` returns None,
and the answer is asked whole):

- Every triple pattern names its predicate as an IRI and has a variable; no property path, GRAPH,
  SERVICE, LIMIT or OFFSET; aggregates group by variables.
- The keys are variables the query projects that every solution binds: a pattern binds them
  outside OPTIONAL, EXISTS and the right side of MINUS, or in every branch of a UNION (each row
  has a value for them).
- Every pattern is joined to a key through a chain of patterns sharing variables (in the pattern's
  own group or one enclosing it, so the chain holds wherever the pattern matches), a chain of
  length zero included.

Why that is enough. Whatever a changed triple alters in the answer, the row it alters (one that
appears, disappears or changes) has a solution in the graph before or after the change in which
the triple matches some pattern, and the chain from that pattern to a key matches too. Following
the chain's predicates from the triple's term, in the union of the two graphs (the store after
the change and the triples it removed), therefore reaches that row's key value. Rows whose keys are
not reached keep their values; the others are asked again with their keys bound, which gives
exactly the rows of those keys. Sub-selects keep their own variables apart unless they project
them, as SPARQL scopes them; a grouped sub-select's rows connect through its projected grouping
variables only, and a non-empty group's members match the chain to them.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Literal, URIRef, Variable

from nqgraph.errors import QueryError
from nqgraph.graph.ntriples import NTriple, nt
from nqgraph.graph.query_reads import query_algebra


@dataclass(frozen=True)
class Step:
    """One pattern of a chain: from a value, along ``predicate`` to its objects (``forward``) or
    back to its subjects."""

    predicate: str
    forward: bool


@dataclass(frozen=True)
class Entry:
    """How a changed triple that matches one pattern leads to the keys of the rows it can change.

    ``subject``/``object``: the constant the pattern requires there (an N-Triples term), or None
    for a variable; ``start``: which term of the triple the chain starts from (``"s"``/``"o"``);
    ``key``: the key variable the chain ends at."""

    subject: str | None
    object: str | None
    start: str
    key: str
    chain: tuple[Step, ...]


@dataclass(frozen=True)
class KeyPlan:
    """The keys of a query's rows (projected variables, in projection order) and, by predicate
    IRI, how a changed triple with that predicate reaches them."""

    keys: tuple[str, ...]
    entries: Mapping[str, tuple[Entry, ...]]


class _Unsupported(Exception):
    """The query has a form whose rows this analysis cannot key."""


@dataclass(frozen=True)
class _Pattern:
    subject: int | str  # a variable's number, or a constant as an N-Triples term
    predicate: str
    object: int | str
    context: tuple[int, ...]  # the optional, union, minus and exists groups around it, outermost first


class _Scope:
    """The variables of one SELECT: numbered apart from the enclosing one's unless projected."""

    def __init__(
        self, numbers: Iterator[int], parent: _Scope | None = None, projected: frozenset[str] = frozenset()
    ):
        self.numbers, self.parent, self.projected = numbers, parent, projected
        self.known: dict[str, int] = {}

    def number(self, name: str) -> int:
        if name not in self.known:
            shared = self.parent is not None and name in self.projected
            self.known[name] = self.parent.number(name) if shared and self.parent else next(self.numbers)
        return self.known[name]


class _Walk:
    def __init__(self) -> None:
        self.numbers = itertools.count()
        self.groups = itertools.count(1)
        self.patterns: list[_Pattern] = []

    def pattern(self, node: Any, scope: _Scope, context: tuple[int, ...]) -> set[int]:
        """Record the patterns of ``node``; the variables bound in every solution of it."""
        if not isinstance(node, CompValue):
            raise _Unsupported(f"unexpected {type(node).__name__}")
        name = node.name
        if name == "BGP":
            bound: set[int] = set()
            for s, p, o in node.triples:
                if not isinstance(p, URIRef):
                    raise _Unsupported("a pattern without an IRI predicate")
                ends = [self._end(t, scope) for t in (s, o)]
                if all(isinstance(e, str) for e in ends):
                    raise _Unsupported("a pattern without a variable")
                self.patterns.append(_Pattern(ends[0], str(p), ends[1], context))
                bound.update(e for e in ends if isinstance(e, int))
            return bound
        if name == "Join":
            return self.pattern(node.p1, scope, context) | self.pattern(node.p2, scope, context)
        if name == "LeftJoin":
            bound = self.pattern(node.p1, scope, context)
            inner = (*context, next(self.groups))
            self.pattern(node.p2, scope, inner)
            self.expression(node.expr, scope, inner)
            return bound
        if name == "Union":
            left = self.pattern(node.p1, scope, (*context, next(self.groups)))
            return left & self.pattern(node.p2, scope, (*context, next(self.groups)))
        if name == "Minus":
            bound = self.pattern(node.p1, scope, context)
            self.pattern(node.p2, scope, (*context, next(self.groups)))
            return bound
        if name in ("Filter", "Extend"):
            bound = self.pattern(node.p, scope, context)
            self.expression(node.expr, scope, context)
            return bound
        if name in ("OrderBy", "Distinct", "Reduced", "Project"):
            return self.pattern(node.p, scope, context)
        if name == "ToMultiSet":
            inner = node.p
            if inner.name == "values":
                return set()
            if inner.name != "Project":
                raise _Unsupported(f"a sub-query of kind {inner.name}")
            projected = frozenset(str(v) for v in inner.PV)
            own = _Scope(self.numbers, scope, projected)
            bound = self.pattern(inner.p, own, context)
            return {own.known[n] for n in projected if n in own.known and own.known[n] in bound}
        if name == "AggregateJoin":
            group = node.p
            if group.name != "Group" or any(not isinstance(e, Variable) for e in group.expr or ()):
                raise _Unsupported("a grouping by an expression")
            bound = self.pattern(group.p, scope, context)
            grouped = {scope.number(str(v)) for v in group.expr or ()}
            return bound & grouped
        if name == "values":
            return set()
        # Slice (LIMIT/OFFSET keeps rows depending on others), Graph, Service and the rest.
        raise _Unsupported(f"a pattern of kind {name}")

    def expression(self, node: Any, scope: _Scope, context: tuple[int, ...]) -> None:
        if isinstance(node, CompValue):
            if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                group = translateGroupGraphPattern(node.graph)
                self.pattern(group, scope, (*context, next(self.groups)))
                return
            for value in node.values():
                self.expression(value, scope, context)
        elif isinstance(node, (list, tuple)):
            for value in node:
                self.expression(value, scope, context)

    def _end(self, term: Any, scope: _Scope) -> int | str:
        if isinstance(term, Variable):
            return scope.number(str(term))
        if isinstance(term, (URIRef, Literal)):
            return nt(term)
        raise _Unsupported("a blank node in a pattern")


def _top_projection(algebra: Any) -> tuple[Any, list[str]]:
    node = algebra
    while isinstance(node, CompValue) and node.name in ("SelectQuery", "Distinct", "Reduced"):
        node = node.p
    if not isinstance(node, CompValue) or node.name != "Project":
        raise _Unsupported("not a SELECT query without LIMIT or OFFSET")
    return node, [str(v) for v in node.PV]


def key_plan(text: str, *, only: str | None = None) -> KeyPlan | None:
    """The keys of the rows of the SELECT query ``text`` and how changes reach them, or None when
    the query's form does not allow it (see the module's notes). Remembered, and kept between
    builds, by :mod:`nqgraph.graph.query_facts`.

    ``only`` asks for a plan with that one key, which every pattern must be joined to (None when
    it is not a key or some pattern is not): a change then reaches rows by their value of it alone.

    >>> plan = key_plan("SELECT ?t ?v WHERE { ?t a <urn:T> ; <urn:value> ?v }")
    >>> plan.keys, [e.key for e in plan.entries["urn:value"]]
    (('t', 'v'), ['t'])
    >>> key_plan("SELECT ?t WHERE { ?t ?p ?v }") is None
    True
    >>> key_plan("SELECT ?t ?v WHERE { ?t a <urn:T> ; <urn:value> ?v }", only="v").keys
    ('v',)
    >>> key_plan("SELECT ?t ?v WHERE { ?t a <urn:T> ; <urn:value> ?v }", only="x") is None
    True
    """
    try:
        return _plan(query_algebra(text), only=only)
    except (QueryError, _Unsupported):
        return None


def _plan(algebra: Any, *, only: str | None = None) -> KeyPlan:
    walk = _Walk()
    top = _Scope(walk.numbers)
    project, projected = _top_projection(algebra)
    bound = walk.pattern(project.p, top, ())
    patterns = walk.patterns
    if not patterns:
        raise _Unsupported("no pattern")
    subjects = {p.subject for p in patterns}
    names = {top.known[n]: n for n in projected if n in top.known}
    keys = [n for n in projected if n in top.known and top.known[n] in bound]
    if not keys:
        raise _Unsupported("no projected variable is bound in every row")
    if only is not None:
        if only not in keys:
            raise _Unsupported(f"?{only} is not bound in every row")
        keys = [only]
    # Prefer keys that are resources (a pattern's subject): their rows are few.
    ranked = sorted(keys, key=lambda n: (top.known[n] not in subjects, projected.index(n)))
    entries: dict[str, list[Entry]] = {}
    chains_by_context: dict[tuple[int, ...], dict[int, tuple[str, tuple[Step, ...]]]] = {}
    for pattern in patterns:
        chains = chains_by_context.get(pattern.context)
        if chains is None:
            usable = [q for q in patterns if _encloses(q, pattern)]
            chains = chains_by_context[pattern.context] = _chains(
                usable, [top.known[n] for n in ranked], names
            )
        # A key that is some pattern's subject (a resource) first, however far: a value's rows are
        # few, while a literal or a class-like object (a province, a year) keys a great many.
        best: tuple[bool, int, int, str, str, tuple[Step, ...]] | None = None
        for start, end in (("s", pattern.subject), ("o", pattern.object)):
            if isinstance(end, int) and end in chains:
                key, chain = chains[end]
                literal_like = top.known[key] not in subjects
                candidate = (literal_like, len(chain), ranked.index(key), start, key, chain)
                best = candidate if best is None or candidate[:4] < best[:4] else best
        if best is None:
            raise _Unsupported("a pattern joined to no key")
        *_, start, key, chain = best
        entry = Entry(
            subject=pattern.subject if isinstance(pattern.subject, str) else None,
            object=pattern.object if isinstance(pattern.object, str) else None,
            start=start,
            key=key,
            chain=chain,
        )
        entries.setdefault(pattern.predicate, []).append(entry)
    return KeyPlan(
        keys=tuple(keys),
        entries={p: tuple(dict.fromkeys(e)) for p, e in sorted(entries.items())},
    )


def _encloses(outer: _Pattern, inner: _Pattern) -> bool:
    """Whether ``outer`` matches wherever ``inner`` does: it stands in ``inner``'s group or in one
    enclosing it."""
    return inner.context[: len(outer.context)] == outer.context


def _chains(
    patterns: list[_Pattern], keys: list[int], names: Mapping[int, str]
) -> dict[int, tuple[str, tuple[Step, ...]]]:
    """For every variable joined to a key through ``patterns``: the nearest key (ties go to the
    earlier of ``keys``) and the steps from the variable's value to it."""
    edges: dict[int, list[tuple[int, _Pattern]]] = {}
    for p in patterns:
        if isinstance(p.subject, int) and isinstance(p.object, int):
            edges.setdefault(p.subject, []).append((p.object, p))
            edges.setdefault(p.object, []).append((p.subject, p))
    found: dict[int, tuple[str, tuple[Step, ...]]] = {k: (names[k], ()) for k in keys}
    queue = deque(keys)
    while queue:
        here = queue.popleft()
        key, chain = found[here]
        for there, p in edges.get(here, ()):
            if there in found:
                continue
            # From ``there``'s value to ``here``'s: forward when ``there`` is the subject.
            step = Step(p.predicate, forward=p.subject == there)
            found[there] = (key, (step, *chain))
            queue.append(there)
    return found


def reached_keys(
    plan: KeyPlan, store: ox.Store, changed: Iterable[NTriple], *, limit: int
) -> dict[str, set[Any]] | None:
    """The values (Oxigraph terms) of each key that the changed triples (added and removed, as
    N-Triples terms) reach in ``store`` (the graph after the change) and in the triples
    themselves; None when more than ``limit`` values are reached (asking the whole query again is
    then cheaper)."""
    wanted = [t for t in changed if t[1].startswith("<") and t[1][1:-1] in plan.entries]
    # The terms as Oxigraph reads them, so that they compare with the store's exactly.
    document = "".join(f"{s} {p} {o} .\n" for s, p, o in wanted).encode("utf-8")
    parsed: Iterable[Any] = ox.parse(input=document, format=ox.RdfFormat.N_TRIPLES) if wanted else []
    around: dict[tuple[Any, str, bool], set[Any]] = {}
    starts: list[tuple[Entry, Any]] = []
    for (s, p, o), quad in zip(wanted, parsed, strict=True):
        predicate = p[1:-1]
        around.setdefault((quad.subject, predicate, True), set()).add(quad.object)
        around.setdefault((quad.object, predicate, False), set()).add(quad.subject)
        for entry in plan.entries[predicate]:
            if (entry.subject is None or entry.subject == s) and (entry.object is None or entry.object == o):
                starts.append((entry, quad.subject if entry.start == "s" else quad.object))
    reached: dict[str, set[Any]] = {}
    total = 0
    for entry, value in starts:
        frontier = {value}
        for step in entry.chain:
            frontier = _next(store, frontier, step, around)
            if len(frontier) > limit:
                return None
        into = reached.setdefault(entry.key, set())
        total += len(frontier - into)
        into |= frontier
        if total > limit:
            return None
    return reached


def _next(
    store: ox.Store, frontier: set[Any], step: Step, changed: Mapping[tuple[Any, str, bool], set[Any]]
) -> set[Any]:
    predicate = ox.NamedNode(step.predicate)
    out: set[Any] = set()
    for value in frontier:
        out |= changed.get((value, step.predicate, step.forward), set())  # the removed ones are only here
        if step.forward:
            if not isinstance(value, ox.Literal):  # a literal is no triple's subject
                out.update(q.object for q in store.quads_for_pattern(value, predicate, None, None))
        else:
            out.update(q.subject for q in store.quads_for_pattern(None, predicate, value, None))
    return out
