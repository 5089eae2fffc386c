"""Validate the reasoned graph against the SHACL shapes with pySHACL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.term import Node

from .errors import DataError
from .store import OxigraphStore, RdflibStore

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


def validate(graph: Graph, shapes: Graph, *, defined_in: dict[str, str] | None = None) -> ValidationResult:
    """Run pySHACL (no extra inference: the graph is already reasoned)."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report, Graph):
        raise DataError(f"the SHACL shapes cannot be applied: {_text.strip()}")
    files = defined_in or {}
    findings = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        findings.append(
            Finding(
                severity=_local(report.value(result, SH.resultSeverity)),
                focus=str(focus),
                path=str(report.value(result, SH.resultPath) or ""),
                message=str(report.value(result, SH.resultMessage) or ""),
                component=_local(report.value(result, SH.sourceConstraintComponent)),
                shape=str(report.value(result, SH.sourceShape) or ""),
                value=str(report.value(result, SH.value) or ""),
                file=files.get(str(focus), ""),
            )
        )
    findings.sort(key=lambda f: (f.severity != "Violation", f.file, f.focus, f.path, f.message, f.value))
    return ValidationResult(report=report, findings=tuple(findings))
