"""The site never links to what the data says to run, and builds long lists and deep nesting in
time linear in their size."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import nqgraph
from conftest import DATA
from nqgraph.publish.fragments import link, linkable
from nqgraph.publish.site.context import Ref

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
