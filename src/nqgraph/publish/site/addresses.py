"""Where a resource's page and data files live in the site, and the IRI a site path stands for."""

from __future__ import annotations

import re

from nqgraph.namespaces import ID, NQ, ONTOLOGY

BASE = "https://w3id.org/nqgraph/"


def page_path(iri: str) -> str | None:
    """The site path of a resource's page, or None for IRIs outside the site."""
    if iri.startswith(ID):
        tail = iri[len(ID) :].strip("/")
        return f"id/{tail}/index.html" if tail else "id/index.html"
    if iri.startswith(NQ):
        return "ontology.html"
    if iri == ONTOLOGY:
        return "ontology.html"
    return None


def data_path(iri: str, ext: str) -> str:
    return f"id/{iri[len(ID) :].strip('/')}.{ext}"


def anchor_of(iri: str) -> str:
    """An id for a component's row: its kind and number (``target-i-3-1-6-a``), and for a section
    also its text variant (``text-a-s-i-3``), so anchors on one page never collide."""
    parts = iri.rsplit("#", 1)[-1].split("/")
    tail = parts[-3:] if len(parts) >= 3 and parts[-2] == "s" else parts[-2:]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(tail)).strip("-") or "x"


def iri_for_path(path: str) -> str | None:
    """The resource IRI a site path stands for (``id/a/b``, ``id/a/b/``, ``id/a/b.ttl`` → ``…/id/a/b``)."""
    clean = path.strip("/")
    if not clean.startswith("id/"):
        return None
    clean = re.sub(r"(/index\.html|\.html|\.ttl|\.nt|\.jsonld)$", "", clean)
    return ID + clean[len("id/") :]
