"""The page of any other resource: its properties and what links to it."""

from __future__ import annotations

from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ, RDF_TYPE
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.rows import target_row, task_row


def resource_page(site: Site, node: URIRef) -> None:
    idx = site.idx
    page = page_path(str(node)) or ""
    props = []
    for p in sorted(idx.out.get(node, {}), key=lambda p: (str(p) != RDF_TYPE, str(p))):
        values = [site.term(o, page) for o in idx.out[node][p]]
        props.append({"prop": site.ref(p, page), "objects": values})
    quotes = []
    for expr in idx.objects(node, NQ + "statedIn"):
        where = site.quotes.get((str(node), str(expr)))
        if where:
            quotes.append({"expr": site.ref(expr, page), "href": site.rel(where[0], page) + "#" + where[1]})
    extra: dict[str, Any] = {}
    if idx.is_a(node, "Target"):
        extra["target"] = target_row(site, node, page)
    if idx.is_a(node, "Task"):
        extra["task"] = task_row(site, node, page)
    site.write(
        page,
        "resource.html",
        node=node,
        props=props,
        quotes=quotes,
        texts=[str(t) for t in idx.objects(node, NQ + "sourceText")],
        kinds=[site.ref(URIRef(t), page) for t in sorted(idx.types(node)) if t.startswith(NQ)],
        crumbs=site.breadcrumbs(node, page),
        backlinks=site.links_here(node, page),
        jsonld=site.jsonld(node),
        data_href=site.rel(data_path(str(node), "ttl"), page),
        jsonld_href=site.rel(data_path(str(node), "jsonld"), page),
        **extra,
    )
