"""The site-wide files of a site (home, lists, saved queries, SPARQL editor, search index, downloads
and exports, ontology) written again into an existing site folder: what an incremental build does
after re-rendering the resources a change touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib.term import URIRef

from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.files import remove_file
from nqgraph.publish.site.index import Index, IndexBuilder
from nqgraph.publish.site.store_index import PageReads
from nqgraph.publish.site.views.downloads import downloads_page, write_exports
from nqgraph.publish.site.views.home import home_page
from nqgraph.publish.site.views.lists import list_pages
from nqgraph.publish.site.views.ontology import ontology_page
from nqgraph.publish.site.views.queries import query_pages
from nqgraph.publish.site.views.search import search_index


@dataclass(frozen=True)
class SiteChange:
    """What an incremental build changed, for the site-wide files: the triples added or removed
    (asserted and inferred, as N-Triples terms) and the reads recorded by the previous build (of
    resources and of site-wide files alike; see :func:`write_site_wide`)."""

    triples: Sequence[NTriple]
    previous: Mapping[str, PageReads]


def whole_index(store: OxigraphStore) -> Index:
    """The whole-graph :class:`Index` of a build's store (what the site-wide pages list)."""
    builder = IndexBuilder()
    for graph in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED):
        builder.add(store.nt_triples(URIRef(graph)))
    return builder.finish()


def write_site_wide(
    store: OxigraphStore,
    *,
    site_root: Path,
    today: dt.date,
    sources_root: Path,
    queries: Mapping[str, SavedQuery],
    downloads: Mapping[str, Path],
    findings: Iterable[Any],
    scope: str,
    index: Index,
    change: SiteChange | None = None,
) -> dict[str, PageReads]:
    """Write the site-wide files of ``site_root`` again from ``index`` (the whole-graph index of
    ``store``), each file anew. With ``change``, only those the change can touch are written.

    Returns what each site-wide file written read, keyed by its site path (never an IRI: the
    resources' reads share the dictionary); files left as they were keep their earlier reads."""
    site = Site(index, root=site_root, today=today, sources_root=sources_root)
    site.full = scope == "all"
    docs = index.instances("Document")
    # A saved query may have fewer pages than before: its old pages go first.
    for old in sorted((site_root / "queries").rglob("*.html")) if (site_root / "queries").is_dir() else []:
        remove_file(site_root, old.relative_to(site_root).as_posix())
    static = resources.files("nqgraph.publish") / "static"
    for name in ("site.css", "site.js"):
        site.put(f"static/{name}", static.joinpath(name).read_text(encoding="utf-8"))
    query_pages(site, store, queries)
    search_index(site)
    write_exports(site, full=scope == "all")
    list_pages(site, docs)
    ontology_page(site)
    home_page(site, docs, findings)
    downloads_page(site, downloads)
    return {}
