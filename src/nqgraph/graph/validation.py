"""Validate the reasoned graph against the SHACL shapes.

Two validators give the same results: ``sparql`` (the default) compiles the shapes into
whole-graph SPARQL queries run by the store (:mod:`nqgraph.graph.shacl_sparql`), ``pyshacl`` runs
pySHACL, the reference, on a copy of the graph in rdflib. See docs/decisions.md for the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Namespace
from rdflib.term import Node

from nqgraph.errors import DataError
from nqgraph.graph.store import OxigraphStore, RdflibStore

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
    """What validation found; ``conforms`` is False only when there is a Violation."""

    report: Graph
    findings: tuple[Finding, ...]

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
    defined_in: dict[str, str] | None = None,
    validator: str = "sparql",
) -> ValidationResult:
    """Validate the graph in ``store`` (all its named graphs together) against ``shapes``."""
    if validator == "pyshacl":
        return validate(data_graph(store), shapes, defined_in=defined_in)
    if validator != "sparql":
        raise DataError(f"unknown validator {validator!r}: choose one of {', '.join(VALIDATORS)}")
    from nqgraph.graph import shacl_sparql

    results = shacl_sparql.run(store, shapes)
    return _result(shacl_sparql.report_graph(results, shapes), shapes, defined_in)


def validate(graph: Graph, shapes: Graph, *, defined_in: dict[str, str] | None = None) -> ValidationResult:
    """Run pySHACL (no extra inference: the graph is already reasoned)."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report, Graph):
        raise DataError(f"the SHACL shapes cannot be applied: {_text.strip()}")
    return _result(report, shapes, defined_in)


def shape_name(shapes: Graph, shape: Node | None, path: Node | None) -> str:
    """A shape's IRI; for a blank-node property shape, its node shape's IRI and the path, which
    stay the same from one run to the next where a blank node's label does not."""
    if shape is None:
        return ""
    if not isinstance(shape, BNode):
        return str(shape)
    parents = sorted(str(s) for s in shapes.subjects(SH.property, shape) if not isinstance(s, BNode))
    return f"{parents[0] if parents else ''} {path or ''}".strip()


def _result(report: Graph, shapes: Graph, defined_in: dict[str, str] | None) -> ValidationResult:
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
    findings.sort(key=lambda f: (f.severity != "Violation", f.file, f.focus, f.path, f.message, f.value))
    return ValidationResult(report=report, findings=tuple(findings))
