"""The parts of an incremental push that need no server: snapshots, diffs, records, SQL literals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqgraph.errors import StoreError
from nqgraph.remote.bulk import Isql, sql_string
from nqgraph.remote.delta import Snapshot, canonical, diff, snapshot, updates
from nqgraph.remote.dumpdiff import DumpText, NotComparable, changed_blocks, graph_delta
from nqgraph.remote.record import GraphRecord, Record, forget_record, read_record, write_record

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

ENDPOINT = "http://127.0.0.1:1/sparql"


def a_dump(tmp_path: Path, text: str = "@prefix ex: <http://example.org/> .\n") -> Path:
    path = tmp_path / "build" / "nqgraph.trig"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def a_record(dump: Path, graph_base: str | None = None) -> Record:
    graphs = {EX + "g": GraphRecord(triples=5, marker="m1"), EX + "h": GraphRecord(triples=0, marker=None)}
    return Record(endpoint=ENDPOINT, graph_base=graph_base, dump=dump, graphs=graphs)


def test_a_record_reads_back_as_written_and_keeps_the_dump_by_a_link(tmp_path: Path) -> None:
    dump = a_dump(tmp_path)
    write_record(tmp_path / "records", a_record(dump), dump)
    back, why = read_record(tmp_path / "records", ENDPOINT, None)
    assert why == "" and back is not None
    assert back.graphs == a_record(dump).graphs
    assert back.dump.read_bytes() == dump.read_bytes()
    assert back.dump.stat().st_ino == dump.stat().st_ino  # a hard link: no copy of a large dump
    # The next build replaces its dump by a new file: the record keeps the old bytes.
    dump.unlink()
    a_dump(tmp_path, "@prefix other: <http://example.org/other#> .\n")
    assert read_record(tmp_path / "records", ENDPOINT, None)[0] is not None


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda meta: meta.update(version=1), "from another version of nqgraph"),
        (lambda meta: meta.update(format="x"), "is not a push record"),
        (lambda meta: meta.pop("graphs"), "is damaged"),
        (lambda meta: meta.update(dump_sha256="0" * 64), "was changed since"),
    ],
)
def test_a_damaged_or_foreign_record_is_not_used_and_says_why(
    tmp_path: Path, change: Callable[[dict[str, object]], object], why: str
) -> None:
    dump = a_dump(tmp_path)
    folder = write_record(tmp_path / "records", a_record(dump), dump)
    meta = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    change(meta)
    (folder / "record.json").write_text(json.dumps(meta), encoding="utf-8")
    found, reason = read_record(tmp_path / "records", ENDPOINT, None)
    assert found is None and why in reason


def test_records_are_kept_per_endpoint_and_graph_base(tmp_path: Path) -> None:
    dump = a_dump(tmp_path)
    write_record(tmp_path, a_record(dump), dump)
    assert read_record(tmp_path, "http://127.0.0.1:2/sparql", None)[0] is None
    assert read_record(tmp_path, ENDPOINT, EX + "base/")[0] is None
    forget_record(tmp_path, ENDPOINT, None)
    assert "no record" in read_record(tmp_path, ENDPOINT, None)[1]


# ---------------------------------------------------------------- two dumps compared by their blocks

HEADER = "@prefix ex: <http://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"


def trig(*blocks: str, graph: str = EX + "g") -> str:
    return HEADER + f"\n<{graph}> {{\n" + "\n\n".join(blocks) + "\n}\n"


A = '    ex:a rdfs:label "a" .'
B = '    ex:b rdfs:label "b" ;\n        ex:p [ rdfs:label "inside" ] .'
B2 = '    ex:b rdfs:label "b2" ;\n        ex:p [ rdfs:label "inside" ] .'
C = "    ex:c ex:p ex:a ."


def test_two_dumps_differ_in_the_blocks_of_the_changed_subjects_only() -> None:
    old, new = DumpText.parse(trig(A, B, C).encode()), DumpText.parse(trig(A, B2).encode())
    assert changed_blocks(old, new, EX + "g") == ([B.encode(), C.encode()], [B2.encode()])
    delta = graph_delta(old, new, EX + "g")
    assert delta.removed == [
        '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .',
        "<http://example.org/c> <http://example.org/p> <http://example.org/a> .",
    ]
    assert delta.added == ['<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "b2" .']
    assert delta.removed_components == delta.added_components == []  # the blank node kept its content


def test_the_block_comparison_gives_the_diff_of_the_whole_graphs() -> None:
    old_text, new_text = trig(A, B, C), trig(B2, C, A)
    by_blocks = graph_delta(DumpText.parse(old_text.encode()), DumpText.parse(new_text.encode()), EX + "g")

    def triples(text: str) -> list[ox.Triple]:
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(text.encode(), format=ox.RdfFormat.TRIG)
        ]

    whole = diff(snapshot(triples(old_text)), snapshot(triples(new_text)))
    assert (sorted(by_blocks.removed), sorted(by_blocks.added)) == (
        sorted(whole.removed),
        sorted(whole.added),
    )


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (trig(A), trig(A, "    ex:d ex:p _:x .\n\n    _:x ex:p ex:a ."), "labelled blank node"),
        (trig(A), "@prefix z: <http://z/> .\n" + trig(A), "other prefixes"),
        (trig(A), trig(A, graph=EX + "other"), "not in both dumps"),
        (trig(A), trig(A, '    ex:d rdfs:label "open'), "does not parse on its own"),
    ],
)
def test_dumps_that_cannot_be_compared_by_blocks_say_why(old: str, new: str, why: str) -> None:
    with pytest.raises(NotComparable, match=why):
        graph_delta(DumpText.parse(old.encode()), DumpText.parse(new.encode()), EX + "g")


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


def test_a_dump_is_streamed_into_loader_files_graph_by_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nqgraph.remote.bulk as bulk

    monkeypatch.setattr(bulk, "PART_SIZE", 2)
    dump = tmp_path / "d.trig"
    dump.write_text(trig(A, B, C) + f"\n<{EX}h> {{\n{A}\n}}\n", encoding="utf-8")
    counts: dict[str, int] = {}
    write = bulk.dump_writer(
        dump, rename=lambda n: n + "/x", wanted={EX + "g/x", EX + "none/x"}, counts=counts
    )
    files = write(tmp_path)
    assert [(g, p.name) for g, p in files] == [
        (EX + "g/x", "g0-0000.nt"),
        (EX + "g/x", "g0-0001.nt"),
        (EX + "g/x", "g0-0002.nt"),
    ]
    assert counts == {EX + "g/x": 5, EX + "none/x": 0}
    lines = [line for _, p in files for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5 and len(set(lines)) == 5
