"""The W3C SPARQL 1.1 Protocol test suite (rdf-tests, ``sparql/sparql11/protocol``), run from its manifest
against a real `nqgraph serve` on loopback.

The suite is other people's files and is not committed: it is read from ``$NQGRAPH_MIRROR/conformance/
sparql/sparql11/protocol`` (see docs/reference-data.md). Without it the tests are skipped, except under
CI, where they fail. Every ``query_*`` and ``bad_*`` case runs; the ``update_*`` cases are out of scope
because the endpoint is read-only by design (it refuses every update with 403), which is listed with
each of them. The run prints the pass counts.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.dom import minidom

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from browser_support import Server
from conftest import ROOT

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
SUITE = "conformance/sparql/sparql11/protocol"
OUT_OF_SCOPE = "update operation: the endpoint is read-only and refuses every update with 403"
MEDIA = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}


def suite_folder() -> Path | None:
    mirror = os.environ.get("NQGRAPH_MIRROR")
    folder = Path(mirror) / SUITE if mirror else None
    return folder if folder is not None and (folder / "manifest.ttl").is_file() else None


def require_suite() -> Path:
    folder = suite_folder()
    if folder is None:
        message = (
            f"the W3C SPARQL 1.1 Protocol suite is missing: set NQGRAPH_MIRROR to a folder holding {SUITE}"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return folder


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[str, ...]
    boolean: bool | None
    form: str | None


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    requests: tuple[Request, ...]
    graphs: tuple[tuple[str, str], ...]  # (graph name, data file)


def read_manifest(folder: Path) -> list[Case]:
    g = Graph().parse(folder / "manifest.ttl", format="turtle", publicID=(folder / "manifest.ttl").as_uri())
    manifest = next(g.subjects(MF.entries, None))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        action = g.value(entry, MF.action)
        requests = []
        for req in Collection(g, g.value(action, HT.requests)):
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            headers = []
            if (header_list := g.value(req, HT.headers)) is not None:
                for h in Collection(g, header_list):
                    headers.append((str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue))))
            resp = g.value(req, HT.resp)
            expected = g.value(resp, MF.expectedBoolean)
            form = g.value(resp, MF.expectedFormat)
            requests.append(
                Request(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=tuple(headers),
                    body=body,
                    statuses=tuple(
                        sorted(str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus))
                    ),
                    boolean=expected.toPython() if isinstance(expected, Literal) else None,
                    form=str(form) if form is not None else None,
                )
            )
        graphs = tuple(
            sorted(
                (str(g.value(d, RDFS_LABEL)), Path(str(g.value(d, UT.graph))).name)
                for d in g.objects(entry, UT.graphData)
            )
        )
        cases.append(Case(name, str(g.value(entry, MF.name)), tuple(requests), graphs))
    return cases


def _case_names() -> list[str]:
    folder = suite_folder()
    if folder is None:
        return ["(suite missing)"]
    return [c.name for c in read_manifest(folder)]


RESULTS: dict[str, str] = {}


@pytest.fixture(scope="module")
def suite() -> dict[str, Case]:
    return {c.name: c for c in read_manifest(require_suite())}


@pytest.fixture(scope="module")
def protocol_server(suite: dict[str, Case], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`nqgraph serve` over a build folder holding the suite's data files as named graphs."""
    folder = require_suite()
    out = tmp_path_factory.mktemp("protocol") / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("<!doctype html><title>protocol tests</title>", encoding="utf-8")
    graphs = sorted({pair for case in suite.values() for pair in case.graphs})
    trig = "".join(f"<{name}> {{\n{(folder / file).read_text(encoding='utf-8')}}}\n" for name, file in graphs)
    (out / "nqgraph.trig").write_text(trig, encoding="utf-8")
    running = Server(out)
    yield running
    running.stop()


@pytest.fixture(scope="module", autouse=True)
def pass_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not RESULTS:
        return
    passed = sum(v == "passed" for v in RESULTS.values())
    run = sum(v != "out of scope" for v in RESULTS.values())
    scoped_out = sorted(k for k, v in RESULTS.items() if v == "out of scope")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\nW3C SPARQL 1.1 Protocol (query_* and bad_* cases): {passed} of {run} passed")
        print(f"out of scope ({len(scoped_out)}, {OUT_OF_SCOPE}): {', '.join(scoped_out)}")


def perform(server: Server, req: Request) -> tuple[int, str, bytes]:
    path = req.path
    if path.startswith("/sparql/"):
        path = "/sparql" + path[len("/sparql/") :]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(req.method, path, skip_accept_encoding=True)
        for name, value in req.headers:
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(req.body or b"")))
        conn.endheaders(req.body)
        response = conn.getresponse()
        media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return response.status, media, response.read()
    finally:
        conn.close()


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    node = minidom.parseString(body).getElementsByTagName("boolean")[0]
    return node.firstChild.data.strip() == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", _case_names())
def test_the_w3c_protocol_case_passes(name: str, suite: dict[str, Case], protocol_server: Server) -> None:
    case = suite[name]
    if name.startswith("update_"):
        # Out of scope: the update is refused (the suite's later requests expect its effects).
        RESULTS[name] = "out of scope"
        status, _, body = perform(protocol_server, case.requests[0])
        assert status == 403, (case.title, status, body[:300])
        return
    RESULTS[name] = "failed"
    for req in case.requests:
        status, media, body = perform(protocol_server, req)
        klass = f"StatusCode{status // 100}xx"
        assert klass in req.statuses, (case.title, req.method, req.path, status, body[:300])
        if req.form is not None:
            assert media in MEDIA[req.form], (case.title, media)
        if req.form == "RDF":
            syntax = {"application/rdf+xml": "xml", "text/turtle": "turtle"}.get(media, "nt")
            Graph().parse(data=body, format=syntax)
        if req.boolean is not None:
            assert _boolean(media, body) is req.boolean, (case.title, body[:300])
    RESULTS[name] = "passed"


def test_the_manifest_has_the_expected_cases(suite: dict[str, Case]) -> None:
    names = list(suite)
    assert sum(n.startswith("query_") for n in names) == 13
    assert sum(n.startswith("bad_") for n in names) == 14
    assert sum(n.startswith("update_") for n in names) == 7


def test_the_readme_states_the_counts_of_the_manifest(suite: dict[str, Case]) -> None:
    run = sum(not n.startswith("update_") for n in suite)
    updates = len(suite) - run
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"passes {run} of {run} query and bad-request cases; its {updates} update cases" in readme
