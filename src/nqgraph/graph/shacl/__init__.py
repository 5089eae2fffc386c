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

from collections.abc import Collection, Mapping

from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import BNode, Node

from nqgraph.graph.shacl import shapes as sh
from nqgraph.graph.shacl.checks import CHUNK, Focus, Runner
from nqgraph.graph.shacl.report import Result, report_graph
from nqgraph.graph.shacl.shapes import SUPPORTED, Unsupported
from nqgraph.graph.shacl.sparql import prebind
from nqgraph.graph.sparql import term_n3, values_of, where_brace
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.runtime.progress import NULL, Progress

__all__ = [
    "SUPPORTED",
    "Result",
    "Unsupported",
    "active",
    "report_graph",
    "run",
    "run_by_shape",
    "run_shape",
    "targeted",
]


def _groups(g: Graph, shape: Node) -> tuple[list[str], dict[str, str]]:
    """The graph patterns, one per target of ``shape``, each binding ``?this`` to its focus nodes,
    and the prefixes the SPARQL targets declare."""
    groups: list[str] = []
    declared: dict[str, str] = {}
    classes = sh.objects(g, shape, "targetClass") + ([shape] if sh.is_class(g, shape) else [])
    for c in classes:
        groups.append(f"{{ ?this a/{term_n3(RDFS.subClassOf)}* {term_n3(c)} }}")
    nodes = sh.objects(g, shape, "targetNode")
    if any(isinstance(n, BNode) for n in nodes):
        raise sh.unsupported(shape, "a blank node as sh:targetNode")
    if nodes:
        groups.append("{ " + values_of("this", nodes) + " }")
    for p in sh.objects(g, shape, "targetSubjectsOf"):
        groups.append(f"{{ ?this {term_n3(p)} [] }}")
    for p in sh.objects(g, shape, "targetObjectsOf"):
        groups.append(f"{{ [] {term_n3(p)} ?this }}")
    for target in sh.objects(g, shape, "target"):
        text, prefixes = target_query(g, shape, target)
        declared.update(prefixes)
        groups.append("{ " + text + " }")
    return groups, declared


def target_query(g: Graph, shape: Node, target: Node) -> tuple[str, dict[str, str]]:
    """The SELECT of a SPARQL target of ``shape`` (a SHACL-AF target type's with the target's
    parameters pre-bound), and the prefixes it declares."""
    kind = sh.target_type(g, target)
    if kind is None:
        select = sh.one(g, target, "select")
        assert select is not None  # sh.check refused any other target
        return str(select), sh.prefixes(g, [target])
    select = sh.one(g, kind, "select")
    assert select is not None
    text = str(select)
    for var, value in sh.target_parameters(g, shape, target).items():
        text = prebind(text, value, term_n3, var=var)
    return text, sh.prefixes(g, [kind])


def _focus(g: Graph, shape: Node, runner: Runner) -> Focus | None:
    """The focus of ``shape``'s targets: one pattern binding ``?this``, or None without targets."""
    groups, declared = _groups(g, shape)
    if not groups:
        return None
    pattern = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(groups) + " } }"
    return Focus(pattern=pattern, prefixes=tuple(sorted(declared.items())))


def targeted(runner: Runner, shape: Node, nodes: Collection[Node]) -> list[Node]:
    """Those of ``nodes`` that are focus nodes of ``shape``'s targets, in a fixed order. Each
    target's pattern is asked with the nodes bound first (a VALUES block opening the pattern,
    inside a SPARQL target's own WHERE group), so that the store looks at these nodes only."""
    groups, declared = _groups(runner.g, shape)
    if not groups or not nodes:
        return []
    prologue = sh.prologue(declared)
    found: set[Node] = set()
    plain = sorted((n for n in nodes if not isinstance(n, BNode)), key=sh.order)
    blank = sorted((n for n in nodes if isinstance(n, BNode)), key=sh.order)
    for group in groups:
        inner = group[1:-1].strip()
        for start in range(0, len(plain), CHUNK):
            values = values_of("this", plain[start : start + CHUNK])
            if inner.upper().startswith("SELECT"):
                at = where_brace(inner) + 1
                text = f"SELECT DISTINCT ?this WHERE {{ {{ {inner[:at]} {values} {inner[at:]} }} }}"
            else:
                text = f"SELECT DISTINCT ?this WHERE {{ {values} {inner} }}"
            found.update(this for r in runner.rows(prologue + text) if (this := r.get("this")) is not None)
        for node in blank:
            rows = runner.rows(prologue + f"SELECT DISTINCT ?this WHERE {{ {inner} }}", this=node)
            found.update(this for r in rows if (this := r.get("this")) is not None)
    return sorted(found, key=sh.order)


def active(shapes: Graph) -> list[Node]:
    """The shapes validation starts from: every top shape not deactivated, in a fixed order."""
    return [shape for shape in sh.top_shapes(shapes) if not sh.deactivated(shapes, shape)]


def run_shape(runner: Runner, shape: Node, *, among: Collection[Node] | None = None) -> list[Result]:
    """Every result of the top shape ``shape``: on all its focus nodes, or, given ``among``, on
    those of its focus nodes that are in ``among``."""
    if among is None:
        focus = _focus(runner.g, shape, runner)
        return runner.evaluate(shape, focus) if focus is not None else []
    nodes = targeted(runner, shape, among)
    if any(isinstance(n, BNode) for n in nodes):
        # A blank node cannot be written into the queries of nested shapes: all the shape's focus
        # nodes are checked, and the results of those asked for kept.
        wanted = set(nodes)
        return [r for r in run_shape(runner, shape) if r.focus in wanted]
    return runner.evaluate(shape, Focus(nodes=tuple(nodes))) if nodes else []


def run_by_shape(
    store: OxigraphStore | RdflibStore,
    shapes: Graph,
    *,
    among: Mapping[Node, Collection[Node] | None] | None = None,
    checked: bool = False,
    progress: Progress = NULL,
) -> dict[Node, list[Result]]:
    """The results of each active top shape, in the order of :func:`active`. Given ``among``,
    only the shapes it names are run, each on its focus nodes among the nodes given (all of
    them for None). Refuses (:class:`Unsupported`) what is not compiled before any query runs,
    unless ``checked`` says that these shapes were checked already."""
    if not checked:
        sh.check(shapes)
    runner = Runner(store, shapes)
    todo = [s for s in active(shapes) if among is None or s in among]
    out: dict[Node, list[Result]] = {}
    progress.phase("validation", len(todo), unit="shapes")
    for shape in todo:
        out[shape] = run_shape(runner, shape, among=None if among is None else among[shape])
        progress.advance()
    progress.note(f"{sum(len(r) for r in out.values()):,} results")
    progress.done()
    return out


def run(store: OxigraphStore | RdflibStore, shapes: Graph, *, progress: Progress = NULL) -> list[Result]:
    """Every validation result of ``shapes`` on the graph in ``store`` (its default graph being the
    union of its named graphs). Refuses (:class:`Unsupported`) before running any query when the
    shapes use a feature that is not compiled. ``progress`` is told of the phase, a shape at a time."""
    return [r for results in run_by_shape(store, shapes, progress=progress).values() for r in results]
