"""Validate the reasoned graph against the SHACL shapes.

Two validators give the same results: ``sparql`` (the default) compiles the shapes into
whole-graph SPARQL queries run by the store (:mod:`nqgraph.graph.shacl`), ``pyshacl`` runs
pySHACL, the reference, on a copy of the graph in rdflib. See docs/decisions.md for the figures.
:func:`validate` is the public entry point, shaped like ``pyshacl.validate``.

In the report, ``sh:conforms`` is false whenever there is any result, Warnings included, as SHACL
says; a build and ``nqgraph validate`` exit 1 only for Violations (:attr:`ValidationResult.conforms`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, Literal, Namespace
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import XSD
from rdflib.term import Node

from nqgraph.errors import DataError
from nqgraph.graph.store import OxigraphStore, RdflibStore, new_store
from nqgraph.runtime.progress import NULL, Progress

if TYPE_CHECKING:
    from nqgraph.graph.shacl.reach import Read
    from nqgraph.graph.shacl.report import Result

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL report, flattened for people."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    component: str
    shape: str
    value: str
    file: str


@dataclass(frozen=True)
class ValidationResult:
    """What validation found; ``conforms`` (the exit code's rule) is False only when there is a
    Violation, while the report's ``sh:conforms`` is False for any result."""

    report: Graph
    findings: tuple[Finding, ...]
    # What re-validating after a change needs (nqgraph.graph.revalidate): a hash of the shapes the
    # result is of, the results of each active top shape (by its IRI, or its blank node's key in
    # ``blanks``), the names of the shapes' blank nodes, and a hash of the class hierarchy.
    # Empty when pySHACL validated.
    shapes_digest: str = field(default="", compare=False)
    by_shape: Mapping[str, tuple[Result, ...]] | None = field(default=None, compare=False, repr=False)
    blanks: Mapping[BNode, str] = field(default_factory=dict, compare=False, repr=False)
    hierarchy: str = field(default="", compare=False)
    # The reach of each top shape (nqgraph.graph.shacl.reach), once re-validation worked it out.
    reach: Mapping[str, frozenset[Read] | None] | None = field(default=None, compare=False, repr=False)

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Warning")

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.severity for f in self.findings).items()))


def load_shapes(paths: Sequence[Path]) -> Graph:
    """Parse the shapes files into one graph."""
    shapes = Graph()
    for path in paths:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:
            raise DataError(f"{path}: cannot parse shapes: {exc}") from exc
    return shapes


def data_graph(store: OxigraphStore | RdflibStore) -> Graph:
    """Every graph of the store (ontology, asserted, inferred) merged into one rdflib graph."""
    g = Graph()
    for s, p, o, _ in store.quads():
        g.add((s, p, o))
    return g


def _local(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text


VALIDATORS = ("sparql", "pyshacl")


def validate_store(
    store: OxigraphStore | RdflibStore,
    shapes: Graph,
    *,
    defined_in: Mapping[str, str] | None = None,
    validator: str = "sparql",
    progress: Progress = NULL,
) -> ValidationResult:
    """Validate the graph in ``store`` (all its named graphs together) against ``shapes``; tell
    ``progress`` of the phase (shape by shape with the compiled shapes, as a whole with pySHACL)."""
    if validator == "pyshacl":
        progress.phase("validation")
        result = validate_with_pyshacl(data_graph(store), shapes, defined_in=defined_in)
        progress.note(f"pySHACL, {len(result.findings):,} results")
        progress.done()
        return result
    if validator != "sparql":
        raise DataError(f"unknown validator {validator!r}: choose one of {', '.join(VALIDATORS)}")
    from nqgraph.graph import shacl
    from nqgraph.graph.shacl.identity import blank_keys

    keys = blank_keys(shapes)
    by_shape = shacl.run_by_shape(store, shapes, progress=progress)
    return with_results(
        store, shapes, {shape_key(s, keys): tuple(r) for s, r in by_shape.items()}, keys, defined_in
    )


def shape_key(shape: Node, keys: Mapping[BNode, str]) -> str:
    """A top shape's name in :attr:`ValidationResult.by_shape`: its IRI, or its blank node's key."""
    return "_:" + keys[shape] if isinstance(shape, BNode) else str(shape)


def with_results(
    store: OxigraphStore | RdflibStore,
    shapes: Graph,
    by_shape: Mapping[str, tuple[Result, ...]],
    keys: Mapping[BNode, str],
    defined_in: Mapping[str, str] | None,
    *,
    shapes_hash: str = "",
) -> ValidationResult:
    """The validation result of the compiled validator's results, shape by shape (``shapes_hash``:
    the shapes' digest, when known already)."""
    from nqgraph.graph import shacl
    from nqgraph.graph.shacl.identity import digest

    flat = [r for results in by_shape.values() for r in results]
    result = _result(shacl.report_graph(flat, shapes), shapes, defined_in)
    return replace(
        result,
        shapes_digest=shapes_hash or digest(shapes, dict(keys)),
        by_shape=dict(by_shape),
        blanks=dict(keys),
        hierarchy=class_hierarchy(store),
    )


def shapes_digest(shapes: Graph) -> str:
    """The hash of ``shapes`` a result carries (:attr:`ValidationResult.shapes_digest`)."""
    from nqgraph.graph.shacl.identity import digest

    return digest(shapes)


_HIERARCHY = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?o }"


def class_hierarchy(store: OxigraphStore | RdflibStore) -> str:
    """A hash of every rdfs:subClassOf triple in ``store``: sh:targetClass and sh:class read the
    hierarchy of any class, so a change to it is a change for every instance."""
    from nqgraph.graph.shacl.checks import Runner

    rows = Runner(store, Graph()).rows(_HIERARCHY)
    lines = sorted(f"{r['s'].n3()} {r['o'].n3()}" for r in rows if r["s"] is not None and r["o"] is not None)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def validate_with_pyshacl(
    graph: Graph, shapes: Graph, *, defined_in: Mapping[str, str] | None = None
) -> ValidationResult:
    """Run pySHACL (no extra inference: the graph is already reasoned)."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    if not isinstance(report, Graph):
        raise DataError(f"the SHACL shapes cannot be applied: {_text.strip()}")
    return replace(_result(report, shapes, defined_in), shapes_digest=shapes_digest(shapes))


def shape_name(shapes: Graph, shape: Node | None, path: Node | None) -> str:
    """A shape's IRI; for a blank-node property shape, its node shape's IRI and the path, which
    stay the same from one run to the next where a blank node's label does not."""
    if shape is None:
        return ""
    if not isinstance(shape, BNode):
        return str(shape)
    parents = sorted(str(s) for s in shapes.subjects(SH.property, shape) if not isinstance(s, BNode))
    return f"{parents[0] if parents else ''} {path or ''}".strip()


def _result(report: Graph, shapes: Graph, defined_in: Mapping[str, str] | None) -> ValidationResult:
    files = defined_in or {}
    findings = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        findings.append(
            Finding(
                severity=_local(report.value(result, SH.resultSeverity)),
                focus=str(focus),
                path=str(path or ""),
                message=str(report.value(result, SH.resultMessage) or ""),
                component=_local(report.value(result, SH.sourceConstraintComponent)),
                shape=shape_name(shapes, report.value(result, SH.sourceShape), path),
                value=str(report.value(result, SH.value) or ""),
                file=files.get(str(focus), ""),
            )
        )
    # The last keys only break ties, so that the order never depends on the report's hash order.
    findings.sort(
        key=lambda f: (
            f.severity != "Violation",
            f.file,
            f.focus,
            f.path,
            f.message,
            f.value,
            f.component,
            f.shape,
        )
    )
    return ValidationResult(report=report, findings=tuple(findings))


def validate(
    data_graph: Graph, *, shapes: Graph | None = None, validator: str = "sparql"
) -> tuple[bool, Graph, str]:
    """Validate any rdflib graph or dataset, as ``pyshacl.validate`` does: ``(conforms,
    report_graph, report_text)``. A dataset is validated as the union of its graphs. Without
    ``shapes``, the project's shapes (``shapes/*.ttl``) are used. ``conforms`` is SHACL's: False
    when there is any result, of any severity.

    >>> from rdflib import Graph
    >>> conforms, report, text = validate(Graph())
    >>> conforms, text.splitlines()[0]
    (True, 'Validation Report')
    """
    if shapes is None:
        from nqgraph.paths import Inputs

        shapes = load_shapes(Inputs.default().shapes)
    if isinstance(data_graph, (Dataset, ConjunctiveGraph)):
        default = (
            data_graph.default_graph if isinstance(data_graph, Dataset) else data_graph.default_context
        ).identifier
        quads = [(s, p, o, None if g == default else g) for s, p, o, g in _quads(data_graph)]
    else:
        quads = [(s, p, o, None) for s, p, o in data_graph]
    # Oxigraph stores the integer types derived from xsd:integer as xsd:integer ("165"^^xsd:int
    # comes back as "165"^^xsd:integer), which would break sh:datatype: such data goes to rdflib.
    lossy = any(isinstance(q[2], Literal) and q[2].datatype in _DERIVED_INTEGERS for q in quads)
    store = new_store("rdflib" if lossy else "oxigraph")
    store.add(quads)
    result = validate_store(store, shapes, validator=validator)
    report = _restore_literals(result.report, [q[2] for q in quads] + list(shapes.objects()))
    conforms = not result.findings
    return conforms, report, report_text(result, conforms)


_DERIVED_INTEGERS = {
    XSD[name]
    for name in (
        "int",
        "long",
        "short",
        "byte",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
    )
}


def _quads(ds: ConjunctiveGraph) -> list[tuple[Node, Node, Node, Node | None]]:
    out: list[tuple[Node, Node, Node, Node | None]] = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.append((s, p, o, g.identifier if isinstance(g, Graph) else g))
    return out


def _restore_literals(report: Graph, terms: list[Node]) -> Graph:
    """The report with the literals of the input where Oxigraph wrote them otherwise.

    Oxigraph keeps numbers and booleans in canonical form ("4.0"^^xsd:decimal comes back as "4"),
    so a focus node or value is restored to the literal of the data or shapes equal to it.
    """

    def key(lit: Literal) -> tuple[str, object] | None:
        value = lit.value
        if lit.datatype is None or value is None or lit.ill_typed or isinstance(value, str):
            return None
        try:
            hash(value)
        except TypeError:
            return None
        return (str(lit.datatype), value)

    wanted = {k for o in report.objects() if isinstance(o, Literal) and (k := key(o)) is not None}
    if not wanted:
        return report
    originals: dict[tuple[str, object], set[Literal]] = {}
    for term in terms:
        if isinstance(term, Literal) and (k := key(term)) in wanted:
            originals.setdefault(k, set()).add(term)
    out = Graph()
    for s, p, o in report:
        if isinstance(o, Literal) and (k := key(o)) is not None and len(originals.get(k, ())) == 1:
            (o,) = originals[k]
        out.add((s, p, o))
    return out


def report_text(result: ValidationResult, conforms: bool) -> str:
    """The report as text, one paragraph per result (pySHACL's layout, shortened)."""
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if result.findings:
        lines.append(f"Results ({len(result.findings)}):")
    for f in result.findings:
        lines.append(f"{f.component[: -len('ConstraintComponent')] or f.component} ({f.severity}):")
        lines.append(f"\tShape: {f.shape}")
        lines.append(f"\tFocus Node: {f.focus}")
        if f.path:
            lines.append(f"\tResult Path: {f.path}")
        if f.value:
            lines.append(f"\tValue Node: {f.value}")
        if f.message:
            lines.append(f"\tMessage: {f.message}")
    return "\n".join(lines) + "\n"
