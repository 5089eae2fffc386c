"""Issue 5 against a real server: Virtuoso Open Source from Debian, started for this session.

`scripts/setup-virtuoso.sh` installs it; the `virtuoso` fixture starts it on loopback with its own
virtuoso.ini and database in a temporary folder and stops it by its process id. Without Virtuoso
these tests fail (they never skip silently); set NQGRAPH_SKIP_VIRTUOSO=1 to skip them on purpose
on a machine that cannot install it (never honoured in CI).

Covered: `nqgraph push` (load, count check, idempotence, repair of a half-loaded graph, an
interrupted load, SPARQL Update fallback, wrong credentials, unreachable endpoints, server
messages), every saved query on Virtuoso against the embedded engine, `nqgraph link wikidata`
against a Wikidata-shaped fixture, and the DCAT-AP / VoID description.
"""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.term import Node

import nqgraph
from conftest import ROOT
from nqgraph.cli import cli
from nqgraph.errors import StoreError
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import SavedQuery, load_queries
from nqgraph.graph.sparql import term_n3
from nqgraph.graph.store import QueryResult, RemoteStore
from nqgraph.pipeline.build import BuildResult
from nqgraph.remote.push import Http, Pusher, push, read_dump
from test_queries import PARAMS
from virtuoso_server import VirtuosoServer, VirtuosoUnavailable, served

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GRAPHS = ("ontology", "asserted", "inferred")
GRAPH = "https://w3id.org/nqgraph/graph/"


# ---------------------------------------------------------------- the server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A Virtuoso server for the whole session, stopped by its pid at the end."""
    yield from served(tmp_path_factory.mktemp("virtuoso") / "db")


@pytest.fixture(scope="session", autouse=True)
def push_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Records of pushes go to a folder of the session, not the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def loaded(virtuoso: VirtuosoServer, built: BuildResult) -> nqgraph.RemoteStore:
    """The bundled build pushed into Virtuoso (default graph names); a read-only store on it."""
    push(endpoint=virtuoso.sparql, build_dir=built.out, user="dba", password=virtuoso.password)
    return RemoteStore(virtuoso.sparql, timeout=60)


def count(store: RemoteStore, graph: str) -> int:
    res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_n3(URIRef(graph))} {{ ?s ?p ?o }} }}")
    return int(str(res.rows[0][0]))


def drop(virtuoso: VirtuosoServer, *graphs: str) -> None:
    http = Http(user="dba", password=virtuoso.password, timeout=30)
    for g in graphs:
        resp = http.send(
            "POST",
            virtuoso.base + "/sparql-auth",
            body=("update=" + _quote(f"DROP SILENT GRAPH {term_n3(URIRef(g))}")).encode(),
            content_type="application/x-www-form-urlencoded",
        )
        assert resp.status == 200, resp.body


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@pytest.fixture
def scratch(virtuoso: VirtuosoServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A graph base of its own for a test that damages graphs; dropped afterwards so the
    differential tests see only the default graphs."""
    base = f"http://example.org/scratch/{request.node.name}/"
    yield base
    drop(virtuoso, *(base + g for g in GRAPHS))


def dump_counts(built: BuildResult) -> dict[str, int]:
    return {name.rsplit("/", 1)[1]: len(t) for name, t in read_dump(built.out / "nqgraph.trig").items()}


# ---------------------------------------------------------------- push


def test_the_server_runs_on_loopback_with_raised_limits(virtuoso: VirtuosoServer) -> None:
    ini = (virtuoso.folder / "virtuoso.ini").read_text(encoding="utf-8")
    assert "ServerPort           = 127.0.0.1:" in ini and "ResultSetMaxRows           = 1000000" in ini
    assert f"DirsAllowed          = ., {virtuoso.folder}" in ini
    assert virtuoso.started_in < 60
    # The new dba password holds and the shipped one no longer does.
    assert "Rows." in virtuoso.isql("SELECT 1;")
    with pytest.raises(VirtuosoUnavailable):
        virtuoso.isql("SELECT 1;", password="dba")


def test_push_loads_every_named_graph_and_verifies_its_count(
    virtuoso: VirtuosoServer, built: BuildResult, loaded: RemoteStore
) -> None:
    expected = dump_counts(built)
    assert set(expected) == set(GRAPHS)
    for g in GRAPHS:
        assert count(loaded, GRAPH + g) == expected[g], g
    # Through the CLI: exit 0 and one verified line per graph.
    result = CliRunner().invoke(
        cli,
        ["push", "--endpoint", virtuoso.sparql, "--out", str(built.out), "--user", "dba", "--full"],
        env={"NQGRAPH_PASSWORD": virtuoso.password},
    )
    assert result.exit_code == 0, result.output
    for g in GRAPHS:
        assert re.search(rf"{GRAPH}{g}\s+{expected[g]} triples, verified", result.output), result.output
    assert f"{sum(expected.values())} triples in 3 graph(s)" in result.output
    assert "sparql-graph-crud-auth" in result.output  # the Graph Store Protocol was used


def test_push_twice_is_idempotent(virtuoso: VirtuosoServer, built: BuildResult, loaded: RemoteStore) -> None:
    def snapshot() -> dict[str, frozenset[tuple[str, ...]]]:
        out = {}
        for g in ("asserted", "inferred"):
            res = loaded.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH}{g}> {{ ?s ?p ?o }} }}")
            out[g] = frozenset(tuple(_canon(t) for t in row) for row in res.rows)
        return out

    first = push(endpoint=virtuoso.sparql, build_dir=built.out, user="dba", password=virtuoso.password)
    before = snapshot()
    second = push(endpoint=virtuoso.sparql, build_dir=built.out, user="dba", password=virtuoso.password)
    assert [(g.graph, g.after) for g in first.graphs] == [(g.graph, g.after) for g in second.graphs]
    assert all(g.before == g.after and not g.repaired for g in second.graphs)
    assert snapshot() == before
    assert len(before["asserted"]) == dump_counts(built)["asserted"]


def test_a_half_loaded_graph_is_repaired_by_the_next_push(
    virtuoso: VirtuosoServer, built: BuildResult, scratch: str, loaded: RemoteStore
) -> None:
    dump = read_dump(built.out / "nqgraph.trig", graph_base=scratch)
    asserted = dump[scratch + "asserted"]
    # What a push stopped half-way leaves: half the triples, plus one a later build removed.
    pusher = Pusher(
        endpoint=virtuoso.sparql,
        http=Http(user="dba", password=virtuoso.password, timeout=30),
        graph_store=None,
        update_endpoint=None,
        method="update",
        chunk_size=250,
        progress=None,
    )
    import pyoxigraph as ox

    stale = ox.Triple(
        ox.NamedNode("http://example.org/stale"), ox.NamedNode("http://example.org/p"), ox.Literal("x")
    )
    pusher.load(scratch + "asserted", [*asserted[: len(asserted) // 2], stale])
    assert count(loaded, scratch + "asserted") == len(asserted) // 2 + 1

    report = push(
        endpoint=virtuoso.sparql,
        build_dir=built.out,
        graph_base=scratch,
        user="dba",
        password=virtuoso.password,
    )
    repaired = {g.graph: g for g in report.graphs}[scratch + "asserted"]
    assert repaired.before == len(asserted) // 2 + 1 and repaired.repaired
    assert repaired.after == len(asserted) == count(loaded, scratch + "asserted")
    assert "repaired" in "\n".join(report.lines())
    ask = loaded.query(f"ASK {{ GRAPH <{scratch}asserted> {{ <http://example.org/stale> ?p ?o }} }}")
    assert ask.boolean is False


def test_an_interrupted_load_is_reported_and_the_next_push_repairs_it(
    virtuoso: VirtuosoServer,
    built: BuildResult,
    scratch: str,
    loaded: RemoteStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"n": 0}
    real = Pusher._post_update

    def flaky(self: Pusher, url: str, text: str) -> object:
        calls["n"] += 1
        if calls["n"] == 4:  # DROP, two chunks of the ontology graph, then the connection drops
            raise StoreError(f"cannot reach {url}: [Errno 104] Connection reset by peer")
        return real(self, url, text)

    monkeypatch.setattr(Pusher, "_post_update", flaky)
    with pytest.raises(StoreError) as err:
        push(
            endpoint=virtuoso.sparql,
            build_dir=built.out,
            graph_base=scratch,
            user="dba",
            password=virtuoso.password,
            method="update",
            chunk_size=400,
        )
    message = str(err.value)
    assert f"load of <{scratch}ontology> interrupted at chunk 3 of 3 (800 of " in message
    assert "Connection reset by peer" in message
    assert "the server now holds 800 triples in it" in message
    assert count(loaded, scratch + "ontology") == 800
    monkeypatch.setattr(Pusher, "_post_update", real)

    report = push(
        endpoint=virtuoso.sparql,
        build_dir=built.out,
        graph_base=scratch,
        user="dba",
        password=virtuoso.password,
    )
    ontology = {g.graph: g for g in report.graphs}[scratch + "ontology"]
    assert ontology.before == 800 and ontology.after == dump_counts(built)["ontology"]


def test_push_falls_back_to_sparql_update_without_a_graph_store(
    virtuoso: VirtuosoServer, built: BuildResult, scratch: str, loaded: RemoteStore
) -> None:
    report = push(
        endpoint=virtuoso.sparql,
        build_dir=built.out,
        graph_base=scratch,
        user="dba",
        password=virtuoso.password,
        graph_store=virtuoso.base + "/no-graph-store-here",
    )
    assert {(g.method, g.url) for g in report.graphs} == {("update", virtuoso.base + "/sparql-auth")}
    expected = dump_counts(built)
    for g in GRAPHS:
        assert count(loaded, scratch + g) == expected[g]
    # The blank-node structures of the ontology (OWL lists) survived the chunking.
    ask = loaded.query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        f"ASK {{ GRAPH <{scratch}ontology> {{ ?p <http://www.w3.org/2002/07/owl#propertyChainAxiom> ?l . "
        "?l rdf:rest/rdf:first ?x }}"
    )
    assert ask.boolean is True


def test_wrong_password_says_so(virtuoso: VirtuosoServer, built: BuildResult) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "push",
            "--endpoint",
            virtuoso.sparql,
            "--out",
            str(built.out),
            "--user",
            "dba",
            "--password",
            "nope",
        ],
    )
    assert result.exit_code == 2
    assert "refused the credentials of user 'dba' (HTTP 401): wrong user name or password" in result.output


def test_without_credentials_the_server_refusal_is_shown(
    virtuoso: VirtuosoServer, built: BuildResult
) -> None:
    result = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.sparql, "--out", str(built.out)])
    assert result.exit_code == 2
    assert "forbids PUT for anonymous users (HTTP 403)" in result.output
    assert "Permission denied" in result.output  # Virtuoso's own words


def test_an_error_answered_by_the_server_is_returned(virtuoso: VirtuosoServer, built: BuildResult) -> None:
    # Virtuoso compiles one INSERT DATA into SQL and refuses one this large ("memory exhausted"
    # or "exceeded 10000 lines of code", depending on the data).
    with pytest.raises(StoreError) as err:
        push(
            endpoint=virtuoso.sparql,
            build_dir=built.out,
            graph_base="http://example.org/too-big/",
            user="dba",
            password=virtuoso.password,
            method="update",
            chunk_size=20000,
        )
    assert "HTTP 400: Virtuoso 37000 Error SP03" in str(err.value)
    assert "interrupted at chunk 1 of 1" in str(err.value)
    drop(virtuoso, *(f"http://example.org/too-big/{g}" for g in GRAPHS))
    result = CliRunner().invoke(
        cli, ["query", "SELECT ?x WHERE { ?x ?p ?o . FILTER(<nope:fn>(?x)) }", "--endpoint", virtuoso.sparql]
    )
    assert result.exit_code == 2
    assert virtuoso.sparql in result.output and "Virtuoso" in result.output


def test_an_unreachable_endpoint_fails_fast_naming_the_url(built: BuildResult) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"  # nothing listens there now
    t0 = time.perf_counter()
    result = CliRunner().invoke(cli, ["push", "--endpoint", url, "--out", str(built.out)])
    assert result.exit_code == 2
    assert f"cannot reach {url}" in result.output
    assert time.perf_counter() - t0 < 10


def test_an_endpoint_that_never_answers_times_out(built: BuildResult) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections into the backlog and never answers
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        t0 = time.perf_counter()
        result = CliRunner().invoke(
            cli, ["push", "--endpoint", url, "--out", str(built.out), "--timeout", "1"]
        )
        elapsed = time.perf_counter() - t0
    finally:
        silent.close()
    assert result.exit_code == 2
    assert url in result.output and "timed out" in result.output
    assert elapsed < 10


def test_push_without_a_build_says_to_build_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["push", "--endpoint", "http://127.0.0.1:9/sparql", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "nqgraph.trig: not found; run `nqgraph build` first" in result.output


def test_a_graph_base_that_is_not_an_iri_is_refused(built: BuildResult) -> None:
    result = CliRunner().invoke(
        cli,
        ["push", "--endpoint", "http://127.0.0.1:9/sparql", "--out", str(built.out), "--graph-base", "x> <y"],
    )
    assert result.exit_code == 2 and "is not an absolute IRI" in result.output


# ---------------------------------------------------------------- the same rows as embedded

# More parameter sets than test_queries.PARAMS, so each parameter type (date, gYear, IRI) is
# bound on the server too.
EXTRA_CASES: list[tuple[str, dict[str, str]]] = [
    ("targets", {"year": "2035"}),
    ("targets", {"document": "eli/hung-yen/btvtu/2026/15-nq-tu"}),
    ("targets", {"document": "eli/dien-bien/tu/2021/10-nq-tu", "indicator": "indicator/labour-force"}),
    ("overdue-tasks", {"asOf": "2026-11-23"}),
    (
        "agencies-leading-every-overdue-task",
        {"asOf": "2027-01-01", "document": "eli/dien-bien/tu/2025/19-nq-tu"},
    ),
    ("supersession-chain", {"document": "eli/dien-bien/tu/2021/10-nq-tu"}),
    ("variant-differences", {"document": "eli/dien-bien/tu/2021/10-nq-tu"}),
    ("indicator-timeline", {"indicator": "indicator/population"}),
    ("documents-citing", {"document": "eli/dien-bien/tu/2021/10-nq-tu"}),
]
SAVED = load_queries(ROOT / "queries")
CASES = [(name, PARAMS.get(name, {})) for name in sorted(SAVED)] + EXTRA_CASES


def _canon(term: Node | None) -> tuple[str, ...]:
    """A term as (kind, lexical form, datatype or language): exact, no value normalisation."""
    if term is None:
        return ("unbound",)
    if isinstance(term, Literal):
        if term.language:
            return ("literal", str(term), "@" + term.language.lower())
        return ("literal", str(term), str(term.datatype or ""))
    return (type(term).__name__, str(term))


def group_concat_columns(query: SavedQuery) -> dict[str, str]:
    """``{variable: separator}`` for each ``GROUP_CONCAT(…; separator="…") AS ?v`` in the query.

    SPARQL leaves the order of GROUP_CONCAT's parts undefined, and Virtuoso and Oxigraph do
    differ: these columns are compared as sets of parts (a difference of representation only).
    """
    pattern = r'GROUP_CONCAT\((?:[^()]|\([^()]*\))*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)'
    return {m.group(2): m.group(1) for m in re.finditer(pattern, query.text, re.IGNORECASE)}


def comparable(result: QueryResult, query: SavedQuery) -> list[tuple[object, ...]]:
    concat = group_concat_columns(query)
    rows = []
    for row in result.rows:
        cells: list[object] = []
        for var, term in zip(result.variables, row, strict=True):
            if var in concat and isinstance(term, Literal):
                cells.append(
                    ("concat", tuple(sorted(str(term).split(concat[var]))), str(term.datatype or ""))
                )
            else:
                cells.append(_canon(term))
        rows.append(tuple(cells))
    return rows if query.ordered else sorted(rows, key=repr)


def test_group_concat_columns_are_found_so_their_part_order_is_ignored() -> None:
    query = SavedQuery(
        name="concat",
        text='SELECT ?t (GROUP_CONCAT(DISTINCT STR(?x); separator=" | ") AS ?texts) '
        "WHERE { ?t ?p ?x } GROUP BY ?t",
    )
    assert group_concat_columns(query) == {"texts": " | "}
    assert group_concat_columns(SAVED["targets"]) == {}  # place and sentence are chosen, not joined


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values())}" for n, p in CASES])
def test_every_saved_query_gives_the_same_rows_on_virtuoso_as_embedded(
    kg: KnowledgeGraph, loaded: RemoteStore, name: str, params: dict[str, str]
) -> None:
    query = SAVED[name]
    embedded = nqgraph.run_query(kg.store, name, params)
    remote = nqgraph.run_query(loaded, name, params)
    assert remote.variables == embedded.variables
    assert len(remote.rows) == len(embedded.rows)
    assert comparable(remote, query) == comparable(embedded, query)


def test_the_cli_runs_a_saved_query_on_virtuoso(virtuoso: VirtuosoServer, loaded: RemoteStore) -> None:
    result = CliRunner().invoke(
        cli, ["query", "shared-document-numbers", "--endpoint", virtuoso.sparql, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "number,document,documentLabel,province,provinceLabel,issuedOn" and len(lines) == 3
    assert lines[1].startswith("06-NQ/TU,https://w3id.org/nqgraph/id/eli/dien-bien/tu/2012/06-nq-tu,")


# ---------------------------------------------------------------- links to other open data

WIKIDATA_GRAPH = "urn:nqgraph:test:wikidata-fixture"
# Other people's reference files are not committed: scripts/fetch-reference.sh puts them into
# reference/ (docs/reference-data.md); NQGRAPH_REFERENCE names another folder that holds them, and
# NQGRAPH_MIRROR the local mirror they are copied from where there is no network (as in CI).
REFERENCE = Path(os.environ.get("NQGRAPH_REFERENCE") or ROOT / "reference")


def reference_file(name: str) -> Path:
    """A reference file's path, from reference/ or else the mirror. Absent, the test fails in CI
    (a check CI never runs is no check) and is skipped elsewhere, saying how to get the file."""
    mirror = os.environ.get("NQGRAPH_MIRROR")
    candidates = [REFERENCE / name, *([Path(mirror) / name] if mirror else [])]
    for path in candidates:
        if path.is_file():
            return path
    where = " or ".join(str(c.parent) for c in candidates)
    message = f"{name} not found in {where}: run scripts/fetch-reference.sh or set NQGRAPH_MIRROR"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


SKOS = "http://www.w3.org/2004/02/skos/core#"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="session")
def wikidata_fixture(virtuoso: VirtuosoServer) -> str:
    """The Wikidata-shaped fixture in its own graph of the test Virtuoso; its query endpoint."""
    http = Http(user="dba", password=virtuoso.password, timeout=30)
    body = (FIXTURES / "wikidata-fixture.ttl").read_bytes()
    url = virtuoso.base + "/sparql-graph-crud-auth?graph=" + _quote(WIKIDATA_GRAPH)
    resp = http.send("PUT", url, body=body, content_type="text/turtle; charset=utf-8")
    assert resp.status in (200, 201), resp.body
    return virtuoso.sparql


def link(endpoint: str, links_file: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["link", "wikidata", "--endpoint", endpoint, "--links-file", str(links_file), *extra]
    )
    return result.exit_code, result.output


def test_link_wikidata_finds_items_by_iso_code_label_and_country(
    wikidata_fixture: str, tmp_path: Path
) -> None:
    links_file = tmp_path / "wikidata.ttl"
    code, out = link(wikidata_fixture, links_file, "--write")
    assert code == 0, out
    text = links_file.read_text(encoding="utf-8")
    expected = {
        # By label and country: the namesake in another country is not taken.
        "agency/vn/dang-cong-san-viet-nam": "Q9900005",
        "country/vn": "Q881",
        "province/dien-bien": "Q9900001",
        "province/hung-yen": "Q9900003",  # the deprecated old item is passed over
        "province/lai-chau": "Q9900002",
        "province/thai-binh": "Q9900004",  # merged: found by its deprecated code statement
    }
    for resource, qid in expected.items():
        assert f"<https://w3id.org/nqgraph/id/{resource}> skos:exactMatch wd:{qid} ." in text, resource
    assert "owl:sameAs <" not in text and "Not linked yet" not in text
    assert out.count("  new ") == 6
    # Labels that no longer match are reported: the code VN-01 is on an item named for the city.
    assert (
        "label mismatch: https://w3id.org/nqgraph/id/province/lai-chau -> wd:Q9900002: Wikidata's en label"
        in out
    )
    assert "'Lai Châu City'" in out and out.count("label mismatch:") == 2  # en and vi

    # Written deterministically: a second run changes nothing, byte for byte.
    code, again = link(wikidata_fixture, links_file, "--write")
    assert code == 0 and again.count("  unchanged ") == 6
    assert links_file.read_text(encoding="utf-8") == text


def test_link_wikidata_reports_a_changed_item_and_writes_only_with_write(
    wikidata_fixture: str, tmp_path: Path
) -> None:
    links_file = tmp_path / "wikidata.ttl"
    links_file.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "<https://w3id.org/nqgraph/id/province/dien-bien> skos:exactMatch wd:Q1 .\n"
        "<https://w3id.org/nqgraph/id/other> skos:exactMatch <http://www.wikidata.org/entity/Q2> .\n",
        encoding="utf-8",
    )
    before = links_file.read_text(encoding="utf-8")
    code, out = link(wikidata_fixture, links_file)
    assert code == 0, out
    assert "changed   https://w3id.org/nqgraph/id/province/dien-bien -> wd:Q9900001 (was wd:Q1)" in out
    assert links_file.read_text(encoding="utf-8") == before  # a check without --write writes nothing
    code, out = link(wikidata_fixture, links_file, "--write")
    text = links_file.read_text(encoding="utf-8")
    assert "dien-bien> skos:exactMatch wd:Q9900001 ." in text
    assert "id:other skos:exactMatch wd:Q2 ." in text  # not a link this command manages: kept


def test_link_wikidata_names_an_unreachable_endpoint(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/sparql"
    code, out = link(url, tmp_path / "wikidata.ttl", "--timeout", "5")
    assert code == 2 and f"cannot reach {url}" in out


def test_the_links_are_in_the_graph(kg: KnowledgeGraph) -> None:
    def objects(s: str, p: str) -> set[str]:
        return {str(o) for s_, p_, o, _ in kg.store.quads() if str(s_) == s and str(p_) == p}

    idv = "https://w3id.org/nqgraph/id/"
    assert objects(idv + "country/vn", SKOS + "exactMatch") == {WD + "Q881"}
    # Thái Bình keeps its own item: the link is to the province as it was until its merger.
    items = {
        p: objects(idv + "province/" + p, SKOS + "exactMatch")
        for p in ("dien-bien", "lai-chau", "hung-yen", "thai-binh")
    }
    assert items == {
        "dien-bien": {WD + "Q36955"},
        "lai-chau": {WD + "Q36409"},
        "hung-yen": {WD + "Q36235"},
        "thai-binh": {WD + "Q36681"},
    }
    codes = {
        p: objects(idv + "province/" + p, NQ_ISO) for p in ("dien-bien", "lai-chau", "hung-yen", "thai-binh")
    }
    assert codes == {
        "dien-bien": {"VN-71"},
        "lai-chau": {"VN-01"},
        "hung-yen": {"VN-66"},
        "thai-binh": {"VN-20"},
    }
    assert objects(idv + "province/thai-binh", "http://purl.org/dc/terms/isReplacedBy") == {
        idv + "province/hung-yen"
    }
    assert "202/2025/QH15" in next(
        iter(objects(idv + "province/thai-binh", "http://purl.org/dc/terms/source"))
    )
    same_as = [q for q in kg.store.quads() if str(q[1]) == "http://www.w3.org/2002/07/owl#sameAs"]
    assert not [q for q in same_as if str(q[2]).startswith(WD)]  # skos:exactMatch, never owl:sameAs


NQ_ISO = "https://w3id.org/nqgraph/ontology#isoCode"


def _sdg_links(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    return {
        (str(s), str(o))
        for s, p, o, _ in kg.store.quads()
        if str(p) in (SKOS + "closeMatch", SKOS + "relatedMatch", SKOS + "exactMatch")
        and str(o).startswith("http://metadata.un.org/sdg/")
    }


# The UN's IRI scheme: goal 1-17, target "goal.number" or "goal.letter", indicator "C" + goal (two
# digits) + target (two characters) + number (two digits), as in C040a01 for indicator 4.a.1.
_GOAL = r"(?:[1-9]|1[0-7])"
SDG_IRI = re.compile(
    rf"http://metadata\.un\.org/sdg/(?:{_GOAL}|{_GOAL}\.(?:[1-9][0-9]?|[a-z])|C(?:0[1-9]|1[0-7])[0-9a-z]{{2}}[0-9]{{2}})"
)


def test_every_sdg_link_is_an_sdg_goal_target_or_indicator_iri(kg: KnowledgeGraph) -> None:
    links = _sdg_links(kg)
    assert len(links) >= 50
    assert sorted(o for _, o in links if not SDG_IRI.fullmatch(o)) == []
    added = {s for s, o in links if s.endswith("/persons-trained-university-level-in-province")}
    assert added  # one of those data/ttl/links/sdg.ttl adds


def test_every_sdg_link_names_an_existing_sdg_goal_target_or_indicator(kg: KnowledgeGraph) -> None:
    # Without the UN's file (no network to fetch it) the IRI scheme, tested above, is what is checked.
    sdg_file = reference_file("un-sdg-goals-targets-indicators.ttl")
    from rdflib import Graph

    known = {str(s) for s in Graph().parse(sdg_file).subjects()}
    assert {o for _, o in _sdg_links(kg)} - known == set()


# ---------------------------------------------------------------- DCAT-AP 3 and VoID


@pytest.fixture(scope="module")
def described(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """describe() run on a copy of the build's dumps, as the build runs it."""
    import shutil

    from nqgraph.publish.describe import describe

    out = tmp_path_factory.mktemp("describe")
    for name in ("nqgraph.trig", "nqgraph.ttl"):
        shutil.copy(built.out / name, out / name)
    describe(counts=built.counts, out_dir=out, build_day=BUILD_DAY_FOR_DESCRIBE, graphs=_graphs(out))
    return out


BUILD_DAY_FOR_DESCRIBE = __import__("datetime").date(2026, 11, 23)


def _graphs(out: Path) -> dict[str, list[tuple[str, str, str]]]:
    import pyoxigraph as ox

    graphs: dict[str, list[tuple[str, str, str]]] = {}
    for q in ox.parse(path=str(out / "nqgraph.trig"), format=ox.RdfFormat.TRIG):
        # pyoxigraph prints a term in its N-Triples form, which is what describe() takes.
        graphs.setdefault(q.graph_name.value, []).append((str(q.subject), str(q.predicate), str(q.object)))
    return graphs


def _shacl(data: Path, shapes: str) -> list[tuple[str, str, str]]:
    from pyshacl import validate
    from rdflib import Graph

    # RDFS entailment, as the shapes expect (sh:class rdfs:Resource on IRIs such as dcat:endpointURL).
    _, report, _ = validate(
        Graph().parse(data),
        shacl_graph=Graph().parse(reference_file(shapes)),
        inference="rdfs",
    )
    sh = "http://www.w3.org/ns/shacl#"
    out = []
    for r in report.subjects(URIRef(sh + "resultSeverity"), None):
        out.append(
            (
                str(report.value(r, URIRef(sh + "resultSeverity"))).rsplit("#", 1)[1],
                str(report.value(r, URIRef(sh + "focusNode"))),
                str(report.value(r, URIRef(sh + "resultPath"))),
            )
        )
    return sorted(out)


def test_dcat_description_validates_against_the_dcat_ap_3_shapes(described: Path) -> None:
    assert _shacl(described / "dcat.ttl", "dcat-ap-3.0.0-shacl.ttl") == []
    # Recommended properties: all present but the provinces' geometry (docs/reference-data.md).
    warnings = _shacl(described / "dcat.ttl", "dcat-ap-3.0.0-shapes-recommended.ttl")
    assert {w[0] for w in warnings} == {"Warning"}
    assert {w[1].rsplit("/", 1)[1] for w in warnings} == {
        "dien-bien",
        "dong-thap",
        "hung-yen",
        "lai-chau",
        "lao-cai",
        "thai-binh",
    }
    assert {w[2] for w in warnings} == {
        "http://www.w3.org/ns/dcat#bbox",
        "http://www.w3.org/ns/dcat#centroid",
    }


def test_dcat_description_has_catalog_dataset_distributions_service_and_coverage(described: Path) -> None:
    from rdflib import Graph

    g = Graph().parse(described / "dcat.ttl")
    q = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
    SELECT ?dist ?url ?size ?service ?endpoint ?license ?start ?end WHERE {
      ?cat a dcat:Catalog ; dcat:dataset ?ds ; dcat:service ?service .
      ?ds a dcat:Dataset ; dcat:distribution ?dist ; dct:license ?license ; dct:temporal ?t .
      ?t dcat:startDate ?start ; dcat:endDate ?end .
      ?dist dcat:downloadURL ?url ; dcat:byteSize ?size .
      ?service dcat:endpointURL ?endpoint ; dcat:servesDataset ?ds . }"""
    rows = list(g.query(q))
    urls = sorted(str(r[1]) for r in rows)  # type: ignore[index]
    assert urls == ["https://w3id.org/nqgraph/nqgraph.trig", "https://w3id.org/nqgraph/nqgraph.ttl"]
    row = rows[0]
    assert str(row[4]) == "https://w3id.org/nqgraph/sparql"  # type: ignore[index]
    assert str(row[5]) == "http://creativecommons.org/licenses/by/4.0/"  # type: ignore[index]
    assert (str(row[6]), str(row[7])) == ("2012-03-23", "2045-12-31")  # Đồng Tháp 617/KH-UBND: to 2045  # type: ignore[index]
    sizes = {str(r[1]).rsplit("/", 1)[1]: int(r[2]) for r in rows}  # type: ignore[index]
    assert sizes["nqgraph.trig"] == (described / "nqgraph.trig").stat().st_size
    spatial = {
        str(o)
        for o in g.objects(
            URIRef("https://w3id.org/nqgraph/dataset"), URIRef("http://purl.org/dc/terms/spatial")
        )
    }
    assert "http://publications.europa.eu/resource/authority/country/VNM" in spatial
    assert "https://w3id.org/nqgraph/id/province/thai-binh" in spatial


def test_void_description_counts_the_graph_and_its_linksets(
    described: Path, built: BuildResult, kg: KnowledgeGraph
) -> None:
    from rdflib import Graph

    g = Graph().parse(described / "void.ttl")
    void = "http://rdfs.org/ns/void#"
    ds = URIRef("https://w3id.org/nqgraph/dataset")

    def one(s: Node, p: str) -> str:
        return str(g.value(s, URIRef(void + p)))

    assert int(one(ds, "triples")) == built.counts["triples.total"]
    assert one(ds, "uriSpace") == "https://w3id.org/nqgraph/id/"
    assert one(ds, "sparqlEndpoint") == "https://w3id.org/nqgraph/sparql"
    dumps = {str(o) for o in g.objects(ds, URIRef(void + "dataDump"))}
    assert dumps == {"https://w3id.org/nqgraph/nqgraph.trig", "https://w3id.org/nqgraph/nqgraph.ttl"}
    vocabularies = {str(o) for o in g.objects(ds, URIRef(void + "vocabulary"))}
    assert {"https://w3id.org/nqgraph/ontology#", "http://www.w3.org/ns/org#", SKOS} <= vocabularies
    assert int(one(ds, "classes")) > 20 and int(one(ds, "properties")) > 50
    linksets = {
        (one(ls, "linkPredicate").rsplit("#", 1)[1], one(ls, "objectsTarget").rsplit("/", 1)[1]): int(
            one(ls, "triples")
        )
        for ls in g.subjects(URIRef(PREFIX_RDF_TYPE), URIRef(void + "Linkset"))
    }
    in_graph = {
        p: sum(
            1
            for q in kg.store.quads()
            if str(q[1]) == SKOS + p and str(q[2]).startswith("http://metadata.un.org/sdg/")
        )
        for p in ("relatedMatch", "closeMatch")
    }
    assert linksets == {
        ("exactMatch", "wikidata"): 5,
        ("relatedMatch", "un-sdg"): in_graph["relatedMatch"],
        ("closeMatch", "un-sdg"): in_graph["closeMatch"],
    }
    subsets = {
        str(s).rsplit("/", 1)[1]: int(one(s, "triples"))
        for s in g.objects(ds, URIRef(void + "subset"))
        if "/graph/" in str(s)
    }
    assert subsets == {
        "ontology": dump_counts(built)["ontology"],
        "asserted": built.counts["triples.asserted"],
        "inferred": built.counts["triples.inferred"],
    }


PREFIX_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_the_description_is_deterministic(described: Path, built: BuildResult, tmp_path: Path) -> None:
    import shutil

    from nqgraph.publish.describe import describe

    for name in ("nqgraph.trig", "nqgraph.ttl"):
        shutil.copy(described / name, tmp_path / name)
    describe(
        counts=built.counts, out_dir=tmp_path, build_day=BUILD_DAY_FOR_DESCRIBE, graphs=_graphs(tmp_path)
    )
    for name in ("dcat.ttl", "void.ttl"):
        assert (tmp_path / name).read_bytes() == (described / name).read_bytes(), name
