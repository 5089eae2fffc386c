"""Validate again after a change, checking only the focus nodes the change can have affected.

:func:`revalidate` gives the result a full :func:`~nqgraph.graph.validation.validate_store` of the
changed store gives (the same findings in the same order, the same counts, a report graph whose
Turtle is the same bytes), from the previous result and the nodes of the triples that changed.

How. Each active top shape has a *reach* (:mod:`nqgraph.graph.shacl.reach`): the triples its
result on one focus node can read, as paths from the focus node. The focus nodes to check again
are those from which a read reaches a node of a changed triple: found by following each read's
path backwards from the changed nodes in the changed store. Each shape is run again on those of
them that are now its focus nodes; its previous results on all of them are dropped (a node that
left the target leaves its results behind), the others kept, and the report written from the
merged results as validation writes it. Files are taken from the current ``defined_in``, so a
resource moved to another file moves its findings.

Validated again on the whole graph, as the reach says: a shape whose reads cannot be bounded (a
SPARQL target or constraint that is not one connected pattern around ``$this``, with sub-SELECTs,
aggregates, VALUES, MINUS, GRAPH, SERVICE or LIMIT; a SPARQL-based constraint component; a shape
whose results name value nodes as focus nodes). The project's own SPARQL rules are connected
patterns, so they are re-run only on the nodes around the change. Every shape is validated again
when the class hierarchy (the rdfs:subClassOf triples, which ``sh:targetClass`` and ``sh:class``
read for every instance) changed; and ``validator="pyshacl"`` validates the whole graph.

Without the changed triples (``triples``), every changed node counts as changed in every
predicate and direction: correct, but a node many others point to (a unit, an agency) then
brings them all back to be checked.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from rdflib import BNode, Graph
from rdflib.term import Node

from nqgraph.errors import DataError
from nqgraph.graph import shacl
from nqgraph.graph.ntriples import NTriple, nt, to_term
from nqgraph.graph.shacl import shapes as sh
from nqgraph.graph.shacl.checks import CHUNK, Runner
from nqgraph.graph.shacl.identity import blank_keys, digest
from nqgraph.graph.shacl.reach import Read, reach
from nqgraph.graph.shacl.report import Result
from nqgraph.graph.sparql import values_of
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.graph.validation import (
    ValidationResult,
    class_hierarchy,
    shape_key,
    validate_store,
    with_results,
)
from nqgraph.runtime.progress import NULL, Progress

Reach = Mapping[str, frozenset[Read] | None]


class StaleValidation(DataError):
    """A previous validation result that cannot be the base of this one (other shapes, or a
    result without the compiled validator's results)."""


class _Changes:
    """The changed nodes, by predicate and direction when the changed triples are known."""

    def __init__(self, changed: Collection[str], triples: Iterable[NTriple] | None) -> None:
        self.nodes = {to_term(n) for n in changed}
        self.known = triples is not None
        self.out: dict[str, set[Node]] = {}
        self.into: dict[str, set[Node]] = {}
        for s, p, o in triples or ():
            self.out.setdefault(p, set()).add(to_term(s))
            self.into.setdefault(p, set()).add(to_term(o))

    def at(self, read: Read) -> set[Node]:
        """The nodes whose triples of ``read``'s predicate and direction changed."""
        if not self.known:
            return self.nodes
        by = self.into if read.inward else self.out
        if not read.predicate:
            return {n for nodes in by.values() for n in nodes}
        return by.get(read.predicate, set())


def _back(runner: Runner, prefix: str, nodes: Collection[Node]) -> set[Node]:
    """The nodes from which ``prefix`` reaches one of ``nodes``."""
    if not prefix:
        return set(nodes)
    found: set[Node] = set()
    plain = sorted((n for n in nodes if not isinstance(n, BNode)), key=sh.order)
    for start in range(0, len(plain), CHUNK):
        values = values_of("x", plain[start : start + CHUNK])
        text = f"SELECT DISTINCT ?t WHERE {{ {values} ?t {prefix} ?x }}"
        found.update(t for r in runner.rows(text) if (t := r.get("t")) is not None)
    for node in (n for n in nodes if isinstance(n, BNode)):
        rows = runner.rows(f"SELECT DISTINCT ?t ?this WHERE {{ ?t {prefix} ?this }}", this=node)
        found.update(t for r in rows if (t := r.get("t")) is not None)
    return found


def shapes_reach(shapes: Graph, keys: Mapping[BNode, str]) -> dict[str, frozenset[Read] | None]:
    """The reach of every active top shape, by its key (:func:`~nqgraph.graph.validation.shape_key`)."""
    return {shape_key(s, keys): reach(shapes, s) for s in shacl.active(shapes)}


def revalidate(
    store: OxigraphStore | RdflibStore,
    shapes: Graph,
    *,
    previous: ValidationResult,
    changed: set[str],
    defined_in: Mapping[str, str],
    validator: str = "sparql",
    progress: Progress = NULL,
    triples: Iterable[NTriple] | None = None,
) -> ValidationResult:
    """The validation of ``store`` against ``shapes``, from ``previous`` (validated on the same
    shapes) and ``changed``: the N-Triples form of every node that is the subject or object of a
    triple added to or removed from any graph since. ``triples``, the changed triples themselves
    when known, narrow what is checked again (see the module's docstring)."""
    keys = blank_keys(shapes)
    shapes_hash = digest(shapes, keys)
    if previous.shapes_digest != shapes_hash:
        raise StaleValidation(
            "the previous validation result is of other shapes: validate the whole graph instead"
        )
    if validator != "sparql":
        return validate_store(store, shapes, defined_in=defined_in, validator=validator, progress=progress)
    if previous.by_shape is None:
        raise StaleValidation(
            "the previous validation result has no results by shape (it was not made by the "
            "compiled validator): validate the whole graph instead"
        )
    if previous.hierarchy != class_hierarchy(store):
        # Every instance of a class may have entered or left a target or an sh:class.
        full = validate_store(store, shapes, defined_in=defined_in, progress=progress)
        return replace(full, reach=previous.reach)
    reaches = previous_reach(previous, shapes, keys)
    runner = Runner(store, shapes)
    changes = _Changes(changed, triples)
    among: dict[Node, set[Node] | None] = {}
    for shape in shacl.active(shapes):
        reads = reaches.get(shape_key(shape, keys))  # None: a shape the reach does not know
        if reads is None:
            among[shape] = None
            continue
        nodes: set[Node] = set()
        for read in sorted(reads):
            at = changes.at(read)
            if at:
                nodes |= _back(runner, read.prefix, at)
        if nodes:
            among[shape] = nodes
    # The same shapes (same digest) as a validation that checked them.
    fresh = shacl.run_by_shape(store, shapes, among=among, checked=True, progress=progress)
    old = _translated(previous, keys)
    merged: dict[str, tuple[Result, ...]] = {}
    for shape in shacl.active(shapes):
        key = shape_key(shape, keys)
        if shape not in among:
            merged[key] = old.get(key, ())
            continue
        checked = among[shape]
        kept = [] if checked is None else [r for r in old.get(key, ()) if r.focus not in checked]
        merged[key] = tuple(kept) + tuple(fresh[shape])
    result = with_results(store, shapes, merged, keys, defined_in, shapes_hash=shapes_hash)
    return replace(result, reach=reaches)


def with_reach(result: ValidationResult, shapes: Graph) -> ValidationResult:
    """``result`` (of ``shapes``) with the shapes' reach worked out, to be kept for the next build:
    else the first re-validation from it works it out (rdflib's SPARQL parser reads the SPARQL
    rules, one to two seconds at the project's shapes)."""
    if result.by_shape is None or result.reach is not None:
        return result
    return replace(result, reach=shapes_reach(shapes, blank_keys(shapes)))


def previous_reach(previous: ValidationResult, shapes: Graph, keys: Mapping[BNode, str]) -> Reach:
    """The shapes' reach: the one the previous result carries (the shapes are the same), or
    worked out (reading the SPARQL queries takes rdflib's parser a second)."""
    if previous.reach is not None:
        return previous.reach
    return shapes_reach(shapes, keys)


def _translated(previous: ValidationResult, keys: Mapping[BNode, str]) -> dict[str, tuple[Result, ...]]:
    """The previous results with the blank nodes of the shapes graph they were made with (a
    property shape, a path) replaced by the same ones of this parse of the shapes."""
    assert previous.by_shape is not None
    by_key = {key: node for node, key in keys.items()}
    mapping = {old: by_key[key] for old, key in previous.blanks.items() if key in by_key}
    if all(old is new or old == new for old, new in mapping.items()):
        return dict(previous.by_shape)

    def node(n: Node | None) -> Node | None:
        return mapping.get(n, n) if isinstance(n, BNode) else n

    return {
        key: tuple(
            replace(
                r,
                path=node(r.path),
                component=node(r.component) or r.component,
                shape=node(r.shape) or r.shape,
                constraint=node(r.constraint),
            )
            for r in results
        )
        for key, results in previous.by_shape.items()
    }


# ---------------------------------------------------------------- kept between builds

_VERSION = 1


def dumps(result: ValidationResult) -> str:
    """``result`` as JSON text for :func:`loads` in a later process (the build's state): the
    results by shape with every term in N-Triples form, a blank node of the shapes graph by its
    key (``_:shape:<key>``), the shapes' and hierarchy's hashes, the shapes' reach."""
    if result.by_shape is None:
        raise StaleValidation("only a result of the compiled validator can be kept for re-validation")
    blanks = result.blanks

    def term(n: Node | None) -> str | None:
        if n is None:
            return None
        if isinstance(n, BNode) and n in blanks:
            return "_:shape:" + blanks[n]
        return nt(n)

    return json.dumps(
        {
            "version": _VERSION,
            "shapes": result.shapes_digest,
            "hierarchy": result.hierarchy,
            "reach": None
            if result.reach is None
            else {
                key: None if reads is None else [[r.prefix, r.predicate, r.inward] for r in sorted(reads)]
                for key, reads in sorted(result.reach.items())
            },
            "results": {
                key: [
                    [
                        term(r.focus),
                        term(r.path),
                        term(r.value),
                        term(r.component),
                        term(r.severity),
                        term(r.shape),
                        [term(m) for m in r.messages],
                        term(r.constraint),
                    ]
                    for r in results
                ]
                for key, results in sorted(result.by_shape.items())
            },
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def loads(
    text: str, store: OxigraphStore | RdflibStore, shapes: Graph, *, defined_in: Mapping[str, str]
) -> ValidationResult:
    """The result :func:`dumps` wrote, for ``shapes`` (which must be the same shapes: else
    :class:`StaleValidation`) and the files of ``defined_in``; its report is written again."""
    try:
        data = json.loads(text)
        if data.get("version") != _VERSION:
            raise StaleValidation("a kept validation result of another version")
        keys = blank_keys(shapes)
        if data["shapes"] != digest(shapes, keys):
            raise StaleValidation("a kept validation result of other shapes")
        by_key = {key: node for node, key in keys.items()}

        def term(s: str | None) -> Node | None:
            if s is None:
                return None
            if s.startswith("_:shape:"):
                return by_key[s[len("_:shape:") :]]
            return to_term(s)

        def required(s: str) -> Node:
            node = term(s)
            assert node is not None
            return node

        by_shape = {
            key: tuple(
                Result(
                    focus=required(focus),
                    path=term(path),
                    value=term(value),
                    component=required(component),
                    severity=required(severity),
                    shape=required(shape),
                    messages=tuple(m for m in map(term, messages) if m is not None),  # type: ignore[misc]
                    constraint=term(constraint),
                )
                for focus, path, value, component, severity, shape, messages, constraint in results
            )
            for key, results in data["results"].items()
        }
        reaches = None
        if data.get("reach") is not None:
            reaches = {
                key: None if reads is None else frozenset(Read(p, q, bool(d)) for p, q, d in reads)
                for key, reads in data["reach"].items()
            }
    except (ValueError, KeyError, TypeError) as exc:
        raise StaleValidation(f"a kept validation result that cannot be read: {exc}") from exc
    order = {shape_key(s, keys): i for i, s in enumerate(shacl.active(shapes))}
    ordered = dict(sorted(by_shape.items(), key=lambda kv: order.get(kv[0], len(order))))
    result = with_results(store, shapes, ordered, keys, defined_in)
    return replace(result, hierarchy=data["hierarchy"], reach=reaches)
