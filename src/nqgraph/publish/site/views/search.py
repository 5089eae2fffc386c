"""The in-browser search index."""

from __future__ import annotations

import json

from rdflib.term import URIRef

from nqgraph.namespaces import ID, NQ
from nqgraph.publish.site.context import RDFS_LABEL, SKOS, Site
from nqgraph.text import fold


def search_index(site: Site) -> None:
    """A label index for in-browser search, folded so that accents and tone-mark styles match."""
    idx = site.idx
    entries = []
    for s in sorted(idx.out, key=str):
        if not (isinstance(s, URIRef) and str(s).startswith(ID)):
            continue
        if idx.is_a(s, "Attestation") or idx.is_a(s, "Section"):
            continue
        labels = {
            str(v) for p in (RDFS_LABEL, SKOS + "altLabel", NQ + "documentNumber") for v in idx.objects(s, p)
        }
        if not labels:
            continue
        kind = next((t[len(NQ) :] for t in sorted(idx.types(s)) if t.startswith(NQ)), "")
        entries.append(
            {
                # The page's path, or in the core site the IRI of a resource without a page.
                "h": site.ref(s, "search.html").href,
                "vi": idx.label(s, "vi"),
                "en": idx.label(s, "en"),
                "k": kind,
                "f": " ".join(sorted({fold(x) for x in labels})),
            }
        )
    body = "window.NQ_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
    site.put("static/search-index.js", body)
    site.write_listing("search.html", "search.html", vi="Tìm kiếm", en="Search")
