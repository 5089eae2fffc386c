"""The site-wide overview pages: the lists of documents, agencies and indicators, the ontology and
the home page, each with its site path. One table for the clean build (``writer``) and the
incremental one (``site_wide``), which keep each page's reads under that path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rdflib.term import URIRef

from nqgraph.publish.site.context import Site
from nqgraph.publish.site.views.home import home_page
from nqgraph.publish.site.views.lists import agencies_page, documents_page, indicators_page
from nqgraph.publish.site.views.ontology import ontology_page

HOME = "index.html"


def _documents(site: Site) -> list[URIRef]:
    # Asked of the page's own (recording) index: which documents there are is among what it read.
    return site.idx.instances("Document")


def overview_pages(findings: Sequence[Any]) -> list[tuple[str, Callable[[Site], None]]]:
    """Each overview page's site path and how it is written; the home page lists ``findings``."""
    return [
        ("documents.html", lambda site: documents_page(site, _documents(site))),
        ("agencies.html", agencies_page),
        ("indicators.html", indicators_page),
        ("ontology.html", ontology_page),
        (HOME, lambda site: home_page(site, _documents(site), findings)),
    ]
