"""Every class and property of the ontology has an anchor at its IRI fragment, on the page at the
ontology's IRI path, so ``https://w3id.org/nqgraph/ontology#Target`` opens at nq:Target."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from browser_support import Server, fetch, parse_page
from conftest import ROOT
from nqgraph.namespaces import NQ


class Ids(HTMLParser):
    """Every element's id, counted."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def ids_of(html: str) -> Counter[str]:
    parser = Ids()
    parser.feed(html)
    return parser.ids


def terms() -> list[str]:
    """The local names of every nq: class, object property and datatype property."""
    onto = Graph().parse(ROOT / "ontology" / "nqgraph.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted(
        str(s)[len(NQ) :]
        for kind in kinds
        for s in onto.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(NQ)
    )


@pytest.mark.parametrize("page", ["ontology/index.html", "ontology.html"])
def test_each_class_and_property_has_exactly_one_element_with_its_name_as_id(site: Path, page: str) -> None:
    ids = ids_of((site / page).read_text(encoding="utf-8"))
    names = terms()
    assert len(names) > 100 and "Target" in names and "leadAgency" in names and "symbol" in names
    assert {name: ids[name] for name in names if ids[name] != 1} == {}


def test_the_ontology_iri_path_is_served_with_its_anchors(server: Server) -> None:
    for path in ("/ontology", "/ontology/"):
        answer = fetch(server.url + path)
        assert answer.status == 200 and answer.media_type == "text/html"
        assert ids_of(answer.text)["Target"] == 1


def test_links_of_the_page_at_the_iri_path_lead_to_pages_of_the_site(site: Path) -> None:
    page = site / "ontology" / "index.html"
    for _, href in parse_page(page).links:
        target = href.split("#", 1)[0]
        if not target or ":" in target or target.startswith("/"):
            continue
        resolved = (page.parent / target).resolve()
        assert resolved.is_file() or (resolved / "index.html").is_file(), href
