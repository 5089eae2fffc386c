"""A written answer brought up to date by asking again for the rows a change reaches only.

Every spliced answer is compared, byte for byte, with the whole answer of the same store: over a
synthetic corpus whose triples are removed, edited and added at random, round after round, and
over the changes a curator makes (a value, a type that a NOT EXISTS reads, a document's number,
province and date, a target added and one removed).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import nqgraph
from nqgraph.corpora.synth import synthesize
from nqgraph.graph import paging
from nqgraph.graph.answer_files import materialised, open_answer, splice_answer, write_answers
from nqgraph.graph.answer_keys import key_plan
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import load_queries
from nqgraph.graph.query_reads import predicates_read
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import NQ
from nqgraph.paths import Inputs

QUERIES = load_queries(Inputs.default().queries)
SPLICED = ("agency-workload", "shared-document-numbers", "target-revisions", "targets", "variant-differences")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("splice") / "corpus"
    synthesize(triples=30_000, seed=3, out=out)
    return out


@pytest.fixture
def store(corpus: Path) -> OxigraphStore:
    """The corpus, reasoned, in a store of the test's own (the tests change it)."""
    kg = nqgraph.open_graph(data=corpus)
    assert isinstance(kg.store, OxigraphStore)
    return kg.store


def answers(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def nt_of(quad: ox.Quad) -> NTriple:
    return (str(quad.subject), str(quad.predicate), str(quad.object))


def apply(store: OxigraphStore, removed: list[ox.Quad], added: list[ox.Quad]) -> list[NTriple]:
    for quad in removed:
        store.native.remove(quad)
    for quad in added:
        store.native.add(quad)
    return [nt_of(q) for q in removed + added]


def assert_spliced_equals_whole(
    store: OxigraphStore, folder: Path, whole: Path, changed: list[NTriple]
) -> None:
    write_answers(folder, store, QUERIES, changed=changed)
    write_answers(whole, store, QUERIES)
    assert answers(folder) == answers(whole)


def quads_with(store: OxigraphStore, predicate: str) -> list[ox.Quad]:
    return sorted(store.native.quads_for_pattern(None, ox.NamedNode(predicate), None, None), key=str)


def queries_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the queries a splice asks from now on, in order."""
    from nqgraph.graph import answer_files

    asked: list[str] = []
    row_lines = answer_files.row_lines

    def recording(native: OxigraphStore, text: str, *args: object, **kwargs: object) -> object:
        asked.append(text)
        return row_lines(native, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(answer_files, "row_lines", recording)
    return asked


def test_the_keyed_queries_have_plans_and_a_query_without_keys_has_none() -> None:
    for name in SPLICED:
        text = QUERIES[name].text
        assert key_plan(paging.total_order(text, paging.projection(text))) is not None
    refused = [
        "SELECT ?t WHERE { ?t ?p ?v }",  # a variable predicate
        "SELECT ?t WHERE { ?t <urn:p>/<urn:q> ?v }",  # a path
        "SELECT ?t WHERE { ?t <urn:p> ?v } LIMIT 5",  # rows that depend on the others
        "SELECT ?t WHERE { GRAPH ?g { ?t <urn:p> ?v } }",
        "SELECT ?t WHERE { ?t <urn:p> ?v . ?x <urn:q> ?y }",  # a pattern joined to no key
        "SELECT ?v WHERE { ?t <urn:p> ?x OPTIONAL { ?x <urn:q> ?v } }",  # ?v is not in every row
        "SELECT (COUNT(?t) AS ?n) WHERE { ?t <urn:p> ?v }",  # no projected pattern variable
        "SELECT ?t WHERE { ?t <urn:p> ?v { SELECT (COUNT(?x) AS ?n) WHERE { ?x <urn:q> ?y } } }",
        "SELECT ?t WHERE { ?t <urn:p> ?v { SELECT ?t WHERE { ?t <urn:q> ?y } LIMIT 1 } }",
    ]
    for text in refused:
        assert key_plan(text) is None, text


def test_a_pattern_reaches_the_key_through_the_patterns_of_its_own_group() -> None:
    plan = key_plan(
        "SELECT ?t ?n WHERE { ?t <urn:doc> ?d . OPTIONAL { ?d <urn:number> ?n } "
        "OPTIONAL { ?t <urn:att> ?a . ?a <urn:text> ?x } FILTER NOT EXISTS { ?t a <urn:Relative> } }"
    )
    assert plan is not None and plan.keys == ("t",)
    (number,) = plan.entries["urn:number"]
    assert (number.start, [(s.predicate, s.forward) for s in number.chain]) == ("s", [("urn:doc", False)])
    (text,) = plan.entries["urn:text"]
    assert [(s.predicate, s.forward) for s in text.chain] == [("urn:att", False)]
    (relative,) = plan.entries["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"][-1:]
    assert relative.object == "<urn:Relative>" and relative.chain == ()


def test_a_sub_select_keeps_its_own_variables_apart() -> None:
    # The inner ?t is not the outer one: the pattern on it joins no key of the outer query.
    text = "SELECT ?d WHERE { ?d <urn:p> ?v { SELECT ?v WHERE { ?t <urn:q> ?v . ?t <urn:r> ?w } } }"
    plan = key_plan(text)
    assert plan is not None
    (r,) = plan.entries["urn:r"]
    assert [(s.predicate, s.forward) for s in r.chain] == [("urn:q", True), ("urn:p", False)]


def test_restrict_binds_the_key_in_every_select_that_projects_it_and_nowhere_else() -> None:
    text = (
        "SELECT ?t ?n WHERE { { SELECT ?t (COUNT(?x) AS ?n) WHERE { ?t <urn:p> ?x } GROUP BY ?t } "
        "OPTIONAL { SELECT ?d WHERE { { SELECT ?t ?d WHERE { ?t <urn:q> ?d } } } } }"
    )
    bound = paging.restrict(text, "t", [["u", "urn:a"]])
    assert bound.count("VALUES ?t { <urn:a> }") == 2  # the outer WHERE and the grouped sub-select
    assert "?t <urn:q> ?d" in bound.split("VALUES")[-1]  # not inside the select of ?d alone
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1")))
    store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("1")))
    assert [str(s["t"]) for s in store.query(bound)] == ["<urn:a>"]  # type: ignore[union-attr, index]


def test_a_value_edit_is_spliced_into_the_answers(store: OxigraphStore, tmp_path: Path) -> None:
    folder, whole = tmp_path / "spliced", tmp_path / "whole"
    write_answers(folder, store, QUERIES)
    (old,) = quads_with(store, NQ + "value")[:1]
    value = ox.Literal("987.5", datatype=old.object.datatype)
    new = ox.Quad(old.subject, old.predicate, value, old.graph_name)
    changed = apply(store, [old], [new])
    for name in SPLICED:
        answer = open_answer(folder, QUERIES[name])
        assert answer is not None
        assert splice_answer(folder, store, QUERIES[name], answer, changed) is not None, name
    assert_spliced_equals_whole(store, folder, whole, changed)


def curator_changes(store: OxigraphStore) -> Iterator[tuple[list[ox.Quad], list[ox.Quad]]]:
    """The changes a curator makes, one after another: (removed, added) quads."""
    nq = lambda local: ox.NamedNode(NQ + local)  # noqa: E731
    target = quads_with(store, NQ + "value")[3]
    yield [], [ox.Quad(target.subject, ox.NamedNode(str(RDF_TYPE)), nq("RelativeTarget"), target.graph_name)]
    number = quads_with(store, NQ + "documentNumber")[2]
    yield [number], [ox.Quad(number.subject, number.predicate, ox.Literal("99-NQ/TU"), number.graph_name)]
    province = quads_with(store, NQ + "province")[1]
    other = quads_with(store, NQ + "province")[-1].object
    yield [province], [ox.Quad(province.subject, province.predicate, other, province.graph_name)]
    issued = quads_with(store, NQ + "issuedOn")[0]
    later = ox.Literal("2031-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    yield [issued], [ox.Quad(issued.subject, issued.predicate, later, issued.graph_name)]
    # A target copied under a new name (added), then an existing one removed whole.
    source = quads_with(store, NQ + "indicator")[5].subject
    copy = ox.NamedNode(source.value + "-copy")
    of_source = store.native.quads_for_pattern(source, None, None, None)
    yield [], [ox.Quad(copy, q.predicate, q.object, q.graph_name) for q in of_source]
    # Many targets at once: their places are found by one sort of every row, not a search each.
    many = {q.subject for q in quads_with(store, NQ + "indicator")[20:80]}
    yield (
        [],
        [
            ox.Quad(ox.NamedNode(t.value + "-again"), q.predicate, q.object, q.graph_name)
            for t in sorted(many, key=str)
            for q in store.native.quads_for_pattern(t, None, None, None)
        ],
    )
    gone = quads_with(store, NQ + "indicator")[9].subject
    yield list(store.native.quads_for_pattern(gone, None, None, None)), []
    attested = quads_with(store, NQ + "attestation")
    if attested:
        passage = attested[0].object
        yield list(store.native.quads_for_pattern(passage, ox.NamedNode(NQ + "sourceText"), None, None)), []


def test_a_curators_changes_are_spliced_byte_for_byte(store: OxigraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "spliced"
    write_answers(folder, store, QUERIES)
    for round_, (removed, added) in enumerate(curator_changes(store)):
        changed = apply(store, removed, added)
        assert_spliced_equals_whole(store, folder, tmp_path / f"whole-{round_}", changed)


def test_random_changes_are_spliced_byte_for_byte(store: OxigraphStore, tmp_path: Path) -> None:
    read: set[str] = set()
    for name in QUERIES:
        if materialised(QUERIES[name]):
            read |= predicates_read(QUERIES[name].text) or set()
    quads = [q for p in sorted(read) for q in quads_with(store, p)]
    chance = random.Random(18)
    folder = tmp_path / "spliced"
    write_answers(folder, store, QUERIES)
    for round_ in range(12):
        removed = chance.sample(quads, 3)
        added = []
        for quad in chance.sample(quads, 3):
            other = chance.choice(quads_with(store, quad.predicate.value) or [quad])
            added.append(ox.Quad(quad.subject, quad.predicate, other.object, quad.graph_name))
        changed = apply(store, removed, added)
        quads = [q for q in quads if q not in removed] + added
        assert_spliced_equals_whole(store, folder, tmp_path / f"whole-{round_}", changed)


def test_an_answer_whose_table_of_rows_is_damaged_is_asked_whole_again(
    store: OxigraphStore, tmp_path: Path
) -> None:
    folder, whole = tmp_path / "spliced", tmp_path / "whole"
    write_answers(folder, store, QUERIES)
    (folder / "targets.offsets").write_bytes(b"\x00" * 24)
    answer = open_answer(folder, QUERIES["targets"])
    assert answer is not None
    (old,) = quads_with(store, NQ + "value")[:1]
    value = ox.Literal("13.5", datatype=old.object.datatype)
    changed = apply(store, [old], [ox.Quad(old.subject, old.predicate, value, old.graph_name)])
    assert splice_answer(folder, store, QUERIES["targets"], answer, changed) is None
    assert_spliced_equals_whole(store, folder, whole, changed)


def test_target_revisions_is_spliced_by_the_provinces_a_change_reaches(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    folder = tmp_path / "spliced"
    write_answers(folder, store, QUERIES)
    asked = queries_asked(monkeypatch)
    # A target copied under a new name reaches both sides of the query's join (earlier and later).
    source = quads_with(store, NQ + "indicator")[5].subject
    copy = ox.NamedNode(source.value + "-copy")
    added = [
        ox.Quad(copy, q.predicate, q.object, q.graph_name)
        for q in store.native.quads_for_pattern(source, None, None, None)
    ]
    changed = apply(store, [], added)
    query = QUERIES["target-revisions"]
    answer = open_answer(folder, query)
    assert answer is not None
    assert splice_answer(folder, store, query, answer, changed) is not None
    # One query, bound to the provinces, not one a side bound to the targets.
    assert len(asked) == 1
    assert "VALUES ?province" in asked[0] and "VALUES ?earlierTarget" not in asked[0]
    write_answers(tmp_path / "whole", store, QUERIES)
    assert answers(folder)["target-revisions.jsonl"] == answers(tmp_path / "whole")["target-revisions.jsonl"]


def test_the_rows_holding_some_values_are_found_one_value_at_a_time_or_by_one_pattern(tmp_path: Path) -> None:
    from nqgraph.graph.answer_files import _FIND_EACH, _Written, write_lines

    query = QUERIES["targets"]
    variables = paging.projection(query.text)
    iris = [f"urn:t{i}" for i in range(40)]
    # "urn:t1" is the start of "urn:t10" to "urn:t19": a cell holds a value only whole.
    lines = [(json.dumps([["u", iri], ["l", f"v{i}"]]) + "\n").encode() for i, iri in enumerate(iris)]
    write_lines(tmp_path, query, variables, [lines])
    answer = open_answer(tmp_path, query)
    assert answer is not None
    written = _Written(answer)

    def rows_of(*values: str) -> set[int]:
        return written.rows_holding(json.dumps(v).encode() for v in values)

    assert rows_of("urn:t1") == {1}
    assert rows_of("urn:t1", "urn:t12", "v30") == {1, 12, 30}
    many = [f"urn:t{i}" for i in range(0, 40, 3)] + ["urn:t99", "urn:t"]
    assert len(many) > _FIND_EACH
    assert rows_of(*many) == set(range(0, 40, 3))
    assert rows_of(*many, "v1", "v11") == set(range(0, 40, 3)) | {1, 11}
    assert rows_of("urn:nowhere", "v", "t1", "w", "urn:t40", "urn:t100") == set()


def test_reached_values_past_one_values_block_are_asked_block_by_block(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nqgraph.graph import answer_files

    # Blocks of two values: a change that reaches a few targets asks for them in several queries.
    monkeypatch.setattr(answer_files, "VALUES_ROWS", 2)
    folder = tmp_path / "spliced"
    write_answers(folder, store, QUERIES)
    asked = queries_asked(monkeypatch)
    values = quads_with(store, NQ + "value")[:5]
    changed = apply(
        store,
        values,
        [
            ox.Quad(q.subject, q.predicate, ox.Literal("77.5", datatype=q.object.datatype), q.graph_name)
            for q in values
        ],
    )
    answer = open_answer(folder, QUERIES["targets"])
    assert answer is not None
    assert splice_answer(folder, store, QUERIES["targets"], answer, changed) is not None
    blocks = [re.findall(r"VALUES \?target \{([^}]*)\}", text) for text in asked]
    assert len(asked) == 3 and all(found and len(found[0].split()) <= 2 for found in blocks), blocks
    write_answers(tmp_path / "whole", store, QUERIES)
    assert answers(folder)["targets.jsonl"] == answers(tmp_path / "whole")["targets.jsonl"]


def test_lines_written_at_once_are_the_lines_read_solution_by_solution() -> None:
    from nqgraph.graph.answer_lines import row_lines

    native = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for value in (
        ox.Literal("Hà Nội", language="vi"),
        ox.Literal("2030", datatype=ox.NamedNode(xsd + "gYear")),
        ox.Literal("12.50", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal('plain "quoted"\nline'),
        ox.Literal("typed", datatype=ox.NamedNode(xsd + "string")),
        ox.NamedNode("urn:o"),
        ox.BlankNode("b1"),
    ):
        native.add(ox.Quad(s, p, value))
    store = OxigraphStore()
    store.add_native(native.quads_for_pattern(None, None, None, None))
    text = "SELECT ?s ?o ?missing WHERE { ?s <urn:p> ?o OPTIONAL { ?o <urn:q> ?missing } } ORDER BY STR(?o)"
    variables = ("s", "o", "missing")
    read = [line for lines in row_lines(store, text, variables, chunk=3) for line in lines]
    written = [line for lines in row_lines(store, text, variables, chunk=3, at_once=True) for line in lines]
    assert written == read and len(read) == 7
    assert b'["l", "typed"]' in b"".join(read)  # an xsd:string literal is written as a plain one
