"""The in-browser search index."""

from __future__ import annotations

import json
from typing import Any

from rdflib.term import Node, URIRef

from nqgraph.namespaces import ID, NQ, RDF_TYPE
from nqgraph.publish.site.context import RDFS_LABEL, SKOS, Site
from nqgraph.text import fold

SEARCH_INDEX = "static/search-index.js"
PREFIX, SUFFIX = "window.NQ_SEARCH = ", ";\n"


# The properties an entry reads (as N-Triples terms): a change of no other leaves the index as it was.
SEARCH_PREDICATES = frozenset(
    f"<{p}>" for p in (RDFS_LABEL, SKOS + "altLabel", NQ + "documentNumber", RDF_TYPE)
)


def search_entry(site: Site, s: Node) -> dict[str, Any] | None:
    """The search index's entry for the subject ``s``, or None when it has none. It reads only
    ``s``'s own properties (labels, types)."""
    idx = site.idx
    if not (isinstance(s, URIRef) and str(s).startswith(ID)):
        return None
    # Read, not kept in the index's cache of types: the build makes the search index in its main
    # process, where types kept for every subject would stay for the rest of the build.
    types = frozenset(str(t) for t in idx.objects(s, RDF_TYPE))
    if NQ + "Attestation" in types or NQ + "Section" in types:
        return None
    labels = {
        str(v) for p in (RDFS_LABEL, SKOS + "altLabel", NQ + "documentNumber") for v in idx.objects(s, p)
    }
    if not labels:
        return None
    kind = next((t[len(NQ) :] for t in sorted(types) if t.startswith(NQ)), "")
    return {
        # The page's path, or in the core site the IRI of a resource without a page.
        "h": site.ref(s, "search.html").href,
        "vi": idx.label(s, "vi"),
        "en": idx.label(s, "en"),
        "k": kind,
        "f": " ".join(sorted({fold(x) for x in labels})),
    }


def entry_text(entry: dict[str, Any]) -> str:
    """An entry as the search index writes it (the index is the list of them, in IRI order)."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def search_body(entries: list[str]) -> str:
    """The search index's file of the entries' texts (see :func:`entry_text`)."""
    return PREFIX + "[" + ",".join(entries) + "]" + SUFFIX


def search_index(site: Site, *, made: str | None = None) -> None:
    """A label index for in-browser search, folded so that accents and tone-mark styles match
    (``made``: its file, made beforehand by :func:`search_file`), and the search page."""
    site.put(SEARCH_INDEX, made if made is not None else search_file(site))
    search_page(site)


def search_file(site: Site) -> str:
    """The search index's file of ``site``'s graph: an entry for each subject that has one."""
    entries = [search_entry(site, s) for s in sorted(site.idx.out, key=str)]
    return search_body([entry_text(e) for e in entries if e is not None])


def search_page(site: Site) -> None:
    """The search page (the same for every graph: the script reads the index)."""
    site.write_listing("search.html", "search.html", vi="Tìm kiếm", en="Search")
