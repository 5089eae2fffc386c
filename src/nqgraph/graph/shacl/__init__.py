"""Validate with the SHACL shapes compiled into whole-graph SPARQL queries.

pySHACL checks each constraint focus node by focus node in Python, which is most of a build at a
hundred thousand triples and more. Here each constraint becomes one SELECT over the whole store,
answered by the store's own engine, and the solutions are turned into the report pySHACL writes:
the same focus nodes, paths, values, constraint components, severities and messages
(``tests/test_validators.py`` compares the two on the bundled data and on a synthetic corpus;
``tests/test_shacl_suite.py`` runs the W3C and DASH test suites).

The SHACL Core parameters compiled are listed in :data:`SUPPORTED`; SPARQL-based constraints and
constraint components and SHACL-AF SPARQL targets and target types are compiled too. Before any
query runs, a shapes graph using anything else (``$shapesGraph``, SHACL-AF rules, functions and
node expressions, recursive shapes …) is refused with the shape and the feature named:
``--validator pyshacl`` checks it.

Modules: :mod:`.shapes` reads the shapes and refuses what is not compiled, :mod:`.checks` compiles
the constraints, :mod:`.sparql` runs SPARQL constraints with ``$this`` pre-bound, :mod:`.report`
writes the report.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import BNode, Node

from nqgraph.graph.shacl import shapes as sh
from nqgraph.graph.shacl.checks import Focus, Runner, n3
from nqgraph.graph.shacl.report import Result, report_graph
from nqgraph.graph.shacl.shapes import SUPPORTED, Unsupported
from nqgraph.graph.shacl.sparql import prebind
from nqgraph.graph.sparql import term_n3
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.runtime.progress import NULL, Progress

__all__ = ["SUPPORTED", "Result", "Unsupported", "report_graph", "run"]


def _focus(g: Graph, shape: Node, runner: Runner) -> Focus | None:
    """The focus of ``shape``'s targets: one pattern binding ``?this``, or None without targets."""
    groups: list[str] = []
    declared: dict[str, str] = {}
    classes = sh.objects(g, shape, "targetClass") + ([shape] if sh.is_class(g, shape) else [])
    for c in classes:
        groups.append(f"{{ ?this a/{term_n3(RDFS.subClassOf)}* {term_n3(c)} }}")
    nodes = sh.objects(g, shape, "targetNode")
    if any(isinstance(n, BNode) for n in nodes):
        raise sh.unsupported(shape, "a blank node as sh:targetNode")
    if nodes:
        groups.append("{ VALUES ?this { " + " ".join(term_n3(n) for n in nodes) + " } }")
    for p in sh.objects(g, shape, "targetSubjectsOf"):
        groups.append(f"{{ ?this {term_n3(p)} [] }}")
    for p in sh.objects(g, shape, "targetObjectsOf"):
        groups.append(f"{{ [] {term_n3(p)} ?this }}")
    for target in sh.objects(g, shape, "target"):
        kind = sh.target_type(g, target)
        if kind is None:
            select = sh.one(g, target, "select")
            assert select is not None  # sh.check refused any other target
            declared.update(sh.prefixes(g, [target]))
            groups.append("{ " + str(select) + " }")
            continue
        # A SHACL-AF target type: its query with the target's parameters pre-bound.
        select = sh.one(g, kind, "select")
        assert select is not None
        declared.update(sh.prefixes(g, [kind]))
        text = str(select)
        for var, value in sh.target_parameters(g, shape, target).items():
            text = prebind(text, value, n3, var=var)
        groups.append("{ " + text + " }")
    if not groups:
        return None
    pattern = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(groups) + " } }"
    return Focus(pattern=pattern, prefixes=tuple(sorted(declared.items())))


def run(store: OxigraphStore | RdflibStore, shapes: Graph, *, progress: Progress = NULL) -> list[Result]:
    """Every validation result of ``shapes`` on the graph in ``store`` (its default graph being the
    union of its named graphs). Refuses (:class:`Unsupported`) before running any query when the
    shapes use a feature that is not compiled. ``progress`` is told of the phase, a shape at a time."""
    sh.check(shapes)
    runner = Runner(store, shapes)
    out: list[Result] = []
    active = [shape for shape in sh.top_shapes(shapes) if not sh.deactivated(shapes, shape)]
    progress.phase("validation", len(active), unit="shapes")
    for shape in active:
        focus = _focus(shapes, shape, runner)
        if focus is not None:
            out += runner.evaluate(shape, focus)
        progress.advance()
    progress.note(f"{len(out):,} results")
    progress.done()
    return out
