"""Incremental reasoning: after any change of the asserted graph, the inferred graph apply_change
leaves equals the one reason() computes from scratch, and the change it reports is the difference."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from nqgraph.corpora.synth import synthesize
from nqgraph.errors import NqgraphError
from nqgraph.graph.knowledge import KnowledgeGraph, open_graph
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.reasoner import reason
from nqgraph.graph.rederive import ChangeError, ClosureChange, apply_change
from nqgraph.graph.stats import stats, stats_after
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE

DATA = Path(__file__).resolve().parents[1] / "data" / "ttl"
ASSERTED, INFERRED = URIRef(GRAPH_ASSERTED), URIRef(GRAPH_INFERRED)
SUPERSEDES = f"<{NQ}supersedes>"
TRANSITIVELY = f"<{NQ}supersedesTransitively>"


@pytest.fixture(scope="module")
def synth_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(triples=10_000, seed=3, out=tmp_path_factory.mktemp("synth") / "corpus").out


@pytest.fixture(scope="module")
def synth_kg(synth_corpus: Path) -> KnowledgeGraph:
    return open_graph(data=synth_corpus)


def copy_of(kg: KnowledgeGraph, path: Path | None = None) -> OxigraphStore:
    """A store of its own holding the reasoned dataset of ``kg`` (tests change it)."""
    assert isinstance(kg.store, OxigraphStore)
    store = OxigraphStore(path)
    store.native.extend(kg.store.native.quads_for_pattern(None, None, None, None))
    return store


def from_scratch(store: OxigraphStore) -> set[NTriple]:
    """The inferred graph reason() computes on the store's ontology and asserted graphs."""
    fresh = OxigraphStore()
    for graph in (GRAPH_ONTOLOGY, GRAPH_ASSERTED):
        fresh.native.extend(store.native.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    reason(fresh)
    return set(fresh.nt_triples(INFERRED))


def asserted(store: OxigraphStore) -> set[NTriple]:
    return set(store.nt_triples(ASSERTED))


def inferred(store: OxigraphStore) -> set[NTriple]:
    return set(store.nt_triples(INFERRED))


def change_and_check(
    store: OxigraphStore, *, added: Iterable[NTriple] = (), removed: Iterable[NTriple] = ()
) -> ClosureChange:
    """Apply the change, then check the store against reason() and the change against the store."""
    added, removed = list(added), list(removed)
    asserted_before, inferred_before = asserted(store), inferred(store)
    change = apply_change(store, added=added, removed=removed)
    asserted_after, inferred_after = asserted(store), inferred(store)
    # The change lists the triples as the store spells them (numbers in canonical form).
    assert len(change.asserted_added) == len(set(added)) and len(change.asserted_removed) == len(set(removed))
    assert set(change.asserted_added) == asserted_after - asserted_before
    assert set(change.asserted_removed) == asserted_before - asserted_after
    assert inferred_after == from_scratch(store)
    assert not asserted_after & inferred_after
    assert change.inferred_added == sorted(inferred_after - inferred_before)
    assert change.inferred_removed == sorted(inferred_before - inferred_after)
    assert {g.value for g in store.native.named_graphs()} == {GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED}
    return change


def file_triples(path: Path) -> list[NTriple]:
    return [(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(path=str(path))]


def reasoned(kg: KnowledgeGraph, data: Path, *, leaving_out: Path) -> OxigraphStore:
    """The ontology and every data file of ``data`` but one, loaded and reasoned.

    The loader's checks would refuse the data without the file (others refer to its resources),
    so the files are read directly.
    """
    store = OxigraphStore()
    store.native.load(
        path=str(kg.inputs.ontology), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_ONTOLOGY)
    )
    for path in sorted(data.rglob("*.ttl")):
        if path != leaving_out:
            store.native.load(
                path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_ASSERTED)
            )
    reason(store)
    return store


# ---------------------------------------------------------------- the bundled data


@pytest.mark.parametrize("seed", [1, 2])
def test_removing_random_asserted_triples_and_adding_them_back_matches_reason(
    kg: KnowledgeGraph, seed: int
) -> None:
    store = copy_of(kg)
    original = inferred(store)
    rng = random.Random(seed)
    removed = rng.sample(sorted(asserted(store)), 40)
    change_and_check(store, removed=removed)
    change_and_check(store, added=removed)
    assert inferred(store) == original


def test_removing_a_document_file_and_adding_it_back_matches_reason(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    original = inferred(store)
    document = file_triples(DATA / "documents" / "dien-bien-2021-10-nq-tu.ttl")
    gone = change_and_check(store, removed=document)
    # The document was in the middle of a supersession chain: its links across are gone too.
    assert (
        f"<{ID}eli/dien-bien/tu/2025/19-nq-tu>",
        TRANSITIVELY,
        f"<{ID}eli/dien-bien/tu/2012/06-nq-tu>",
    ) in gone.inferred_removed
    back = change_and_check(store, added=document)
    assert inferred(store) == original
    assert sorted(back.inferred_added) == sorted(gone.inferred_removed)


def test_adding_a_new_file_gives_the_closure_of_the_whole_data(kg: KnowledgeGraph) -> None:
    new = DATA / "documents" / "dien-bien-2025-19-nq-tu.ttl"
    store = reasoned(kg, DATA, leaving_out=new)
    change_and_check(store, added=file_triples(new))
    assert asserted(store) == asserted(copy_of(kg))
    assert inferred(store) == inferred(copy_of(kg))


def test_an_inferred_triple_that_becomes_asserted_leaves_the_inferred_graph_and_comes_back(
    kg: KnowledgeGraph,
) -> None:
    store = copy_of(kg)
    triple = sorted(inferred(store))[len(inferred(store)) // 2]
    made = change_and_check(store, added=[triple])
    assert triple in made.inferred_removed and triple in made.asserted_added
    unmade = change_and_check(store, removed=[triple])
    assert unmade.inferred_added == [triple] and unmade.inferred_removed == []


def test_an_edited_value_changes_only_its_own_neighbourhood(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    s, p, o = next(
        t for t in sorted(asserted(store)) if t[2].endswith("^^<http://www.w3.org/2001/XMLSchema#date>")
    )
    edited = (s, p, o.replace('"', '"1', 1))
    change = change_and_check(store, added=[edited], removed=[(s, p, o)])
    assert change.nodes() == {s}


def test_a_number_spelled_otherwise_than_in_the_store_is_the_stored_triple(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    decimal = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
    s, p, o = next(t for t in sorted(asserted(store)) if t[2].endswith(decimal))
    lexical = o[1 : -len(decimal) - 1]
    padded = (s, p, f'"{lexical}{"0" if "." in lexical else ".0"}"{decimal}')
    with pytest.raises(ChangeError, match="already in the asserted graph"):
        apply_change(store, added=[padded], removed=[])
    change = change_and_check(store, removed=[padded])
    assert change.asserted_removed == [(s, p, o)]


def test_an_on_disk_store_is_updated_the_same_way(kg: KnowledgeGraph, tmp_path: Path) -> None:
    store = copy_of(kg, tmp_path / "store")
    removed = random.Random(9).sample(sorted(asserted(store)), 25)
    change_and_check(store, removed=removed)
    change_and_check(store, added=removed)


def test_blank_nodes_keep_their_labels_through_a_change(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    doc = f"<{ID}eli/dien-bien/tu/2025/19-nq-tu>"
    note = [(doc, f"<{NQ}cites>", "_:cited"), ("_:cited", RDF_TYPE_NT, f"<{NQ}Document>")]
    added = change_and_check(store, added=note)
    assert ("_:cited", f"<{NQ}citedBy>", doc) in added.inferred_added
    assert "_:cited" in added.nodes()
    change_and_check(store, removed=note)


RDF_TYPE_NT = f"<{RDF_TYPE}>"


# ---------------------------------------------------------------- types from domains, ranges, classes

ISSUED_BY, CITES = f"<{NQ}issuedBy>", f"<{NQ}cites>"
DOCUMENT, AGENCY = f"<{NQ}Document>", f"<{NQ}Agency>"


def test_a_type_two_properties_give_survives_the_removal_of_one_and_goes_with_the_other(
    kg: KnowledgeGraph,
) -> None:
    store = copy_of(kg)
    new, agency, other = f"<{ID}eli/new/tu/1>", f"<{ID}agency/new/a>", f"<{ID}eli/new/tu/0>"
    issued, cited = (new, ISSUED_BY, agency), (new, CITES, other)
    change_and_check(store, added=[issued, cited])
    assert {(new, RDF_TYPE_NT, DOCUMENT), (agency, RDF_TYPE_NT, AGENCY)} <= inferred(store)
    first = change_and_check(store, removed=[issued])
    assert (new, RDF_TYPE_NT, DOCUMENT) not in first.inferred_removed
    assert (agency, RDF_TYPE_NT, AGENCY) in first.inferred_removed
    second = change_and_check(store, removed=[cited])
    assert (new, RDF_TYPE_NT, DOCUMENT) in second.inferred_removed
    # Cited, the other document is typed by the range of nq:cites; uncited, it has no type left.
    assert (other, RDF_TYPE_NT, DOCUMENT) in second.inferred_removed


def test_an_asserted_class_keeps_its_super_classes_when_a_property_giving_it_goes(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    agency, doc = f"<{ID}agency/new/b>", f"<{ID}eli/new/tu/2>"
    typed, issued = (agency, RDF_TYPE_NT, AGENCY), (doc, ISSUED_BY, agency)
    made = change_and_check(store, added=[typed, issued])
    supers = {t for t in made.inferred_added if t[0] == agency and t[1] == RDF_TYPE_NT}
    assert supers
    gone = change_and_check(store, removed=[issued])
    assert not supers & set(gone.inferred_removed)
    change_and_check(store, removed=[typed])


def test_progress_is_told_of_each_round(kg: KnowledgeGraph) -> None:
    class Recording:
        def __init__(self) -> None:
            self.notes: list[str] = []
            self.advanced = 0

        def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None: ...

        def advance(self, n: int = 1) -> None:
            self.advanced += n

        def note(self, text: str) -> None:
            self.notes.append(text)

        def done(self) -> None: ...

    store = copy_of(kg)
    progress = Recording()
    apply_change(store, added=chain(4), removed=[], progress=progress)
    assert progress.notes[0] == "overdelete, round 1" and "rederive" in progress.notes
    assert any(note.startswith("insert, round 2") for note in progress.notes)
    assert progress.advanced == len(progress.notes)


# ---------------------------------------------------------------- supersession chains


def chain(length: int, start: int = 0) -> list[NTriple]:
    """Resolutions r(k+1) supersedes r(k), for k from ``start``."""
    docs = [f"<{ID}eli/chain/tu/{k}>" for k in range(start, length + 1)]
    return [(later, SUPERSEDES, earlier) for earlier, later in itertools.pairwise(docs)]


def test_a_long_chain_with_its_middle_link_removed_and_added_back_matches_reason(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    links = chain(30)
    built = change_and_check(store, added=links)
    across = [t for t in built.inferred_added if t[1] == TRANSITIVELY]
    assert len(across) == 30 * 31 // 2
    middle = links[15]
    cut = change_and_check(store, removed=[middle])
    assert len([t for t in cut.inferred_removed if t[1] == TRANSITIVELY]) == 15 * 16
    change_and_check(store, added=[middle])
    assert {t for t in inferred(store) if t[1] == TRANSITIVELY} >= set(across)


def test_removing_every_other_link_then_restoring_them_one_by_one_matches_reason(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    links = chain(12)
    change_and_check(store, added=links)
    change_and_check(store, removed=links[::2])
    for link in links[:6:2]:
        change_and_check(store, added=[link])
    change_and_check(store, added=links[6::2])


def test_a_chain_that_closes_into_a_cycle_and_opens_again_matches_reason(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    links = chain(8)
    back = (f"<{ID}eli/chain/tu/0>", SUPERSEDES, f"<{ID}eli/chain/tu/8>")
    change_and_check(store, added=links)
    change_and_check(store, added=[back])
    change_and_check(store, removed=[links[4]])
    change_and_check(store, removed=[back], added=[links[4]])


def test_a_supersession_that_is_also_asserted_transitively_survives_the_removal_of_its_link(
    kg: KnowledgeGraph,
) -> None:
    store = copy_of(kg)
    links = chain(3)
    direct = (links[0][0], TRANSITIVELY, links[0][2])
    change_and_check(store, added=[*links, direct])
    change = change_and_check(store, removed=[links[0]])
    assert direct in asserted(store) and direct not in change.inferred_removed


def test_a_link_removed_while_what_it_gave_becomes_asserted_matches_reason(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    links = chain(5)
    change_and_check(store, added=links)
    across = (links[3][0], TRANSITIVELY, links[1][2])
    swap = change_and_check(store, removed=[links[2]], added=[across])
    assert across in swap.asserted_added and across in swap.inferred_removed
    change_and_check(store, removed=[across], added=[links[2]])


# ---------------------------------------------------------------- a synthetic corpus


def test_removing_and_adding_back_each_of_several_synthetic_documents_matches_reason(
    synth_kg: KnowledgeGraph, synth_corpus: Path
) -> None:
    store = copy_of(synth_kg)
    original = inferred(store)
    documents = sorted((synth_corpus / "documents").glob("*.ttl"))
    for path in random.Random(5).sample(documents, 3):
        triples = file_triples(path)
        change_and_check(store, removed=triples)
        change_and_check(store, added=triples)
    assert inferred(store) == original


def test_adding_a_new_synthetic_document_gives_the_closure_of_the_whole_corpus(
    synth_kg: KnowledgeGraph, synth_corpus: Path
) -> None:
    new = sorted((synth_corpus / "documents").glob("*.ttl"))[-1]
    store = reasoned(synth_kg, synth_corpus, leaving_out=new)
    change_and_check(store, added=file_triples(new))
    assert inferred(store) == inferred(copy_of(synth_kg))


def test_triples_moved_from_one_subject_to_another_match_reason(synth_kg: KnowledgeGraph) -> None:
    store = copy_of(synth_kg)
    rng = random.Random(11)
    rows = sorted(asserted(store))
    by_type: dict[str, list[str]] = {}
    for s, p, o in rows:
        if p == RDF_TYPE_NT:
            by_type.setdefault(o, []).append(s)
    types = {s: o for s, p, o in rows if p == RDF_TYPE_NT}
    moved_from = [t for t in rng.sample(rows, 60) if t[0] in types and t[1] != RDF_TYPE_NT]
    moved_to = [(rng.choice(by_type[types[s]]), p, o) for s, p, o in moved_from]
    fresh = [t for t in dict.fromkeys(moved_to) if t not in set(rows)]
    change_and_check(store, removed=moved_from, added=fresh)


def test_a_random_walk_of_changes_always_matches_reason(synth_kg: KnowledgeGraph) -> None:
    # hypothesis is not among the project's dependencies: a seeded walk stands in for it.
    store = copy_of(synth_kg)
    rng = random.Random(17)
    out: list[NTriple] = []
    for _ in range(6):
        current = sorted(asserted(store))
        removed = rng.sample(current, rng.randint(1, 50))
        back = rng.sample(out, min(len(out), rng.randint(0, 50)))
        out = [t for t in out if t not in set(back)] + removed
        change_and_check(store, removed=removed, added=back)


# ---------------------------------------------------------------- refused changes


def test_removing_a_triple_that_is_not_asserted_is_refused_before_anything_changes(
    kg: KnowledgeGraph,
) -> None:
    store = copy_of(kg)
    before = len(store)
    ghost = (f"<{ID}eli/nowhere>", SUPERSEDES, f"<{ID}eli/nothing>")
    with pytest.raises(ChangeError, match=r"not in the asserted graph.*eli/nowhere") as caught:
        apply_change(store, added=[], removed=[ghost])
    assert isinstance(caught.value, NqgraphError)
    assert len(store) == before


def test_removing_an_inferred_triple_is_refused(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    with pytest.raises(ChangeError, match="not in the asserted graph"):
        apply_change(store, added=[], removed=[sorted(inferred(store))[0]])


def test_adding_a_triple_that_is_already_asserted_is_refused(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    with pytest.raises(ChangeError, match="already in the asserted graph"):
        apply_change(store, added=[sorted(asserted(store))[0]], removed=[])


def test_a_triple_both_added_and_removed_is_refused(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    triple = sorted(asserted(store))[0]
    with pytest.raises(ChangeError, match="both added and removed"):
        apply_change(store, added=[triple], removed=[triple])


def test_a_triple_that_is_not_n_triples_is_refused_with_its_text(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    with pytest.raises(ChangeError, match="not N-Triples: <urn:a> <urn:b> oops"):
        apply_change(store, added=[("<urn:a>", "<urn:b>", "oops")], removed=[])


def test_an_empty_change_changes_nothing(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    assert apply_change(store, added=[], removed=[]) == ClosureChange([], [], [], [])
    assert inferred(store) == inferred(copy_of(kg))


def test_the_nodes_of_a_change_are_its_subjects_and_non_literal_objects() -> None:
    change = ClosureChange(
        asserted_added=[("<urn:a>", "<urn:p>", '"x"@vi')],
        asserted_removed=[("_:b", "<urn:p>", "<urn:c>")],
        inferred_added=[("<urn:d>", "<urn:p>", '"1"^^<urn:t>')],
        inferred_removed=[],
    )
    assert change.nodes() == {"<urn:a>", "_:b", "<urn:c>", "<urn:d>"}


# ---------------------------------------------------------------- counts brought up to date


def _counted_after(store: OxigraphStore, change: ClosureChange, before: dict[str, int]) -> dict[str, int]:
    return stats_after(
        before,
        store,
        asserted=(change.asserted_added, change.asserted_removed),
        inferred=(change.inferred_added, change.inferred_removed),
    )


def test_counts_brought_up_to_date_by_a_change_are_the_counts_of_the_changed_store(
    synth_kg: KnowledgeGraph, synth_corpus: Path
) -> None:
    store = copy_of(synth_kg)
    documents = sorted((synth_corpus / "documents").glob("*.ttl"))
    counts = stats(store)
    # A document removed, then added back, then a renamed copy of another added: instances of
    # several classes come and go, some typed in both graphs.
    gone = file_triples(documents[0])
    steps: list[tuple[list[NTriple], list[NTriple]]] = [([], gone), (gone, [])]
    copy = [
        tuple(t.replace("/id/eli/", "/id/eli/copy-") if t.startswith("<") else t for t in triple)
        for triple in file_triples(documents[1])
    ]
    steps.append(([(s, p, o) for s, p, o in copy], []))
    for added, removed in steps:
        change = apply_change(store, added=added, removed=removed)
        counts = _counted_after(store, change, counts)
        assert counts == stats(store)
    assert counts["Document"] > stats(copy_of(synth_kg))["Document"]  # the copy's documents are new


def test_a_retyped_resource_is_counted_in_its_new_class_only(kg: KnowledgeGraph) -> None:
    store = copy_of(kg)
    counts = stats(store)
    facts = asserted(store)
    typed = (f"<{RDF_TYPE}>", f"<{NQ}KeyTask>")
    task = next(s for s, p, o in facts if (p, o) == typed and (s, p, f"<{NQ}Solution>") not in facts)
    change = apply_change(store, added=[(task, typed[0], f"<{NQ}Solution>")], removed=[(task, *typed)])
    after = _counted_after(store, change, counts)
    assert after == stats(store)
    assert (after["KeyTask"], after["Solution"]) == (counts["KeyTask"] - 1, counts["Solution"] + 1)
    assert after["Task"] == counts["Task"]  # still a task through nq:Solution's superclass
