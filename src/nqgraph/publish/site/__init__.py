"""The static cross-reference site: one HTML page per resource, per document, agency, indicator,
saved query, plus home, search, ontology and downloads.

Pages are generated with Jinja2 (one environment, autoescape on) from the reasoned graph. The page
of a resource lives at the path of its IRI below ``https://w3id.org/nqgraph/``
(``id/eli/…/10-nq-tu`` → ``id/eli/…/10-nq-tu/index.html``, with ``.ttl``, ``.nt`` and ``.jsonld``
beside it), so hosting the folder at that base makes every IRI resolve. Links are relative, so the
site also works from a file system or under any prefix.
"""

from __future__ import annotations

from nqgraph.publish.site.addresses import iri_for_path, page_path
from nqgraph.publish.site.context import Ref, Site, expanded_jsonld, stable_bnodes
from nqgraph.publish.site.environment import format_number, make_env
from nqgraph.publish.site.rows import task_status
from nqgraph.publish.site.writer import SiteResult, build_site

__all__ = [
    "Ref",
    "Site",
    "SiteResult",
    "build_site",
    "expanded_jsonld",
    "format_number",
    "iri_for_path",
    "make_env",
    "page_path",
    "stable_bnodes",
    "task_status",
]
