"""The W3C SHACL test suite and pySHACL's DASH test cases, run from their manifests through
``nqgraph.validate`` with the compiled SPARQL validator.

The suites are other people's files, not committed: they are read from the mirror named by
``NQGRAPH_MIRROR`` (``conformance/``, see docs/reference-data.md). A case is in scope when its
shapes use only what the compiled validator supports; it must then give the expected report. A
case out of scope must be refused, before anything runs, naming the shape and the feature: every
such case is listed in ``OUT_OF_SCOPE`` with its reason, and the test fails when the refusals
differ from the list. The counts are printed and asserted by the last test.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

import nqgraph
from conftest import ROOT
from nqgraph.errors import DataError
from nqgraph.graph.shacl import Unsupported

# Some cases are about ill-typed literals, of which rdflib warns.
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean")

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
DASH = "http://datashapes.org/dash#"
SH = "http://www.w3.org/ns/shacl#"
W3C = "data-shapes-test-suite/tests"
DASH_DIR = "pyshacl/test/resources/dash_tests"


def mirror() -> Path:
    """The conformance folder of the mirror; missing, the suite fails in CI and is skipped elsewhere."""
    root = os.environ.get("NQGRAPH_MIRROR")
    folder = Path(root) / "conformance" if root else None
    if folder is None or not (folder / W3C / "manifest.ttl").is_file():
        message = f"the SHACL test suites are not in {folder or 'NQGRAPH_MIRROR (unset)'}/{W3C}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return folder


@dataclass(frozen=True)
class Case:
    suite: str  # "w3c" or "dash"
    name: str  # the file's path inside the suite, and the entry's name for W3C
    manifest: Path
    entry: Node
    data: Path
    shapes: Path
    result: Node  # the expected report, or sht:Failure


@cache
def parse(path: Path) -> Graph:
    """A suite file as written: rdflib would otherwise rewrite literals ("1"^^xsd:boolean as
    "true"), which some cases are about."""
    g = Graph()
    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdflib warns of the ill-typed literals some cases are about
            g.parse(path, format="turtle", publicID=path.as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return g


def w3c_cases(root: Path) -> Iterator[Case]:
    todo = [root / W3C / "manifest.ttl"]
    while todo:
        manifest = todo.pop(0)
        g = parse(manifest)
        for include in sorted(str(i) for i in g.objects(None, URIRef(MF + "include"))):
            todo.append(Path(include.removeprefix("file://")))
        for head in g.objects(None, URIRef(MF + "entries")):
            for entry in Collection(g, head):
                action = g.value(entry, URIRef(MF + "action"))
                result = g.value(entry, URIRef(MF + "result"))
                assert action is not None and result is not None
                data, shapes = (g.value(action, URIRef(SHT + k)) for k in ("dataGraph", "shapesGraph"))
                rel = manifest.relative_to(root / W3C).with_suffix("")
                yield Case(
                    "w3c",
                    f"{rel.parent}/{str(entry).rsplit('/', 1)[-1]}",
                    manifest,
                    entry,
                    Path(str(data).removeprefix("file://")),
                    Path(str(shapes).removeprefix("file://")),
                    result,
                )


def dash_cases(root: Path) -> Iterator[Case]:
    for path in sorted((root / DASH_DIR).rglob("*.test.ttl")):
        g = parse(path)
        for case in g.subjects(RDF.type, URIRef(DASH + "GraphValidationTestCase")):
            result = g.value(case, URIRef(DASH + "expectedResult"))
            assert result is not None
            yield Case("dash", str(path.relative_to(root / DASH_DIR)), path, case, path, path, result)


def shapes_graph(case: Case) -> Graph:
    g = Graph()
    for t in parse(case.shapes):
        g.add(t)
    if case.suite == "dash":
        # The DASH files import the DASH ontology (not in the suite), which declares the usual
        # prefixes, and rely on their own Turtle prefixes in sh:select, as pySHACL resolves them:
        # both are given to SHACL as sh:declare of the ontology that sh:prefixes names.
        for holder in set(g.objects(None, URIRef(SH + "prefixes"))):
            for prefix, ns in parse(case.shapes).namespaces():
                if prefix:
                    decl = BNode()
                    g.add((holder, URIRef(SH + "declare"), decl))
                    g.add((decl, URIRef(SH + "prefix"), Literal(prefix)))
                    g.add((decl, URIRef(SH + "namespace"), Literal(str(ns))))
    return g


# ---------------------------------------------------------------- comparing reports


def describe(g: Graph, node: Node, depth: int = 0) -> object:
    """A term, or for a blank node the description of it that its triples give (a few levels)."""
    if not isinstance(node, BNode):
        return node
    if depth > 4:
        return "_"
    return frozenset((p, describe(g, o, depth + 1)) for p, o in g.predicate_objects(node))


_IGNORED = {URIRef(SH + "resultMessage"), RDF.type, URIRef(SH + "detail")}


def same(want: frozenset[tuple[Node, object]], got: frozenset[tuple[Node, object]]) -> bool:
    """Whether a result matches an expected one; an expected blank node with no description (DASH
    writes ``sh:sourceShape []`` for an anonymous shape) stands for any blank node."""
    if len(want) != len(got):
        return False
    found = dict(got)
    return all(
        p in found and (w == found[p] or (w == frozenset() and isinstance(found[p], frozenset)))
        for p, w in want
    )


def matched(
    want: Counter[frozenset[tuple[Node, object]]], got: Counter[frozenset[tuple[Node, object]]]
) -> bool:
    rest = list(got.elements())
    for w in want.elements():
        hit = next((i for i, g in enumerate(rest) if same(w, g)), None)
        if hit is None:
            return False
        rest.pop(hit)
    return not rest


def results(report: Graph, context: Graph) -> Counter[frozenset[tuple[Node, object]]]:
    """The results of a report, each as its predicates and described values (messages ignored)."""
    g = report + context
    out: Counter[frozenset[tuple[Node, object]]] = Counter()
    for r in report.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        # A result path is described by the report alone: the shape's own path node may carry more.
        out[
            frozenset(
                (p, describe(report if p == URIRef(SH + "resultPath") else g, o))
                for p, o in report.predicate_objects(r)
                if p not in _IGNORED
            )
        ] += 1
    return out


def show(result: frozenset[tuple[Node, object]]) -> str:
    """A result, shortly, for a failure message."""

    def short(x: object) -> str:
        if isinstance(x, frozenset):
            return "[" + " ".join(sorted(f"{short(p)}={short(o)}" for p, o in x)) + "]"
        if isinstance(x, Literal):
            return x.n3()
        return str(x).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    return short(result)


def expected(case: Case) -> tuple[bool, Counter[frozenset[tuple[Node, object]]]]:
    g = parse(case.manifest)
    conforms = g.value(case.result, URIRef(SH + "conforms"))
    report = Graph()
    todo = [case.result]
    while todo:
        node = todo.pop()
        for p, o in g.predicate_objects(node):
            report.add((node, p, o))
            if isinstance(o, BNode) and p != URIRef(SH + "sourceShape"):
                todo.append(o)
    for r in g.objects(case.result, URIRef(SH + "result")):
        report.add((r, RDF.type, URIRef(SH + "ValidationResult")))
    context = parse(case.manifest) + parse(case.data) + parse(case.shapes)
    return isinstance(conforms, Literal) and conforms.toPython() is True, results(report, context)


# ---------------------------------------------------------------- running a case

# Each case out of scope, with the feature that puts it there; the compiled validator must refuse
# it with that feature named.
OUT_OF_SCOPE: dict[str, str] = {
    "w3c sparql/pre-binding/shapesGraph-001": "the pre-bound variables $shapesGraph and $currentShape",
    "dash expression/booleans-001.test.ttl": "SHACL-AF node expressions (sh:expression)",
    "dash function/callSPARQLFunction.test.ttl": "SHACL-AF SPARQL functions (sh:SPARQLFunction)",
}
# The DASH files that hold no validation case (SHACL-AF rules, functions and queries) are not run:
# pySHACL checks them with its rule engine and query runner, which nqgraph has no counterpart of.


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: str  # "pass", "fail", "refused"
    detail: str = ""


def run_case(case: Case) -> Outcome:
    data = parse(case.data)
    shapes = shapes_graph(case)
    failure = case.result == URIRef(SHT + "Failure")
    try:
        conforms, report, _text = nqgraph.validate(data, shapes=shapes)
    except Unsupported as exc:
        return Outcome(case, "refused", str(exc))
    except DataError as exc:
        return Outcome(case, "pass" if failure else "fail", f"error: {exc}")
    if failure:
        return Outcome(case, "fail", "expected a failure, got a report")
    want_conforms, want = expected(case)
    got = results(report, data + shapes)
    if conforms != want_conforms or not matched(want, got):
        missing = [show(r) for r in (want - got).elements()]
        extra = [show(r) for r in (got - want).elements()]
        return Outcome(
            case, "fail", f"conforms {conforms} (want {want_conforms}); missing {missing}; extra {extra}"
        )
    return Outcome(case, "pass")


@cache
def outcomes() -> tuple[Outcome, ...]:
    root = mirror()
    return tuple(run_case(c) for c in [*w3c_cases(root), *dash_cases(root)])


def test_every_in_scope_case_gives_the_expected_report() -> None:
    failed = [f"{o.case.suite} {o.case.name}: {o.detail}" for o in outcomes() if o.status == "fail"]
    assert failed == []


def test_every_out_of_scope_case_is_refused_naming_shape_and_feature() -> None:
    refused = {f"{o.case.suite} {o.case.name}": o.detail for o in outcomes() if o.status == "refused"}
    for key, message in refused.items():
        assert "shape " in message and "--validator pyshacl" in message, key
    assert sorted(refused) == sorted(OUT_OF_SCOPE), "\n".join(f"{k}: {v}" for k, v in sorted(refused.items()))


def test_the_pass_counts_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counter((o.case.suite, o.status) for o in outcomes())
    with capsys.disabled():
        for suite in ("w3c", "dash"):
            scope = counts[suite, "pass"] + counts[suite, "fail"]
            print(
                f"\nSHACL {suite}: {counts[suite, 'pass']} of {scope} in-scope cases pass; "
                f"{counts[suite, 'refused']} out of scope, refused"
            )
            for o in outcomes():
                if o.case.suite == suite and o.status == "refused":
                    reason = OUT_OF_SCOPE.get(f"{suite} {o.case.name}", o.detail)
                    print(f"  out of scope: {o.case.name}: {reason}")
    assert counts["w3c", "fail"] == 0 and counts["dash", "fail"] == 0


def test_the_readme_states_the_counts_the_run_gives() -> None:
    counts = Counter((o.case.suite, o.status) for o in outcomes())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    w3c, dash = (counts[s, "pass"] + counts[s, "fail"] for s in ("w3c", "dash"))
    assert f"passes all {w3c} cases in that scope ({counts['w3c', 'refused']} refused)" in readme
    assert f"all {dash} of pySHACL's DASH cases in scope ({counts['dash', 'refused']} refused)" in readme
