"""The site never links to what the data says to run, and builds long lists and deep nesting in
time linear in their size."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

import nqgraph
from conftest import DATA
from nqgraph.cli import cli
from nqgraph.graph.loader import MAX_NESTING
from nqgraph.publish.fragments import link, linkable
from nqgraph.publish.serialize import turtle
from nqgraph.publish.site.context import Ref, stable_bnodes

ID = "https://w3id.org/nqgraph/id/"
HOSTILE = (
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
)
FRIENDLY = ("https://example.org/report", "mailto:office@example.org")
PREFIXES = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"


class Links(HTMLParser):
    """Every link of a page (``<a href>``, in HTML and SVG), and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.iris: list[str] = []  # the text of each <span class="iri">
        self._in_iri = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k in ("href", "xlink:href") and v is not None]
        self._in_iri = tag == "span" and ("class", "iri") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_iri:
            self.iris.append(data)
            self._in_iri = False


def _parsed(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _folder(tmp_path: Path, name: str, body: str) -> Path:
    data = tmp_path / name
    data.mkdir()
    shutil.copy(DATA / "periods.ttl", data / "periods.ttl")
    (data / "x.ttl").write_text(PREFIXES + body, encoding="utf-8")
    return data


def test_a_javascript_or_data_iri_in_the_data_is_text_not_a_link(tmp_path: Path) -> None:
    seen = ",\n    ".join(f"<{iri}>" for iri in (*HOSTILE, *FRIENDLY))
    data = _folder(tmp_path, "data", f'<{ID}test/x> rdfs:label "x"@en ;\n  rdfs:seeAlso {seen} .\n')
    built = nqgraph.build(out=tmp_path / "out", data=data, today=dt.date(2026, 11, 23))
    pages = sorted((built.out / "site").rglob("*.html"))
    assert pages
    for page in pages:
        for href in _parsed(page).hrefs:
            assert linkable(href), f"{page}: {href}"
    resource = _parsed(built.out / "site" / "id" / "test" / "x" / "index.html")
    # Each hostile IRI is shown, as text (its short form), and none is linked.
    shown = [text for text in resource.iris if any(iri.endswith(text) for iri in HOSTILE)]
    assert len(shown) == len(HOSTILE), resource.iris
    assert not set(HOSTILE) & set(resource.hrefs)
    assert set(FRIENDLY) <= set(resource.hrefs)


@pytest.mark.parametrize("iri", [*HOSTILE, "java\tscript:alert(1)", " javascript:alert(1)", "\x01data:,x"])
def test_a_link_to_an_unsafe_scheme_is_written_as_text(iri: str) -> None:
    assert not linkable(iri)
    html = str(link(Ref(iri, iri, iri, external=True)))
    parser = Links()
    parser.feed(html)
    assert parser.hrefs == []


@pytest.mark.parametrize(
    "href", [*FRIENDLY, "HTTPS://example.org/", "id/x/index.html", "../ontology.html#Term"]
)
def test_site_paths_and_web_iris_stay_links(href: str) -> None:
    assert linkable(href)


# ---------------------------------------------------------------- long lists and deep nesting


def _list(items: int, head: Node) -> list[tuple[Node, Node, Node]]:
    cells = [BNode() for _ in range(items)]
    triples: list[tuple[Node, Node, Node]] = [(head, RDFS.comment, cells[0])]
    for i, cell in enumerate(cells):
        triples += [(cell, RDF.first, Literal(f"item {i % 7}")), (cell, RDF.rest, RDF.nil)]
        if i + 1 < items:
            triples[-1] = (cell, RDF.rest, cells[i + 1])
    return triples


def _nt(triples: list[tuple[Node, Node, Node]]) -> list[str]:
    return sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def test_blank_node_labels_of_a_long_list_are_stable_and_linear() -> None:
    head = URIRef(ID + "test/x")
    # Before, rdflib's canonical labelling took minutes for 2,000 items.
    started = time.perf_counter()
    first = stable_bnodes(_list(20_000, head))
    assert time.perf_counter() - started < 20
    # Fresh blank nodes, the same labels; every cell keeps its own label.
    assert _nt(first) == _nt(stable_bnodes(_list(20_000, head)))
    assert len({s for s, _, _ in first if isinstance(s, BNode)}) == 20_000


def test_blank_nodes_in_a_ring_are_labelled_not_merged_or_lost() -> None:
    a, b, c = BNode(), BNode(), BNode()
    ring = [(a, RDFS.seeAlso, b), (b, RDFS.seeAlso, a), (b, RDFS.comment, c), (c, RDFS.label, Literal("c"))]
    text = turtle(ring, prefixes={})
    assert len(Graph().parse(data=text, format="turtle")) == 4  # the dump left them out before
    assert len(stable_bnodes(ring)) == 4


def test_a_list_of_20000_items_builds_in_seconds(runner: CliRunner, tmp_path: Path) -> None:
    items = " ".join(f'"item {i}"' for i in range(20_000))
    data = _folder(tmp_path, "data", f'<{ID}test/x> rdfs:label "x"@en ;\n  rdfs:comment ( {items} ) .\n')
    started = time.perf_counter()
    result = runner.invoke(cli, ["build", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 90  # 1,000 items took 13 s and 4,000 over 300 s before
    dump = Graph().parse(tmp_path / "out" / "nqgraph.ttl", format="turtle")
    items_read = {str(o) for _, _, o in dump.triples((None, RDF.first, None)) if str(o).startswith("item ")}
    assert len(items_read) == 20_000


def _nested(levels: int) -> str:
    return (
        f'<{ID}test/x> rdfs:label "x"@en ;\n  rdfs:comment '
        + "[ rdfs:comment " * levels
        + '"deep"'
        + " ]" * levels
        + " .\n"
    )


def test_nesting_up_to_the_limit_builds(runner: CliRunner, tmp_path: Path) -> None:
    data = _folder(tmp_path, "data", _nested(MAX_NESTING))
    result = runner.invoke(cli, ["build", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 10_000])
def test_deeper_nesting_is_refused_with_file_and_line(runner: CliRunner, tmp_path: Path, levels: int) -> None:
    data = _folder(tmp_path, "data", _nested(levels))
    result = runner.invoke(
        cli, ["build", "--data", str(data), "--out", str(tmp_path / "out"), "--site", "none"]
    )
    assert result.exit_code == 2, result.output
    assert f"{data / 'x.ttl'}:4: blank nodes nested more than {MAX_NESTING} levels deep" in result.output
    assert "RecursionError" not in result.output
