"""Issue 18, item 6 against a real Virtuoso: after a one-file change a push sends only what changed.

The server is the Virtuoso tests' own (tests/virtuoso_server.py: loopback, temporary folder,
stopped by pid), started once for this module. Each test builds a copy of the bundled data with
`nqgraph build` (no site), pushes it, changes one data file, builds again and pushes again; the
server's graphs are then compared with the dump triple by triple, and the triples the push sent
are counted in the update requests themselves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

import nqgraph
from conftest import BUILD_DAY, DATA
from nqgraph.cli import cli
from nqgraph.graph.store import RemoteStore
from nqgraph.remote.push import Bulk, Http, Pusher, PushReport, push, read_dump
from virtuoso_server import VirtuosoServer, served

GRAPHS = ("ontology", "asserted", "inferred")
DOC = "documents/dien-bien-2012-06-nq-tu.ttl"
OLD_LABEL = "Nghị quyết số 06-NQ/TU về phát triển nguồn nhân lực tỉnh Điện Biên"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    yield from served(tmp_path_factory.mktemp("virtuoso-push") / "db")


class Project:
    """A copy of the bundled data, its build folder, a graph base and a record folder of its own."""

    def __init__(self, root: Path, server: VirtuosoServer, base: str) -> None:
        self.data = root / "ttl"
        self.out = root / "build"
        self.records = root / "records"
        self.server = server
        self.base = base
        shutil.copytree(DATA, self.data)

    def build(self) -> None:
        """`nqgraph build` as a user runs it, in a process of its own."""
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "nqgraph",
                "build",
                "--quiet",
                "--site",
                "none",
                "--today",
                BUILD_DAY.isoformat(),
                "--data",
                str(self.data),
                "--out",
                str(self.out),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def push(self, **options: object) -> tuple[PushReport, list[str]]:
        """Push; also return the update requests sent (diffs and markers)."""
        sent: list[str] = []
        real = Pusher.update

        def spy(pusher: Pusher, text: str) -> str:
            sent.append(text)
            return real(pusher, text)

        setattr(Pusher, "update", spy)  # noqa: B010 - a spy on every Pusher of the push
        try:
            report = push(
                endpoint=self.server.sparql,
                build_dir=self.out,
                graph_base=self.base,
                user="dba",
                password=self.server.password,
                record_dir=self.records,
                **options,  # type: ignore[arg-type]
            )
        finally:
            setattr(Pusher, "update", real)  # noqa: B010
        return report, [text for text in sent if "push#marker" not in text]

    def dump(self) -> dict[str, set[tuple[str, ...]]]:
        """The dump's graphs as comparable triples (blank nodes as one kind, not by label)."""
        out: dict[str, set[tuple[str, ...]]] = {}
        for name, triples in read_dump(self.out / "nqgraph.trig", graph_base=self.base).items():
            out[name] = {tuple(_ox(t) for t in (x.subject, x.predicate, x.object)) for x in triples}
        return out

    def remote(self, graph: str) -> set[tuple[str, ...]]:
        store = RemoteStore(self.server.sparql, timeout=60)
        res = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return {tuple(_rdflib(t) for t in row) for row in res.rows}

    def edit(self, old: str, new: str, file: str = DOC) -> None:
        path = self.data / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _ox(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        tag = "@" + term.language.lower() if term.language else term.datatype.value
        if tag == "http://www.w3.org/2001/XMLSchema#string":
            tag = ""
        return f"L|{term.value}|{tag}"
    assert isinstance(term, ox.NamedNode)
    return term.value


def _rdflib(term: Node | None) -> str:
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        tag = "@" + term.language.lower() if term.language else str(term.datatype or "")
        if tag == "http://www.w3.org/2001/XMLSchema#string":
            tag = ""
        return f"L|{term}|{tag}"
    assert isinstance(term, URIRef)
    return str(term)


def sent_triples(requests: list[str]) -> int:
    """Triples carried by update requests: one N-Triples statement per line ending in ' .'."""
    return sum(1 for text in requests for line in text.splitlines() if line.endswith(" ."))


def changed(before: dict[str, set[tuple[str, ...]]], after: dict[str, set[tuple[str, ...]]]) -> int:
    return sum(len(before.get(g, set()) ^ after.get(g, set())) for g in set(before) | set(after))


@pytest.fixture
def project(tmp_path: Path, virtuoso: VirtuosoServer, request: pytest.FixtureRequest) -> Project:
    base = f"http://example.org/push/{request.node.name}/"
    p = Project(tmp_path, virtuoso, base)
    p.build()
    return p


def assert_server_holds_the_dump(project: Project) -> None:
    for name, triples in project.dump().items():
        assert project.remote(name) == triples, name


# ---------------------------------------------------------------- diffs


def test_an_edited_file_is_pushed_as_the_triples_it_changed(project: Project) -> None:
    first, _ = project.push()
    assert all(not g.diffed for g in first.graphs)
    before = project.dump()
    project.edit(OLD_LABEL, "Nghị quyết 06-NQ/TU (sửa) về phát triển nguồn nhân lực tỉnh Điện Biên")
    project.build()
    after = project.dump()

    notes: list[str] = []
    report, requests = project.push(progress=notes.append)
    assert all(g.diffed for g in report.graphs), report.lines()
    # Found by comparing the two dumps' blocks, without reading the whole graphs.
    assert not [n for n in notes if "comparing the whole graphs" in n], notes
    added = sum(g.added or 0 for g in report.graphs)
    removed = sum(g.removed or 0 for g in report.graphs)
    assert added + removed == changed(before, after) > 0
    # Only the changed triples travelled: counted in the requests themselves.
    assert sent_triples(requests) == added + removed
    # One request per graph that changed (a label: the asserted graph only), none for the others.
    assert len(requests) == sum(before[g] != after[g] for g in after) == 1
    text = "\n".join(report.lines())
    assert f"pushed {added} added and {removed} removed triples in 3 graph(s)" in text
    assert_server_holds_the_dump(project)


def test_an_added_and_a_deleted_file_are_pushed_as_diffs(project: Project) -> None:
    project.push()
    before = project.dump()
    extra = project.data / "documents" / "zz-extra.ttl"
    extra.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/nqgraph/id/test/extra> rdfs:label "Tài liệu thêm"@vi ;\n'
        '    rdfs:comment [ rdfs:label "một nút trống"@vi ] .\n',
        encoding="utf-8",
    )
    project.build()
    added_dump = project.dump()
    report, requests = project.push()
    assert all(g.diffed for g in report.graphs)
    assert sum((g.added or 0) + (g.removed or 0) for g in report.graphs) == changed(before, added_dump) > 0
    assert sum(g.removed or 0 for g in report.graphs) == 0
    assert sent_triples(requests) == changed(before, added_dump)
    assert_server_holds_the_dump(project)

    # Deleting the file again: a blank node cannot go in DELETE DATA; its structure is matched.
    extra.unlink()
    project.build()
    report, requests = project.push()
    assert sum(g.added or 0 for g in report.graphs) == 0
    assert sum(g.removed or 0 for g in report.graphs) == changed(added_dump, project.dump())
    assert any(text.startswith("DELETE {") for text in "\n".join(requests).split(";\n"))
    assert_server_holds_the_dump(project)
    assert project.dump() == before


def test_a_push_with_nothing_changed_sends_nothing(project: Project) -> None:
    project.push()
    report, requests = project.push()
    assert requests == []
    assert all(g.diffed and g.added == g.removed == 0 for g in report.graphs)
    assert "pushed 0 added and 0 removed triples in 3 graph(s)" in "\n".join(report.lines())


# ---------------------------------------------------------------- when a diff cannot be trusted


def test_a_graph_changed_on_the_server_since_is_replaced_whole(project: Project) -> None:
    project.push()
    asserted = project.base + "asserted"
    http = Http(user="dba", password=project.server.password, timeout=30)
    pusher = Pusher(
        endpoint=project.server.sparql,
        http=http,
        graph_store=None,
        update_endpoint=None,
        method="update",
        chunk_size=250,
        progress=None,
    )
    pusher.update(
        f'INSERT DATA {{ GRAPH <{asserted}> {{ <http://example.org/stray> <http://example.org/p> "x" }} }}'
    )
    project.edit(OLD_LABEL, "Nghị quyết 06-NQ/TU (sửa lần hai)")
    project.build()

    report, _ = project.push()
    by_graph = {g.graph: g for g in report.graphs}
    assert not by_graph[asserted].diffed
    assert "it changed since" in by_graph[asserted].why_whole
    assert by_graph[project.base + "inferred"].diffed
    assert re.search(
        r"replaced whole: the server holds \d+ triples in it and the last push left",
        "\n".join(report.lines()),
    )
    assert_server_holds_the_dump(project)


def test_a_push_from_elsewhere_is_seen_by_its_marker(project: Project, tmp_path: Path) -> None:
    project.push()
    # Another machine (another record folder) pushes the same build: same counts, new markers.
    other = push(
        endpoint=project.server.sparql,
        build_dir=project.out,
        graph_base=project.base,
        user="dba",
        password=project.server.password,
        record_dir=tmp_path / "elsewhere",
    )
    assert all(not g.diffed for g in other.graphs)
    report, _ = project.push()
    assert all(not g.diffed and "marker differs" in g.why_whole for g in report.graphs)


def test_a_damaged_or_foreign_record_leads_to_a_whole_push_saying_why(project: Project) -> None:
    project.push()
    for path in project.records.glob("*/record.json"):
        path.write_text(
            path.read_text(encoding="utf-8").replace('"version": 2', '"version": 1'), encoding="utf-8"
        )
    report, _ = project.push()
    assert all("from another version of nqgraph" in g.why_whole for g in report.graphs)
    report, _ = project.push(full=True)
    assert all(g.why_whole == "--full" for g in report.graphs)
    assert_server_holds_the_dump(project)


# ---------------------------------------------------------------- the bulk loader


def test_the_bulk_loader_replaces_every_graph_and_the_next_push_is_a_diff(project: Project) -> None:
    folder = project.server.folder / "bulk"  # inside the server's DirsAllowed
    folder.mkdir(exist_ok=True)
    bulk = Bulk(isql=f"127.0.0.1:{project.server.sql_port}", folder=folder)
    report, _ = project.push(bulk=bulk, full=True)
    assert {g.method for g in report.graphs} == {"bulk"}
    assert list(folder.iterdir()) == []  # the loader's files are removed
    assert_server_holds_the_dump(project)

    project.edit(OLD_LABEL, "Nghị quyết 06-NQ/TU (sửa sau bulk)")
    project.build()
    report, _ = project.push(bulk=bulk)
    assert all(g.diffed for g in report.graphs)
    assert_server_holds_the_dump(project)


def test_the_bulk_loader_names_a_folder_that_is_not_there(project: Project, tmp_path: Path) -> None:
    bulk = Bulk(isql=f"127.0.0.1:{project.server.sql_port}", folder=tmp_path / "missing")
    with pytest.raises(nqgraph.StoreError, match=r"missing: not a folder .*DirsAllowed"):
        project.push(bulk=bulk, full=True)


def test_the_cli_pushes_through_the_bulk_loader_and_then_a_diff(project: Project) -> None:
    folder = project.server.folder / "bulk-cli"
    folder.mkdir(exist_ok=True)
    args = [
        "push",
        "--endpoint",
        project.server.sparql,
        "--out",
        str(project.out),
        "--graph-base",
        project.base,
        "--user",
        "dba",
        "--record-dir",
        str(project.records),
    ]
    env = {"NQGRAPH_PASSWORD": project.server.password}
    bulk = ["--bulk", "--isql", f"127.0.0.1:{project.server.sql_port}", "--bulk-dir", str(folder)]
    result = CliRunner().invoke(cli, [*args, *bulk], env=env)
    assert result.exit_code == 0, result.output
    assert f"bulk at isql 127.0.0.1:{project.server.sql_port}" in result.output
    project.edit(OLD_LABEL, "Nghị quyết 06-NQ/TU (sửa qua CLI)")
    project.build()
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert re.search(r"pushed \d+ added and \d+ removed triples in 3 graph\(s\)", result.output), (
        result.output
    )
    result = CliRunner().invoke(cli, [*args, "--bulk-dir", str(folder)], env=env)
    assert result.exit_code == 2 and "--isql and --bulk-dir go with --bulk" in result.output


# Last: Virtuoso counts failed logins, and a wrong password must not lock the others out.
def test_the_bulk_loader_says_when_the_server_refuses_the_credentials(project: Project) -> None:
    folder = project.server.folder / "bulk-refused"
    folder.mkdir(exist_ok=True)
    with pytest.raises(nqgraph.StoreError, match="refused the credentials of user 'dba'"):
        push(
            endpoint=project.server.sparql,
            build_dir=project.out,
            graph_base=project.base,
            user="dba",
            password="wrong",
            record_dir=project.records,
            bulk=Bulk(isql=f"127.0.0.1:{project.server.sql_port}", folder=folder),
            full=True,
        )
