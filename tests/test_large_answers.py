"""Large answers: saved queries read in pages (API, command line, HTTP), cursors, and streamed output."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import nqgraph
from browser_support import Server, fetch
from conftest import BUILD_DAY, DATA
from nqgraph.cli import cli
from nqgraph.errors import ParameterError, QueryError
from nqgraph.graph import paging
from nqgraph.graph.answer_files import (
    FOLDER,
    first_lines,
    materialised,
    open_answer,
    read_rows,
    write_answers,
)
from nqgraph.graph.answer_lines import lines_of_rows, rows_of_lines
from nqgraph.graph.answers import Page, Stream, run_page, stream
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import SavedQuery, load_queries, run
from nqgraph.graph.store import OxigraphStore
from nqgraph.paths import Inputs
from nqgraph.publish.output import render, render_chunks

QUERIES = load_queries(Inputs.default().queries)
ALL_TRIPLES = SavedQuery(name="all", text="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")


def examples(query: SavedQuery) -> dict[str, str]:
    return {p.name: p.example for p in query.params if p.example is not None}


def pages(kg: KnowledgeGraph, query: SavedQuery, limit: int, **options: object) -> list[Page]:
    """Every page of ``query``'s answer, each asked for with the cursor the previous one gave."""
    out = [run_page(kg.store, query, examples(query), limit=limit, today=BUILD_DAY, **options)]  # type: ignore[arg-type]
    while out[-1].next_cursor is not None:
        out.append(
            run_page(
                kg.store,
                query,
                examples(query),
                limit=limit,
                cursor=out[-1].next_cursor,
                today=BUILD_DAY,
                **options,  # type: ignore[arg-type]
            )
        )
    return out


# ---------------------------------------------------------------- the order and the text


def test_a_query_without_order_by_is_ordered_by_every_projected_variable() -> None:
    text = paging.total_order("SELECT ?a ?b WHERE { ?a ?p ?b }", ("a", "b"))
    assert text.split("}")[-1].split() == ["ORDER", "BY", "?a", "?b"]


def test_the_order_by_of_a_query_gets_the_other_variables_as_tie_breakers() -> None:
    text = paging.total_order("SELECT ?a ?b ?c WHERE { ?a ?b ?c } ORDER BY DESC(?c) ?a", ("a", "b", "c"))
    assert text.endswith("ORDER BY DESC(?c) ?a\n ?b ?c")


def test_limit_and_offset_go_before_a_trailing_values_block() -> None:
    text = paging.paged("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }", ("s",), limit=5, offset=10)
    assert ox.Store().query(text) is not None
    assert text.index("LIMIT 5 OFFSET 10") < text.index("VALUES")


def test_keywords_in_comments_strings_and_prefixed_names_are_not_clauses() -> None:
    query = (
        "PREFIX ex: <urn:x#>\nSELECT ?s WHERE { ?s ex:limit 'ORDER BY' } # LIMIT 3\nORDER BY ?s # OFFSET 2"
    )
    text = paging.paged(query, ("s",), limit=2, offset=0)
    assert text.endswith("# OFFSET 2\nLIMIT 2")
    assert isinstance(ox.Store().query(text), ox.QuerySolutions)


def test_a_query_with_its_own_limit_is_not_paged() -> None:
    with pytest.raises(QueryError, match="LIMIT or OFFSET of its own"):
        paging.paged("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", ("s",), limit=5, offset=0)


@pytest.mark.parametrize(
    ("limit", "offset", "message"),
    [
        (-1, 0, "limit must be a whole number"),
        (0, 0, "limit must be a whole number"),
        ("ten", 0, "limit must be a whole number"),
        (2.5, 0, "limit must be a whole number"),
        (True, 0, "limit must be a whole number"),
        (10**9, 0, "limit must be a whole number"),
        (10, -5, "offset must be a whole number"),
        (10, "1e3", "offset must be a whole number"),
        (10, 10**12, "offset must be a whole number"),
        (10, "١٢", "offset must be a whole number"),
    ],
)
def test_a_bad_limit_or_offset_is_refused_saying_which(limit: object, offset: object, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        paging.check_page(limit, offset)


# ---------------------------------------------------------------- pages through the API


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_paging_through_a_saved_query_gives_its_whole_answer_in_the_same_order(
    name: str, kg: KnowledgeGraph
) -> None:
    query = QUERIES[name]
    whole = run_page(kg.store, query, examples(query), limit=None, today=BUILD_DAY)
    read = pages(kg, query, limit=3)
    assert [row for page in read for row in page.rows] == list(whole.rows)
    assert [page.offset for page in read] == list(range(0, 3 * len(read), 3))
    plain = run(kg.store, query, examples(query), today=BUILD_DAY)
    assert sorted(map(str, whole.rows)) == sorted(map(str, plain.rows))
    assert whole.variables == plain.variables


def test_the_pages_of_a_query_are_the_same_on_a_second_run(kg: KnowledgeGraph) -> None:
    query = QUERIES["targets"]
    first = [page.rows for page in pages(kg, query, limit=4)]
    again = [page.rows for page in pages(kg, query, limit=4)]
    assert first == again
    assert len(first) > 3


def test_the_python_api_reads_a_page_and_the_next_with_its_cursor(kg: KnowledgeGraph) -> None:
    first = nqgraph.run_query(kg.store, "targets", limit=5, lang=None)
    assert isinstance(first, Page) and len(first.rows) == 5 and first.next_cursor
    second = nqgraph.run_query(kg.store, "targets", limit=5, cursor=first.next_cursor, lang=None)
    both = nqgraph.run_query(kg.store, "targets", limit=10, offset=0, lang=None)
    assert [*first.rows, *second.rows] == list(both.rows)


def test_a_page_keeps_the_label_columns_of_the_whole_answer(kg: KnowledgeGraph) -> None:
    page = run_page(kg.store, QUERIES["overdue-tasks"], limit=2, today=BUILD_DAY)
    whole = run(kg.store, QUERIES["overdue-tasks"], today=BUILD_DAY)
    assert page.variables == whole.variables
    assert "leadAgencyLabel" in page.variables


def test_the_last_page_has_no_cursor(kg: KnowledgeGraph) -> None:
    query = QUERIES["shared-document-numbers"]
    whole = run_page(kg.store, query, limit=None)
    last = run_page(kg.store, query, limit=len(whole.rows))
    assert last.next_cursor is None and last.rows == whole.rows


def test_a_cursor_from_another_query_is_refused(kg: KnowledgeGraph) -> None:
    cursor = run_page(kg.store, QUERIES["targets"], limit=2).next_cursor
    with pytest.raises(ParameterError, match="another query"):
        run_page(kg.store, QUERIES["agency-workload"], limit=2, cursor=cursor)


def test_a_cursor_for_other_parameters_is_refused(kg: KnowledgeGraph) -> None:
    query = QUERIES["indicator-timeline"]
    cursor = run_page(kg.store, query, {"indicator": "indicator/trained-labour-rate"}, limit=1).next_cursor
    assert cursor is not None
    with pytest.raises(ParameterError, match="another query or other parameters"):
        run_page(kg.store, query, {"indicator": "indicator/population"}, limit=1, cursor=cursor)


def test_a_cursor_from_another_build_is_refused(kg: KnowledgeGraph) -> None:
    cursor = run_page(kg.store, QUERIES["targets"], limit=2, build="build-one").next_cursor
    with pytest.raises(ParameterError, match="another build"):
        run_page(kg.store, QUERIES["targets"], limit=2, cursor=cursor, build="build-two")


@pytest.mark.parametrize("cursor", ["", "not a cursor", "eyJ2IjoyfQ", "e30"])
def test_a_malformed_cursor_is_refused(cursor: str, kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="is not a cursor"):
        run_page(kg.store, QUERIES["targets"], limit=2, cursor=cursor)


def test_an_offset_beside_a_cursor_is_refused(kg: KnowledgeGraph) -> None:
    cursor = run_page(kg.store, QUERIES["targets"], limit=2).next_cursor
    with pytest.raises(ParameterError, match="not both"):
        run_page(kg.store, QUERIES["targets"], limit=2, offset=4, cursor=cursor)


# ---------------------------------------------------------------- streams


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_streamed_answer_is_the_text_of_the_whole_answer(name: str, fmt: str, kg: KnowledgeGraph) -> None:
    query = QUERIES[name]
    whole = render(run(kg.store, query, examples(query), today=BUILD_DAY), fmt)
    streamed = stream(kg.store, query, examples(query), today=BUILD_DAY, chunk=2)
    assert isinstance(streamed, Stream)
    assert "".join(render_chunks(streamed.variables, streamed.chunks, fmt)) == whole


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_streamed_query_without_a_header_labels_a_column_whose_first_iri_comes_late(
    fmt: str, kg: KnowledgeGraph
) -> None:
    # The first rows have a literal in ?x, a later one an IRI: the column gets its labels all the same.
    query = SavedQuery(
        name="<inline>",
        text="SELECT ?x WHERE { VALUES ?x { 'a' 'b' 'c' <https://w3id.org/nqgraph/id/province/dien-bien> } }",
    )
    whole = render(run(kg.store, query), fmt)
    streamed = stream(kg.store, query, chunk=1)
    assert isinstance(streamed, Stream)
    assert "".join(render_chunks(streamed.variables, streamed.chunks, fmt)) == whole
    assert "xLabel" in whole


def test_an_empty_streamed_answer_is_the_text_of_an_empty_answer(kg: KnowledgeGraph) -> None:
    query = SavedQuery(name="<inline>", text="SELECT ?s WHERE { ?s <urn:none> ?o }")
    for fmt in ("csv", "json"):
        streamed = stream(kg.store, query)
        assert isinstance(streamed, Stream)
        assert "".join(render_chunks(streamed.variables, streamed.chunks, fmt)) == render(
            run(kg.store, query), fmt
        )


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """A synthetic corpus of 160,000 triples: over 200,000 quads once reasoned, with the ontology."""
    folder = tmp_path_factory.mktemp("synth") / "corpus"
    result = CliRunner().invoke(cli, ["synth", "--triples", "160000", "--seed", "3", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return nqgraph.open_graph(data=folder)


class Counting(io.TextIOBase):
    """A sink that keeps nothing of what is written but its length."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def test_streaming_an_answer_of_200k_rows_holds_far_less_than_its_rows(large: KnowledgeGraph) -> None:
    # JSON, the longest text; CSV is written from the same chunks.
    store = large.store
    assert isinstance(store, OxigraphStore)
    rows = len(store.native)
    assert rows > 200_000
    sink = Counting()
    tracemalloc.start()
    try:
        answer = stream(store, ALL_TRIPLES, lang=None)
        assert isinstance(answer, Stream)
        for piece in render_chunks(answer.variables, answer.chunks, "json"):
            sink.write(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What holding the rows would cost at the least: the text written (every term once per row).
    # The stream must stay five times below it.
    assert sink.chars > 20_000_000
    assert peak * 5 < sink.chars, f"peak {peak:,} bytes for {sink.chars:,} characters written"


# ---------------------------------------------------------------- the command line


def test_the_command_gives_a_page_and_the_cursor_of_the_next_on_stderr(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["query", "targets", "--limit", "3", "--format", "csv", "--data", str(DATA)])
    assert first.exit_code == 0, first.output
    rows = list(csv.reader(io.StringIO(first.stdout)))
    assert len(rows) == 4
    cursor = first.stderr.strip().rsplit(" ", 1)[-1]
    assert first.stderr.startswith("next page: --limit 3 --cursor ")
    second = runner.invoke(
        cli, ["query", "targets", "--limit", "3", "--cursor", cursor, "--format", "csv", "--data", str(DATA)]
    )
    assert second.exit_code == 0, second.output
    both = runner.invoke(cli, ["query", "targets", "--limit", "6", "--format", "csv", "--data", str(DATA)])
    assert (
        list(csv.reader(io.StringIO(both.stdout)))[1:]
        == rows[1:] + list(csv.reader(io.StringIO(second.stdout)))[1:]
    )


def test_the_command_streams_json_with_the_text_it_always_wrote(
    runner: CliRunner, kg: KnowledgeGraph
) -> None:
    result = runner.invoke(cli, ["query", "overdue-tasks", "--param", "asOf=2026-11-23", "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = render(run(kg.store, QUERIES["overdue-tasks"], {"asOf": "2026-11-23"}), "json")
    assert result.stdout == expected
    assert json.loads(result.stdout)["results"]["bindings"]


@pytest.mark.parametrize(
    "options",
    [["--limit", "-1"], ["--limit", "abc"], ["--offset", "-3"], ["--limit", "0"], ["--cursor", "nonsense"]],
)
def test_the_command_refuses_a_bad_page_with_exit_2(options: list[str], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "targets", *options, "--data", str(DATA)])
    assert result.exit_code == 2, result.output
    assert "must be a whole number" in result.output or "is not a cursor" in result.output


def test_the_command_refuses_a_cursor_of_another_query(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["query", "targets", "--limit", "2", "--data", str(DATA)])
    cursor = first.stderr.strip().rsplit(" ", 1)[-1]
    result = runner.invoke(cli, ["query", "agency-workload", "--cursor", cursor, "--data", str(DATA)])
    assert result.exit_code == 2
    assert "another query" in result.output


@pytest.fixture(scope="module")
def build_without_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    nqgraph.build(out=out, data=DATA, today=BUILD_DAY, site=False)
    return out


def test_the_command_reads_pages_of_a_build_without_loading_the_data(
    runner: CliRunner, kg: KnowledgeGraph, build_without_site: Path
) -> None:
    out = str(build_without_site)
    first = runner.invoke(cli, ["query", "targets", "--out", out, "--limit", "4", "--format", "json"])
    assert first.exit_code == 0, first.output
    cursor = first.stderr.strip().rsplit(" ", 1)[-1]
    second = runner.invoke(
        cli, ["query", "targets", "--out", out, "--limit", "4", "--cursor", cursor, "--format", "json"]
    )
    assert second.exit_code == 0, second.output
    got = [json.loads(r.stdout)["results"]["bindings"] for r in (first, second)]
    wanted = run_page(kg.store, QUERIES["targets"], limit=8)
    values = [[b.get(v, {}).get("value") for v in wanted.variables] for page in got for b in page]
    assert values == [[None if t is None else str(t) for t in row] for row in wanted.rows]
    # A cursor of the data folder names other inputs than the build's graph.
    other = runner.invoke(cli, ["query", "targets", "--limit", "4", "--data", str(DATA)])
    refused = runner.invoke(
        cli, ["query", "targets", "--out", out, "--cursor", other.stderr.strip().rsplit(" ", 1)[-1]]
    )
    assert refused.exit_code == 2 and "another build" in refused.output


def test_the_command_on_a_folder_that_is_no_build_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["query", "targets", "--out", str(tmp_path), "--limit", "2"])
    assert result.exit_code == 2
    assert "no nqgraph.trig" in result.output


# ---------------------------------------------------------------- answers written with a build

WRITTEN = sorted(name for name, query in QUERIES.items() if materialised(query))


@pytest.fixture(scope="module")
def written(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("written") / FOLDER
    write_answers(folder, kg.store, QUERIES)
    return folder


def test_the_queries_whose_answer_is_written_are_those_needing_no_parameter() -> None:
    assert {"targets", "target-revisions", "agency-workload"} <= set(WRITTEN)
    assert "overdue-tasks" not in WRITTEN  # its asOf defaults to the day it is asked
    assert "supersession-chain" not in WRITTEN  # its document is required


@pytest.mark.parametrize("name", WRITTEN)
def test_a_written_answer_is_the_whole_answer_in_its_total_order(
    name: str, kg: KnowledgeGraph, written: Path
) -> None:
    answer = open_answer(written, QUERIES[name])
    assert answer is not None
    whole = run_page(kg.store, QUERIES[name], limit=None, lang=None)
    assert answer.variables == whole.variables and answer.rows == len(whole.rows)
    assert read_rows(answer, offset=0, limit=None) == whole.rows


@pytest.mark.parametrize("name", WRITTEN)
def test_pages_read_from_a_written_answer_are_the_pages_computed(
    name: str, kg: KnowledgeGraph, written: Path
) -> None:
    computed = pages(kg, QUERIES[name], limit=5)
    read = pages(kg, QUERIES[name], limit=5, answers=written)
    assert [(p.rows, p.variables, p.next_cursor) for p in read] == [
        (p.rows, p.variables, p.next_cursor) for p in computed
    ]


def test_the_first_lines_of_a_written_answer_carry_the_size_of_the_whole(
    kg: KnowledgeGraph, written: Path
) -> None:
    first = first_lines(written, QUERIES["targets"], 10)
    assert first is not None
    whole = run_page(kg.store, QUERIES["targets"], limit=None, lang=None)
    assert rows_of_lines(first.lines) == whole.rows[:10] and first.total == len(whole.rows)
    # A live answer's rows are written as the same lines (a page's rows are known by their bytes).
    assert lines_of_rows(whole.rows[:10]) == first.lines
    assert first_lines(written, QUERIES["overdue-tasks"], 10) is None


def test_writing_the_answers_twice_gives_the_same_bytes(kg: KnowledgeGraph, tmp_path: Path) -> None:
    write_answers(tmp_path / "one", kg.store, QUERIES)
    write_answers(tmp_path / "two", kg.store, QUERIES)
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert len(names) == 2 * len(WRITTEN)
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_an_answer_written_for_another_text_of_the_query_is_not_read(
    kg: KnowledgeGraph, written: Path
) -> None:
    changed = replace(QUERIES["targets"], text=QUERIES["targets"].text + "\n# edited\n")
    assert open_answer(written, changed) is None
    page = run_page(kg.store, changed, limit=3, answers=written)
    assert page.rows == run_page(kg.store, QUERIES["targets"], limit=3).rows


def test_a_query_asked_with_a_parameter_is_not_read_from_its_written_answer(
    kg: KnowledgeGraph, written: Path
) -> None:
    params = {"indicator": "indicator/trained-labour-rate"}
    page = run_page(kg.store, QUERIES["targets"], params, limit=None, answers=written)
    assert 0 < len(page.rows) < open_answer(written, QUERIES["targets"]).rows  # type: ignore[union-attr]


# ---------------------------------------------------------------- HTTP


@pytest.fixture(scope="module")
def served(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``nqgraph serve`` over a folder holding the bundled graph's TriG (and a home page)."""
    out = tmp_path_factory.mktemp("answers") / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("<!doctype html><title>answers</title>", encoding="utf-8")
    store = kg.store
    assert isinstance(store, OxigraphStore)
    store.native.dump(str(out / "nqgraph.trig"), format=ox.RdfFormat.TRIG)
    write_answers(out / FOLDER, store, QUERIES)
    running = Server(out)
    yield running
    running.stop()


def http_pages(server: Server, name: str, query: str) -> list[list[dict[str, object]]]:
    """Every page of ``/queries/<name>?<query>``, following each ``Link: rel=next``."""
    url: str | None = f"{server.url}/queries/{name}?{query}"
    out = []
    while url is not None:
        answer = fetch(url)
        assert answer.status == 200, answer.text
        assert answer.media_type == "application/sparql-results+json"
        out.append(json.loads(answer.body)["results"]["bindings"])
        link = answer.headers.get("link")
        url = None
        if link:
            assert link.endswith('>; rel="next"')
            url = server.url + link[1 : link.index(">")]
    return out


def test_http_pages_of_a_saved_query_are_its_whole_answer_in_order(
    served: Server, kg: KnowledgeGraph
) -> None:
    got = http_pages(served, "targets", "limit=7")
    whole = run_page(kg.store, QUERIES["targets"], limit=None, lang=None)
    assert len(got) == -(-len(whole.rows) // 7)
    values = [[b.get(v, {}).get("value") for v in whole.variables] for page in got for b in page]  # type: ignore[attr-defined]
    assert values == [[None if t is None else str(t) for t in row] for row in whole.rows]


def test_http_reads_a_query_asked_without_parameters_from_the_written_answer(served: Server) -> None:
    assert fetch(f"{served.url}/queries/targets?limit=3").headers["x-nqgraph-answer"] == "written"
    asked = fetch(f"{served.url}/queries/targets?limit=3&year=2025")
    assert asked.status == 200 and asked.headers["x-nqgraph-answer"] == "computed"


def test_http_pages_bind_the_query_parameters(served: Server, kg: KnowledgeGraph) -> None:
    params = {"indicator": "indicator/trained-labour-rate"}
    got = http_pages(served, "indicator-timeline", urllib.parse.urlencode({**params, "limit": "4"}))
    whole = run_page(kg.store, QUERIES["indicator-timeline"], params, limit=None, lang=None)
    assert sum(len(page) for page in got) == len(whole.rows) > 4


def test_http_gives_csv_by_content_negotiation(served: Server) -> None:
    answer = fetch(f"{served.url}/queries/agency-workload?limit=5", accept="text/csv")
    assert answer.status == 200 and answer.media_type == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0][0] == "agency" and len(rows) == 6
    assert answer.headers.get("x-nqgraph-next-cursor")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=-1", "limit must be a whole number"),
        ("limit=abc", "limit must be a whole number"),
        ("offset=-2", "offset must be a whole number"),
        ("limit=999999999", "limit must be"),
        ("cursor=nonsense", "is not a cursor"),
        ("asOf=yesterday", "not a valid date"),
        ("nonsense=1", "unknown parameter"),
        ("format=xml", "format must be json or csv"),
        ("limit=1&limit=2", "given once"),
    ],
)
def test_http_refuses_a_bad_page_with_400(query: str, message: str, served: Server) -> None:
    name = "overdue-tasks" if "asOf" in query else "targets"
    answer = fetch(f"{served.url}/queries/{name}?{query}")
    assert answer.status == 400, answer.text
    assert message in answer.text


def test_http_refuses_a_cursor_of_another_query_with_400(served: Server) -> None:
    cursor = fetch(f"{served.url}/queries/targets?limit=2").headers["x-nqgraph-next-cursor"]
    answer = fetch(f"{served.url}/queries/agency-workload?cursor={cursor}")
    assert answer.status == 400 and "another query" in answer.text


def test_an_unknown_saved_query_is_not_found(served: Server) -> None:
    assert fetch(f"{served.url}/queries/no-such-query").status == 404
