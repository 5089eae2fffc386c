"""Dumps updated after a change are the bytes of dumps written whole, and so is the description's tally."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from nqgraph.corpora.synth import synthesize
from nqgraph.graph.knowledge import open_graph
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.rederive import apply_change
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE
from nqgraph.paths import Inputs
from nqgraph.publish.describe import describe, facts
from nqgraph.publish.dumps import GRAPHS, TRIG, TURTLE, Change, changes_of, update_dumps, write_dumps
from nqgraph.publish.tally import Tally, TallyError

DATA_GRAPHS = (GRAPH_ASSERTED, GRAPH_INFERRED)


def _nquads(inputs: Inputs) -> bytes:
    kg = open_graph(inputs=inputs)
    return kg.loaded.store.native.dump(format=ox.RdfFormat.N_QUADS) or b""


@pytest.fixture(scope="module")
def bundled() -> bytes:
    return _nquads(Inputs.default())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("c10k")
    synthesize(triples=10_000, seed=3, out=folder)
    return _nquads(Inputs.default(data=folder))


def _store(nquads: bytes) -> OxigraphStore:
    store = OxigraphStore()
    store.native.load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def _graphs(store: OxigraphStore) -> list[tuple[str, list[NTriple]]]:
    return [(g, store.nt_triples(URIRef(g))) for g in GRAPHS]


def _quad(t: NTriple, graph: str) -> ox.Quad:
    triple = next(iter(ox.parse(" ".join(t) + " .\n", format=ox.RdfFormat.N_TRIPLES)))
    return ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))


class _Editor:
    """Changes a store and records them as the change lists the incremental build hands over."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store = store
        self.graphs = dict(_graphs(store))
        self.held = {g: set(ts) for g, ts in self.graphs.items()}
        self.added: dict[str, set[NTriple]] = {g: set() for g in GRAPHS}
        self.removed: dict[str, set[NTriple]] = {g: set() for g in GRAPHS}

    def add(self, t: NTriple, graph: str) -> None:
        if t in self.held[graph]:
            return
        self.held[graph].add(t)
        if t in self.removed[graph]:
            self.removed[graph].discard(t)
        else:
            self.added[graph].add(t)
        self.store.native.add(_quad(t, graph))

    def remove(self, t: NTriple, graph: str) -> None:
        if t not in self.held[graph]:
            return
        self.held[graph].discard(t)
        if t in self.added[graph]:
            self.added[graph].discard(t)
        else:
            self.removed[graph].add(t)
        self.store.native.remove(_quad(t, graph))

    def of(self, subject: str, graph: str) -> list[NTriple]:
        return sorted(t for t in self.held[graph] if t[0] == subject)

    def changes(self) -> dict[str, Change]:
        return {g: Change(added=sorted(self.added[g]), removed=sorted(self.removed[g])) for g in GRAPHS}


def _random_edit(editor: _Editor, rng: random.Random, step: int) -> None:
    """A few edits of each kind: subjects added, removed, edited, moved between graphs, emptied."""
    subjects = sorted({t[0] for g in DATA_GRAPHS for t in editor.held[g] if t[0].startswith("<" + ID)})
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["add", "remove", "edit", "move", "last", "type"])
        s = rng.choice(subjects)
        graph = rng.choice(DATA_GRAPHS)
        if kind == "add":
            # Some new subjects sort before or after every other one: the first and last blocks.
            place = rng.choice([f"{ID}test/new", "aaa:first", "zzz:last"])
            new = f"<{place}-{step}-{rng.randint(0, 10**6)}>"
            editor.add((new, f"<{RDF_TYPE}>", f"<{NQ}Target>"), graph)
            editor.add(
                (
                    new,
                    f"<{NQ}targetYear>",
                    f'"20{rng.randint(20, 40)}"^^<http://www.w3.org/2001/XMLSchema#gYear>',
                ),
                graph,
            )
            editor.add((new, f"<{NQ}label>", '"mới \\"một\\""@vi'), graph)
        elif kind == "remove":
            for g in DATA_GRAPHS:
                for t in editor.of(s, g):
                    editor.remove(t, g)
        elif kind == "edit":
            held = editor.of(s, graph)
            if held:
                editor.remove(rng.choice(held), graph)
            editor.add((s, f"<{NQ}note>", f'"edited {step}"'), graph)
            editor.add(
                (
                    s,
                    "<http://www.w3.org/2004/02/skos/core#exactMatch>",
                    "<http://www.wikidata.org/entity/Q881>",
                ),
                graph,
            )
        elif kind == "move":
            other = GRAPH_INFERRED if graph == GRAPH_ASSERTED else GRAPH_ASSERTED
            for t in editor.of(s, graph):
                editor.remove(t, graph)
                editor.add(t, other)
        elif kind == "last":
            for t in editor.of(s, graph):
                editor.remove(t, graph)
        else:
            editor.add((s, f"<{RDF_TYPE}>", f"<{NQ}Province>"), GRAPH_INFERRED)
            editor.add((s, f"<{NQ}issuedOn>", '"1999-01-02"^^<http://www.w3.org/2001/XMLSchema#date>'), graph)


def _clean(store: OxigraphStore, folder: Path) -> Tally:
    folder.mkdir()
    return write_dumps(_graphs(store), folder)


def _copy(previous: Path, folder: Path) -> None:
    """The new output starts as hard links to the previous one, as in the incremental build."""
    folder.mkdir()
    for name in (TRIG, TURTLE):
        os.link(previous / name, folder / name)


def _same(a: Path, b: Path) -> None:
    for name in (TRIG, TURTLE):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _rounds(nquads: bytes, tmp_path: Path, seed: int, rounds: int) -> Iterator[tuple[Path, Path]]:
    """Seeded changes one after another, each dumped incrementally from the last and whole."""
    rng = random.Random(seed)
    store = _store(nquads)
    previous = tmp_path / "out-0"
    tally = _clean(store, previous)
    for step in range(1, rounds + 1):
        before = {name: (previous / name).read_bytes() for name in (TRIG, TURTLE)}
        editor = _Editor(store)
        _random_edit(editor, rng, step)
        folder = tmp_path / f"out-{step}"
        _copy(previous, folder)
        updated = update_dumps(folder=folder, store=store, changes=editor.changes(), tally=tally)
        clean_tally = _clean(store, tmp_path / f"clean-{step}")
        assert updated.tally == clean_tally
        assert updated.tally.facts() == facts(dict(_graphs(store)))
        assert not updated.whole
        for name, data in before.items():
            assert (previous / name).read_bytes() == data  # the previous output kept its bytes
        yield folder, tmp_path / f"clean-{step}"
        previous, tally = folder, updated.tally


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dumps_updated_after_random_changes_are_the_clean_bytes_on_the_bundled_data(
    bundled: bytes, tmp_path: Path, seed: int
) -> None:
    for incremental, clean in _rounds(bundled, tmp_path, seed, rounds=6):
        _same(incremental, clean)


def test_dumps_updated_after_random_changes_are_the_clean_bytes_on_a_synthetic_corpus(
    corpus: bytes, tmp_path: Path
) -> None:
    for incremental, clean in _rounds(corpus, tmp_path, 11, rounds=8):
        _same(incremental, clean)


def test_a_graph_emptied_and_filled_again_gives_the_clean_bytes(bundled: bytes, tmp_path: Path) -> None:
    store = _store(bundled)
    tally = _clean(store, tmp_path / "a")
    editor = _Editor(store)
    for t in sorted(editor.held[GRAPH_INFERRED]):
        editor.remove(t, GRAPH_INFERRED)
    _copy(tmp_path / "a", tmp_path / "b")
    updated = update_dumps(folder=tmp_path / "b", store=store, changes=editor.changes(), tally=tally)
    assert updated.tally == _clean(store, tmp_path / "clean-b")
    _same(tmp_path / "b", tmp_path / "clean-b")
    assert "<https://w3id.org/nqgraph/graph/inferred> {\n}\n" in (tmp_path / "b" / TRIG).read_text("utf-8")
    editor = _Editor(store)
    editor.add((f"<{ID}only>", f"<{RDF_TYPE}>", f"<{NQ}Target>"), GRAPH_INFERRED)
    _copy(tmp_path / "b", tmp_path / "c")
    updated = update_dumps(folder=tmp_path / "c", store=store, changes=editor.changes(), tally=updated.tally)
    assert updated.tally == _clean(store, tmp_path / "clean-c")
    _same(tmp_path / "c", tmp_path / "clean-c")


def test_a_change_touching_a_blank_node_rewrites_the_dumps_whole_with_the_same_bytes(
    bundled: bytes, tmp_path: Path
) -> None:
    store = _store(bundled)
    tally = _clean(store, tmp_path / "a")
    editor = _Editor(store)
    subject = sorted(t[0] for t in editor.held[GRAPH_ASSERTED])[0]
    store.native.add(
        ox.Quad(
            ox.NamedNode(subject[1:-1]),
            ox.NamedNode(NQ + "part"),
            ox.BlankNode("x1"),
            ox.NamedNode(GRAPH_ASSERTED),
        )
    )
    store.native.add(
        ox.Quad(
            ox.BlankNode("x1"), ox.NamedNode(NQ + "label"), ox.Literal("part"), ox.NamedNode(GRAPH_ASSERTED)
        )
    )
    added = [t for t in store.nt_triples(URIRef(GRAPH_ASSERTED)) if "_:" in t[0] + t[2]]
    _copy(tmp_path / "a", tmp_path / "b")
    updated = update_dumps(
        folder=tmp_path / "b", store=store, changes={GRAPH_ASSERTED: Change(added=added)}, tally=tally
    )
    assert updated.whole
    assert updated.tally == _clean(store, tmp_path / "clean")
    _same(tmp_path / "b", tmp_path / "clean")


def test_a_previous_dump_not_written_by_this_writer_is_replaced_whole(bundled: bytes, tmp_path: Path) -> None:
    store = _store(bundled)
    tally = _clean(store, tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / TRIG).write_text("@prefix x: <http://example.org/> .\n", encoding="utf-8")
    (tmp_path / "b" / TURTLE).write_bytes((tmp_path / "a" / TURTLE).read_bytes())
    editor = _Editor(store)
    editor.add((f"<{ID}only>", f"<{RDF_TYPE}>", f"<{NQ}Target>"), GRAPH_ASSERTED)
    updated = update_dumps(folder=tmp_path / "b", store=store, changes=editor.changes(), tally=tally)
    assert updated.whole
    _clean(store, tmp_path / "clean")
    _same(tmp_path / "b", tmp_path / "clean")


def test_a_change_to_nothing_copies_the_dumps(bundled: bytes, tmp_path: Path) -> None:
    store = _store(bundled)
    tally = _clean(store, tmp_path / "a")
    _copy(tmp_path / "a", tmp_path / "b")
    updated = update_dumps(folder=tmp_path / "b", store=store, changes={}, tally=tally)
    assert updated.tally == tally
    assert updated.subjects == 0
    _same(tmp_path / "a", tmp_path / "b")


def test_a_kept_tally_reads_back_equal_and_a_corrupt_one_is_refused(bundled: bytes) -> None:
    store = _store(bundled)
    tally = Tally.count(dict(_graphs(store)))
    assert Tally.from_bytes(tally.to_bytes()) == tally
    assert Tally.from_bytes(tally.to_bytes()).to_bytes() == tally.to_bytes()
    for bad in (b"", b"{}", b'{"format": "nqgraph-tally/0"}', tally.to_bytes()[:-9], b"\xff"):
        with pytest.raises(TallyError):
            Tally.from_bytes(bad)
    assert GRAPH_ONTOLOGY in tally.graphs


def _naive_tally(graphs: dict[str, list[NTriple]]) -> Tally:
    """The tally counted the plain way: over the set of all triples, one by one."""
    merged = set().union(*map(set, graphs.values()))
    tally = Tally(graphs={g: len(set(ts)) for g, ts in graphs.items()}, total=len(merged))
    tally.entities = len({s for s, _, _ in merged if s.startswith("<" + ID)})
    for t in merged:
        tally.properties[t[1][1:-1]] += 1
        tally._described(t, 1)
    return tally


def test_a_triple_repeated_in_a_graph_or_held_by_several_graphs_is_counted_once(bundled: bytes) -> None:
    graphs = {g: ts for g, ts in _graphs(_store(bundled))}
    asserted = graphs[GRAPH_ASSERTED]
    typed = next(t for t in asserted if t[1] == f"<{RDF_TYPE}>" and t[0].startswith("<" + ID))
    graphs[GRAPH_ASSERTED] = asserted + asserted[:50]  # repeated in its graph
    graphs[GRAPH_INFERRED] = [*graphs[GRAPH_INFERRED], typed, *asserted[100:120]]  # held by two graphs
    graphs[GRAPH_ONTOLOGY] = [*graphs[GRAPH_ONTOLOGY], typed]  # and by three
    assert Tally.count(graphs) == _naive_tally(graphs)
    assert facts(graphs) == _naive_tally(graphs).facts()


def test_dumps_updated_after_a_document_is_removed_and_added_back_through_the_reasoner(
    corpus: bytes, tmp_path: Path
) -> None:
    store = _store(corpus)
    tally = _clean(store, tmp_path / "out-0")
    triples = sorted(t for t in store.nt_triples(URIRef(GRAPH_ASSERTED)) if "/eli/" in t[0])[:300]
    previous = tmp_path / "out-0"
    for step, (added, removed) in enumerate([([], triples), (triples, [])], start=1):
        change = apply_change(store, added=added, removed=removed)
        assert change.asserted_added or change.asserted_removed
        folder = tmp_path / f"out-{step}"
        _copy(previous, folder)
        updated = update_dumps(folder=folder, store=store, changes=changes_of(change), tally=tally)
        clean = tmp_path / f"clean-{step}"
        clean_tally = _clean(store, clean)
        assert updated.tally == clean_tally
        _same(folder, clean)
        # The description written from the kept tally is the clean build's, byte for byte, and
        # the previous output's description (a hard link in the new folder) keeps its bytes.
        day = dt.date(2026, 11, 23)
        if step == 1:
            describe(counts={}, out_dir=previous, build_day=day, facts_of_graphs=tally.facts())
        for name in ("void.ttl", "dcat.ttl"):
            os.link(previous / name, folder / name)
        kept = {name: (previous / name).read_bytes() for name in ("void.ttl", "dcat.ttl")}
        describe(counts={}, out_dir=folder, build_day=day, facts_of_graphs=updated.tally.facts())
        describe(counts={}, out_dir=clean, build_day=day, facts_of_graphs=clean_tally.facts())
        for name in ("void.ttl", "dcat.ttl"):
            assert (folder / name).read_bytes() == (clean / name).read_bytes()
            assert (previous / name).read_bytes() == kept[name]
        previous, tally = folder, updated.tally
    _same(previous, tmp_path / "out-0")
