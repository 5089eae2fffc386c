"""Pages of the text variants: the source with every extracted statement highlighted."""

from __future__ import annotations

from rdflib.term import URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.highlight import highlight


def source_pages(site: Site) -> None:
    """One page per text variant: the source text with every quoted statement marked and linked."""
    for expr in site.idx.instances("Expression"):
        source_page(site, expr)


def source_page(site: Site, expr: URIRef, *, write: bool = True) -> bool:
    """The page of one text variant, and the place of each statement it quotes in ``site.quotes``
    (what the pages of those statements link to); with ``write`` False only the places.

    False when the variant has no source text file (then it has no page).
    """
    idx = site.idx
    file = idx.text(expr, NQ + "sourceFile")
    page = page_path(str(expr)) or ""
    if not file or not (site.sources_root / file).is_file():
        return False
    text = (site.sources_root / file).read_text(encoding="utf-8")
    quotes: list[tuple[str, str, str]] = []
    owners: dict[str, URIRef] = {}
    for att in idx.subjects(NQ + "expression", expr):
        if not idx.is_a(att, "Attestation"):
            continue
        for comp, p in idx.inc.get(att, []):
            if str(p) == NQ + "attestation" and isinstance(comp, URIRef):
                href = site.ref(comp, page).href
                owners[href] = comp
                quotes.append((idx.text(att, NQ + "sourceText"), href, idx.label(comp, "vi")))
    for comp in idx.subjects(NQ + "statedIn", expr):
        if not isinstance(comp, URIRef) or any(
            idx.value(a, NQ + "expression") == expr for a in idx.objects(comp, NQ + "attestation")
        ):
            continue
        href = site.ref(comp, page).href
        owners[href] = comp
        for quote in idx.objects(comp, NQ + "sourceText"):
            quotes.append((str(quote), href, idx.label(comp, "vi")))
    lines, anchors = highlight(text, quotes)
    for href, anchor in anchors.items():
        site.quotes[(str(owners[href]), str(expr))] = (page, anchor)
    if not write:
        return True
    doc = idx.value(expr, NQ + "expressionOf")
    site.write(
        page,
        "source.html",
        node=expr,
        lines=lines,
        file=file,
        marked=len(anchors),
        document=site.ref(doc, page) if doc is not None else None,
        crumbs=site.breadcrumbs(expr, page),
        backlinks=site.links_here(expr, page),
        jsonld=site.jsonld(expr),
        data_href=site.rel(data_path(str(expr), "ttl"), page),
        jsonld_href=site.rel(data_path(str(expr), "jsonld"), page),
    )
    return True
