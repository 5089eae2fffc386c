"""Re-validation after a change equals a full validation of the changed graph.

Each scenario changes the asserted graph of a real store (a literal that breaks a range, a
required triple removed, a second value where one is allowed, a node leaving or entering a
target, a referenced node losing its type, a seeded defect fixed, a document deleted and added
back, a resource moved to another file), reasons again from scratch, and checks that
``revalidate`` from the previous result gives the findings, counts and report (isomorphic, and
the same Turtle bytes) that ``validate_store`` gives.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from nqgraph.cli import cli
from nqgraph.graph.loader import load
from nqgraph.graph.ntriples import NTriple, to_term
from nqgraph.graph.reasoner import reason
from nqgraph.graph.revalidate import StaleValidation, dumps, loads, revalidate, with_reach
from nqgraph.graph.shacl import active
from nqgraph.graph.shacl.reach import Read, reach
from nqgraph.graph.store import OxigraphStore, to_ox
from nqgraph.graph.validation import ValidationResult, load_shapes, validate_store
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from nqgraph.paths import Inputs
from nqgraph.publish.serialize import turtle

NQ = "https://w3id.org/nqgraph/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)
Quad = tuple[str, str, str, str]


def _quads(store: OxigraphStore) -> set[Quad]:
    return {(s, p, o, g) for g in GRAPHS for s, p, o in store.nt_triples(URIRef(g))}


def _ox_quad(s: str, p: str, o: str, g: str = GRAPH_ASSERTED) -> ox.Quad:
    return ox.Quad(to_ox(to_term(s)), to_ox(to_term(p)), to_ox(to_term(o)), ox.NamedNode(g))


@dataclass
class World:
    """A reasoned store, its files, and the last validation result."""

    store: OxigraphStore
    shapes: Graph
    defined_in: dict[str, str]
    result: ValidationResult
    rng: random.Random
    removed: list[NTriple] = field(default_factory=list)

    def asserted(self) -> list[NTriple]:
        return sorted(self.store.nt_triples(URIRef(GRAPH_ASSERTED)))

    def with_predicate(self, predicate: str) -> list[NTriple]:
        return [t for t in self.asserted() if t[1] == f"<{NQ}{predicate}>"]

    def of_type(self, cls: str) -> list[str]:
        return sorted({s for s, p, o in self.store.nt_triples() if p == RDF_TYPE and o == f"<{NQ}{cls}>"})

    def pick(self, items: list[NTriple]) -> NTriple | None:
        return self.rng.choice(items) if items else None

    def pick_node(self, items: list[str]) -> str | None:
        return self.rng.choice(items) if items else None

    def change(self, *, remove: Iterable[NTriple] = (), add: Iterable[NTriple] = ()) -> None:
        for t in remove:
            self.store.native.remove(_ox_quad(*t))
        for t in add:
            self.store.native.add(_ox_quad(*t))


def _world(data: Path, seed: int, shapes: Graph | None = None) -> World:
    inputs = Inputs.default()
    loaded = load(data_dir=data, ontology_path=inputs.ontology, workers=1)
    reason(loaded.store)
    shapes = shapes if shapes is not None else load_shapes(inputs.shapes)
    result = validate_store(loaded.store, shapes, defined_in=loaded.defined_in)
    return World(loaded.store, shapes, dict(loaded.defined_in), result, random.Random(seed))


def _step(world: World, mutate: Callable[[World], None], *, precise: bool = True) -> ValidationResult:
    """Apply ``mutate``, reason again from scratch, and check re-validation against validation."""
    before = _quads(world.store)
    mutate(world)
    world.store.remove_graph(URIRef(GRAPH_INFERRED))
    reason(world.store)
    after = _quads(world.store)
    diff = before ^ after
    changed = {n for s, _, o, _ in diff for n in (s, o) if not n.startswith('"')}
    triples = {(s, p, o) for s, p, o, _ in diff}
    got = revalidate(
        world.store,
        world.shapes,
        previous=world.result,
        changed=changed,
        defined_in=world.defined_in,
        triples=triples if precise else None,
    )
    want = validate_store(world.store, world.shapes, defined_in=world.defined_in)
    assert got.findings == want.findings
    assert got.counts() == want.counts()
    assert isomorphic(got.report, want.report)
    assert turtle(got.report, prefixes=PREFIXES) == turtle(want.report, prefixes=PREFIXES)
    world.result = got
    return got


# ---------------------------------------------------------------- the changes


def break_a_range(w: World) -> None:
    """A target's value becomes a percentage over 100, or a string where a decimal is due."""
    t = w.pick(w.with_predicate("value"))
    if t:
        o = '"250.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' if w.rng.random() < 0.5 else '"99,89"'
        w.change(remove=[t], add=[(t[0], t[1], o)])


def remove_a_required_triple(w: World) -> None:
    t = w.pick(w.with_predicate(w.rng.choice(["indicator", "unit", "targetYear", "document", "sourceText"])))
    if t:
        w.change(remove=[t])


def add_a_second_value(w: World) -> None:
    t = w.pick(w.with_predicate(w.rng.choice(["unit", "indicator", "issuedOn", "comparator"])))
    others = sorted({o for _, p, o in w.asserted() if t and p == t[1] and o != t[2]})
    if t and others:
        w.change(add=[(t[0], t[1], w.rng.choice(others))])


def leave_a_target(w: World) -> None:
    """A node loses its asserted type: it leaves the shape's target."""
    cls = w.rng.choice(["Target", "Task", "Document", "Indicator", "Agency"])
    typed = [t for t in w.asserted() if t[1] == RDF_TYPE and t[2] == f"<{NQ}{cls}>"]
    t = w.pick(typed)
    if t:
        w.change(remove=[t])


def enter_a_target(w: World) -> None:
    """A node that was not a Target (a task, an agency) becomes one, with nothing a target needs."""
    node = w.pick_node(w.of_type(w.rng.choice(["Task", "Agency", "Indicator"])))
    if node:
        w.change(add=[(node, RDF_TYPE, f"<{NQ}Target>")])


def untype_a_referenced_node(w: World) -> None:
    """Every type of an indicator or agency others point to is removed: sh:class fails on them."""
    node = w.pick_node(w.of_type(w.rng.choice(["Indicator", "Agency", "Unit"])))
    if node:
        w.change(remove=[t for t in w.asserted() if t[0] == node and t[1] == RDF_TYPE])


def fix_a_defect(w: World) -> None:
    """The triple a finding names (focus, path, value) is removed, or the whole focus node."""
    findings = [f for f in w.result.findings if f.path and f.value and not f.value.startswith("_")]
    f = w.rng.choice(findings) if findings else None
    if f is None:
        return
    triples = [t for t in w.asserted() if t[0] == f"<{f.focus}>" and t[1] == f"<{f.path}>"]
    w.change(remove=triples if w.rng.random() < 0.5 else [t for t in w.asserted() if t[0] == f"<{f.focus}>"])


def delete_and_restore_a_document(w: World) -> None:
    """Every triple of one file goes; the next call brings the last deleted file back."""
    if w.removed:
        w.change(add=w.removed)
        w.removed = []
        return
    files = sorted(set(w.defined_in.values()))
    chosen = w.rng.choice(files)
    subjects = {f"<{s}>" for s, f in w.defined_in.items() if f == chosen}
    w.removed = [t for t in w.asserted() if t[0] in subjects]
    w.change(remove=w.removed)


def move_a_resource(w: World) -> None:
    """A resource is now defined in another file: only its findings' file changes."""
    with_findings = sorted({f.focus for f in w.result.findings if f.focus in w.defined_in})
    focus = w.rng.choice(with_findings or sorted(w.defined_in))
    w.defined_in[focus] = w.rng.choice(sorted(set(w.defined_in.values())))


def add_a_blank_target(w: World) -> None:
    """A blank node becomes a Target with only a unit: a focus node no query can name."""
    label = f"_:blank{w.rng.randrange(10**6)}"
    unit = w.pick(w.with_predicate("unit"))
    w.change(add=[(label, RDF_TYPE, f"<{NQ}Target>")] + ([(label, unit[1], unit[2])] if unit else []))


ORG = "http://www.w3.org/ns/org#"


def dissolve_an_agency(w: World) -> None:
    """A dated change event now ends an agency that leads tasks (or no longer ends one): the
    tasks' documents, issued later, assign work to a dissolved agency, a rule four steps away."""
    events = sorted({t[0] for t in w.with_predicate("changeDate")})
    leads = sorted({t[2] for t in w.with_predicate("leadAgency")})
    ended = [t for t in w.asserted() if t[1] == f"<{ORG}originalOrganization>" and t[0] in events]
    if ended and w.rng.random() < 0.3:
        w.change(remove=[w.rng.choice(ended)])
    elif events and leads:
        w.change(add=[(w.rng.choice(events), f"<{ORG}originalOrganization>", w.rng.choice(leads))])


CHANGES = [
    break_a_range,
    remove_a_required_triple,
    add_a_second_value,
    leave_a_target,
    enter_a_target,
    untype_a_referenced_node,
    fix_a_defect,
    delete_and_restore_a_document,
    move_a_resource,
    add_a_blank_target,
    dissolve_an_agency,
]


# ---------------------------------------------------------------- corpora


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "c10k"
    result = CliRunner().invoke(cli, ["synth", "--triples", "10000", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _corpora(synthetic: Path) -> Iterator[tuple[str, Path]]:
    yield "bundled", Inputs.default().data
    yield "synthetic", synthetic


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_each_kind_of_change_gives_the_full_validation(
    change: Callable[[World], None], synthetic: Path
) -> None:
    world = _world(synthetic, seed=1)
    for _ in range(2):
        _step(world, change)


@pytest.mark.parametrize("corpus", ["bundled", "synthetic"])
def test_a_long_run_of_random_changes_keeps_giving_the_full_validation(corpus: str, synthetic: Path) -> None:
    data = dict(_corpora(synthetic))[corpus]
    world = _world(data, seed=7)
    for _ in range(6):
        _step(world, world.rng.choice(CHANGES))


def test_changed_nodes_alone_are_enough_without_the_changed_triples(synthetic: Path) -> None:
    world = _world(synthetic, seed=11)
    for change in (
        untype_a_referenced_node,
        delete_and_restore_a_document,
        dissolve_an_agency,
        enter_a_target,
    ):
        _step(world, change, precise=False)


def test_a_change_that_breaks_nothing_keeps_the_previous_findings(synthetic: Path) -> None:
    world = _world(synthetic, seed=5)
    before = world.result.findings

    def relabel(w: World) -> None:
        t = w.with_predicate("sourceText")[0]
        w.change(remove=[t], add=[(t[0], t[1], '"Một câu khác"@vi')])

    assert _step(world, relabel).findings == before


def test_a_result_kept_as_text_and_read_with_shapes_parsed_again_revalidates_the_same(
    synthetic: Path,
) -> None:
    world = _world(synthetic, seed=3)
    _step(world, break_a_range)  # the result now carries the shapes' reach too
    text = dumps(world.result)
    # A new parse of the same files: every blank node of the shapes has another label.
    world.shapes = load_shapes(Inputs.default().shapes)
    world.result = loads(text, world.store, world.shapes, defined_in=world.defined_in)
    assert world.result.reach is not None
    for change in (untype_a_referenced_node, fix_a_defect, add_a_second_value):
        _step(world, change)
    assert dumps(world.result) == dumps(loads(dumps(world.result), world.store, world.shapes, defined_in={}))


def test_a_previous_result_of_other_shapes_is_refused(synthetic: Path) -> None:
    world = _world(synthetic, seed=2)
    other = load_shapes(Inputs.default().shapes)
    other.remove((None, URIRef("http://www.w3.org/ns/shacl#maxCount"), None))
    with pytest.raises(StaleValidation, match="other shapes"):
        revalidate(world.store, other, previous=world.result, changed=set(), defined_in=world.defined_in)
    with pytest.raises(StaleValidation, match="other shapes"):
        loads(dumps(world.result), world.store, other, defined_in=world.defined_in)


def test_a_kept_result_that_cannot_be_read_is_refused(synthetic: Path) -> None:
    world = _world(synthetic, seed=2)
    with pytest.raises(StaleValidation, match="cannot be read"):
        loads('{"version": 1}', world.store, world.shapes, defined_in={})
    with pytest.raises(StaleValidation, match="another version"):
        loads('{"version": 0}', world.store, world.shapes, defined_in={})


def test_a_pickled_result_read_with_the_shapes_parsed_again_revalidates_the_same(synthetic: Path) -> None:
    """The build keeps its last result pickled: its shapes' blank nodes are found again by content."""
    world = _world(synthetic, seed=4)
    _step(world, add_a_second_value)
    world.result = pickle.loads(pickle.dumps(world.result, protocol=pickle.HIGHEST_PROTOCOL))
    world.shapes = load_shapes(Inputs.default().shapes)
    for change in (remove_a_required_triple, untype_a_referenced_node):
        _step(world, change)


def test_a_result_given_its_reach_at_the_build_keeps_it_through_revalidation(synthetic: Path) -> None:
    world = _world(synthetic, seed=6)
    world.result = with_reach(world.result, world.shapes)
    reach = world.result.reach
    assert reach is not None and any(reads is not None for reads in reach.values())
    assert _step(world, break_a_range).reach is reach


# Shapes whose reach cannot be bounded, beside one whose can: the first three are validated again
# on the whole graph, the last only around the change.
UNBOUNDED = """
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix ex: <https://example.org/shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ex:LaterThanAnother a sh:NodeShape ; sh:targetClass nq:Document ; sh:severity sh:Warning ;
    sh:sparql [ sh:select \"\"\"SELECT $this ?value WHERE {
        $this <https://w3id.org/nqgraph/ontology#issuedOn> ?value .
        ?other <https://w3id.org/nqgraph/ontology#issuedOn> ?d2 FILTER(?d2 > ?value) }\"\"\" ] .
ex:WithTasks a sh:NodeShape ; sh:targetClass nq:Document ; sh:severity sh:Info ;
    sh:sparql [ sh:select \"\"\"SELECT $this ?value WHERE { { SELECT $this ?value WHERE {
        ?value <https://w3id.org/nqgraph/ontology#document> $this ;
            a <https://w3id.org/nqgraph/ontology#AppendixTask> } } }\"\"\" ] .
ex:DocumentLabelled a sh:NodeShape ; sh:targetClass nq:Component ;
    sh:property [ sh:path nq:document ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] .
ex:CitedIssued a sh:NodeShape ; sh:targetClass nq:Document ; sh:severity sh:Info ;
    sh:sparql [ sh:select \"\"\"SELECT $this ?value WHERE {
        $this <https://w3id.org/nqgraph/ontology#cites> ?value .
        FILTER NOT EXISTS { ?value <https://w3id.org/nqgraph/ontology#issuedOn> ?d } }\"\"\" ] .
"""


def test_shapes_whose_reach_cannot_be_bounded_are_validated_whole_and_still_equal(synthetic: Path) -> None:
    shapes = Graph().parse(data=UNBOUNDED, format="turtle")
    ex = "https://example.org/shapes#"
    reaches = {str(s): reach(shapes, s) for s in active(shapes)}
    assert reaches[ex + "LaterThanAnother"] is None  # ?other is joined to $this by a FILTER only
    assert reaches[ex + "WithTasks"] is None  # a sub-SELECT
    assert reaches[ex + "DocumentLabelled"] is None  # its results are of the documents, not the components
    cited = reaches[ex + "CitedIssued"]
    assert cited is not None
    assert Read(f"<{NQ}cites>", f"<{NQ}issuedOn>", False) in cited
    world = _world(synthetic, seed=8, shapes=shapes)
    for change in (remove_a_required_triple, delete_and_restore_a_document, leave_a_target):
        _step(world, change)
