"""The table of what each page read, as a build keeps it: the same answers as the pages' own reads."""

from __future__ import annotations

import pickle
import random
from array import array

import pytest

from nqgraph.publish.site.reads_table import ReadsTable
from nqgraph.publish.site.store_index import PageReads, property_key

NODES = [f"<https://w3id.org/nqgraph/id/n{i}>" for i in range(60)] + ['"a literal"', "_:b1"]
PROPERTIES = ["<urn:p>", "<urn:label>"]
# One property of a node read, as a page that shows only a node's label records it.
SINGLE = [property_key(n, p) for n in NODES[:30] for p in PROPERTIES]


def random_reads(rng: random.Random, pages: int) -> dict[str, PageReads]:
    return {
        f"https://w3id.org/nqgraph/id/p{k}": PageReads(
            subjects=frozenset(rng.sample(NODES, rng.randint(0, 8)) + rng.sample(SINGLE, rng.randint(0, 4))),
            objects=frozenset(rng.sample(NODES, rng.randint(0, 5))),
            everything=rng.random() < 0.05,
        )
        for k in range(pages)
    }


def random_triples(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    return [(rng.choice(NODES), rng.choice(PROPERTIES), rng.choice(NODES)) for _ in range(n)]


def test_a_page_that_read_one_property_of_a_node_is_touched_by_that_property_only() -> None:
    node = NODES[0]
    reads = {"page": PageReads(subjects=frozenset({property_key(node, "<urn:label>")}), objects=frozenset())}
    table = ReadsTable.of(reads)
    assert table.touched([(node, "<urn:label>", '"new name"')]) == {"page"}
    assert table.touched([(node, "<urn:p>", NODES[1])]) == set()
    assert reads["page"].nodes == {node}


@pytest.mark.parametrize("seed", range(5))
def test_the_pages_a_change_touches_are_those_whose_reads_it_touches(seed: int) -> None:
    rng = random.Random(seed)
    reads = random_reads(rng, 80)
    table = ReadsTable.of(reads)
    for _ in range(10):
        change = random_triples(rng, rng.randint(0, 4))
        assert table.touched(change) == {k for k, r in reads.items() if r.touched_by(change)}


@pytest.mark.parametrize("seed", range(5))
def test_the_union_of_some_pages_is_the_union_of_their_reads(seed: int) -> None:
    rng = random.Random(seed)
    reads = {k: PageReads(r.subjects, r.objects) for k, r in random_reads(rng, 40).items()}
    table = ReadsTable.of(reads)
    for _ in range(5):
        keys = rng.sample(sorted(reads), rng.randint(0, 10))
        want = PageReads(subjects=frozenset(), objects=frozenset()).union(*(reads[k] for k in keys))
        assert table.union(keys) == want


def test_a_table_reads_back_what_was_written_and_the_same_reads_give_the_same_bytes() -> None:
    reads = random_reads(random.Random(7), 50)
    table = ReadsTable.of(reads)
    again = ReadsTable.from_bytes(table.to_bytes())
    assert dict(again) == reads == dict(table)
    assert ReadsTable.of(dict(reversed(list(reads.items())))).to_bytes() == table.to_bytes()


def test_an_updated_table_drops_replaces_and_adds_pages_and_reads_back_the_same() -> None:
    rng = random.Random(3)
    reads = random_reads(rng, 30)
    table = ReadsTable.of(reads)
    dropped = sorted(reads)[:5]
    new = random_reads(random.Random(4), 40)  # keys p0…p39: replaces p0…p29, adds the rest
    updated = table.updated(dropped, new)
    expected = {k: r for k, r in reads.items() if k not in dropped} | new
    assert dict(updated) == expected
    assert dict(ReadsTable.from_bytes(updated.to_bytes())) == expected
    assert dict(table.updated(sorted(reads), {})) == {}
    change = random_triples(rng, 6)
    assert updated.touched(change) == ReadsTable.of(expected).touched(change)


def test_terms_no_page_reads_any_more_do_not_pile_up_over_many_updates() -> None:
    rng = random.Random(5)
    table = ReadsTable.of(random_reads(rng, 30))
    for _ in range(200):
        new = random_reads(rng, 30)
        table = table.updated([], new)
        assert dict(table) == new
    # Terms are appended on each update and the list is made again when it has doubled.
    assert table.terms <= 2 * max(ReadsTable.of(dict(table)).terms, 1024) + 30 * 20


def test_pages_rendered_again_with_the_terms_the_table_holds_add_no_term() -> None:
    reads = random_reads(random.Random(9), 40)
    table = ReadsTable.of(reads)
    again = table.updated([], {k: reads[k] for k in sorted(reads)[:25]})
    assert again.terms == table.terms
    assert dict(again) == reads
    change = random_triples(random.Random(10), 8)
    assert again.touched(change) == table.touched(change)


@pytest.mark.parametrize("data", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_bytes_that_are_not_a_table_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match="table of page reads"):
        ReadsTable.from_bytes(data)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_a_table_whose_reads_name_a_term_it_does_not_hold_is_refused(part: int) -> None:
    table = ReadsTable.of(
        {"page": PageReads(subjects=frozenset({property_key(NODES[0], "<urn:p>")}), objects=frozenset())}
    )
    state = pickle.loads(table.to_bytes())
    arrays = [array("I"), array("I"), array("Q")]
    # One past the last term: as a whole node, an incoming node, and a property read's property
    # (the low half of its number).
    arrays[part].append(len(state["nodes"]))
    state["pages"]["page"] = tuple(a.tobytes() for a in arrays)
    with pytest.raises(ValueError, match="name a node the table does not hold"):
        ReadsTable.from_bytes(pickle.dumps(state))
