"""The parts of an incremental push that need no server: snapshots, diffs, records, SQL literals."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nqgraph.errors import StoreError
from nqgraph.remote.bulk import Isql, sql_string
from nqgraph.remote.delta import Snapshot, canonical, diff, snapshot, updates
from nqgraph.remote.record import Record, read_record, record_path, write_record

EX = "http://example.org/"


def iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def with_list(label_a: str, label_b: str, value: str) -> list[ox.Triple]:
    """<s> <p> "value" and <s> <q> a two-cell structure whose blank nodes are labelled as given."""
    a, b = ox.BlankNode(label_a), ox.BlankNode(label_b)
    return [
        ox.Triple(iri("s"), iri("p"), ox.Literal(value)),
        ox.Triple(iri("s"), iri("q"), a),
        ox.Triple(a, iri("first"), ox.Literal("one")),
        ox.Triple(a, iri("rest"), b),
        ox.Triple(b, iri("first"), ox.Literal("two")),
    ]


def test_a_structure_read_with_other_blank_labels_gives_the_same_snapshot() -> None:
    one, two = snapshot(with_list("x1", "x2", "v")), snapshot(with_list("zz", "aa", "v"))
    assert one == two
    assert one.triples == 5 and len(one.lines) == 1 and len(one.components) == 1
    assert diff(one, two).empty


def test_a_diff_names_the_changed_lines_and_components() -> None:
    old = snapshot(with_list("x1", "x2", "v"))
    new = snapshot(
        [*with_list("k", "l", "w")[:4], ox.Triple(ox.BlankNode("l"), iri("first"), ox.Literal("2"))]
    )
    delta = diff(old, new)
    assert delta.removed == ['<http://example.org/s> <http://example.org/p> "v" .']
    assert delta.added == ['<http://example.org/s> <http://example.org/p> "w" .']
    assert len(delta.removed_components) == len(delta.added_components) == 1
    assert (delta.removed_triples, delta.added_triples) == (5, 5)


def test_a_removed_blank_structure_is_deleted_by_its_pattern_never_by_delete_data() -> None:
    delta = diff(snapshot(with_list("x1", "x2", "v")), Snapshot(lines=[], components=[]))
    (request,) = updates(EX + "g", delta, batch=100)
    data, pattern = request.split(";\n")
    assert data.startswith("DELETE DATA {") and "_:" not in data
    assert pattern.startswith("DELETE { GRAPH <http://example.org/g> {") and "_:" not in pattern
    assert "?b0 <http://example.org/first>" in pattern and "WHERE { GRAPH <http://example.org/g> {" in pattern


def test_added_blank_structures_are_inserted_with_an_empty_where() -> None:
    delta = diff(Snapshot(lines=[], components=[]), snapshot(with_list("x1", "x2", "v")))
    (request,) = updates(EX + "g", delta, batch=100)
    assert "INSERT DATA" in request and request.rstrip().endswith("} } WHERE {}")


def test_large_diffs_are_cut_into_requests_of_about_the_batch() -> None:
    lines = [f"<{EX}s{i}> <{EX}p> <{EX}o> ." for i in range(25)]
    requests = updates(EX + "g", diff(Snapshot(lines=[], components=[]), Snapshot(lines, [])), batch=10)
    assert [r.count(" .") for r in requests] == [10, 10, 5]


def test_canonical_labels_follow_content_not_input_labels() -> None:
    a = [
        ox.Triple(iri("s"), iri("q"), ox.BlankNode("m")),
        ox.Triple(ox.BlankNode("m"), iri("v"), ox.Literal("1")),
    ]
    b = [
        ox.Triple(iri("s"), iri("q"), ox.BlankNode("a")),
        ox.Triple(ox.BlankNode("a"), iri("v"), ox.Literal("1")),
    ]
    assert (
        canonical(a)
        == canonical(b)
        == ('<http://example.org/s> <http://example.org/q> _:b0 .\n_:b0 <http://example.org/v> "1" .')
    )


# ---------------------------------------------------------------- records


def a_record(endpoint: str = "http://127.0.0.1:1/sparql", graph: str = EX + "g") -> Record:
    snap = snapshot(with_list("x1", "x2", "é ü"))
    return Record(endpoint=endpoint, graph=graph, triples=snap.triples, marker="m1", snapshot=snap)


def test_a_record_reads_back_as_written(tmp_path: Path) -> None:
    record = a_record()
    path = write_record(tmp_path, record)
    assert path.read_text(encoding="utf-8").startswith("# nqgraph push record 1\n")
    assert ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES) is not None
    back, why = read_record(tmp_path, record.endpoint, record.graph)
    assert why == "" and back == record


def test_a_record_with_no_lines_reads_back(tmp_path: Path) -> None:
    empty = Record(
        endpoint="http://x/sparql", graph=EX + "g", triples=0, marker=None, snapshot=Snapshot([], [])
    )
    write_record(tmp_path, empty)
    assert read_record(tmp_path, empty.endpoint, empty.graph) == (empty, "")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("# nqgraph push record 0\n", "from another version of nqgraph"),
        ("<a> <b> <c> .\n", "is not a push record"),
        ('# nqgraph push record 1\n# {"endpoint": 1}\n', "damaged (header)"),
    ],
)
def test_a_damaged_or_foreign_record_is_not_used_and_says_why(tmp_path: Path, text: str, why: str) -> None:
    record = a_record()
    path = record_path(tmp_path, record.endpoint, record.graph)
    path.write_text(text, encoding="utf-8")
    assert read_record(tmp_path, record.endpoint, record.graph)[0] is None
    assert why in read_record(tmp_path, record.endpoint, record.graph)[1]


def test_a_truncated_record_is_not_used(tmp_path: Path) -> None:
    record = a_record()
    path = write_record(tmp_path, record)
    path.write_text(path.read_text(encoding="utf-8").rsplit("\n", 2)[0], encoding="utf-8")
    found, why = read_record(tmp_path, record.endpoint, record.graph)
    assert found is None and "damaged" in why


def test_records_are_kept_per_endpoint_and_graph(tmp_path: Path) -> None:
    write_record(tmp_path, a_record())
    assert read_record(tmp_path, "http://127.0.0.1:2/sparql", EX + "g")[0] is None
    assert read_record(tmp_path, "http://127.0.0.1:1/sparql", EX + "other")[0] is None


# ---------------------------------------------------------------- SQL for the bulk loader


def test_sql_strings_double_quotes_and_refuse_escapes() -> None:
    assert sql_string("it's") == "'it''s'"
    for bad in ("a\\b", "a\nb"):
        with pytest.raises(StoreError):
            sql_string(bad)


def test_an_isql_address_that_is_not_host_and_port_is_refused() -> None:
    with pytest.raises(StoreError, match="is not HOST:PORT"):
        Isql.find(address="localhost; rm", user="dba", password="x", timeout=1, program=None)
    with pytest.raises(StoreError, match="on PATH"):
        Isql.find(address="localhost:1111", user="dba", password="x", timeout=1, program="no-such-isql")
