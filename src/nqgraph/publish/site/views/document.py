"""The page of a document: metadata, supersession chain, citations, structure, targets, tasks."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib.term import Node, URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.addresses import anchor_of, data_path, page_path
from nqgraph.publish.site.context import Ref, Site
from nqgraph.publish.site.rows import component_rows, date_of, path_key, period_text, target_row, task_row


def _tree(
    site: Site, page: str, children: dict[Node | None, list[Node]], parent: Node | None, depth: int
) -> list[dict[str, Any]]:
    # A function of the module, not a closure calling itself: that closure would be a cycle
    # holding the page's index until the cyclic collector ran.
    idx = site.idx
    nodes = sorted(
        children.get(parent, []), key=lambda s: (path_key(idx.text(s, NQ + "sectionPath")), str(s))
    )
    return [
        {
            "ref": site.ref(s, page),
            "path": idx.text(s, NQ + "sectionPath"),
            "heading": idx.text(s, NQ + "heading"),
            "anchor": anchor_of(str(s)),
            "children": _tree(site, page, children, s, depth + 1) if depth < 6 else [],
        }
        for s in nodes
    ]


def document_page(site: Site, doc: URIRef) -> None:
    idx = site.idx
    page = page_path(str(doc)) or ""

    def chain(prop: str) -> list[Ref]:
        nodes = sorted(idx.objects(doc, prop), key=lambda d: (date_of(idx, d), str(d)))
        return [site.ref(n, page) for n in nodes]

    citations_out = []
    for cit in sorted(idx.subjects(NQ + "document", doc), key=str):
        if idx.is_a(cit, "Citation"):
            cited = idx.value(cit, NQ + "citedDocument")
            kind = idx.value(cit, NQ + "citationType")
            citations_out.append(
                {
                    "ref": site.ref(cit, page),
                    "cited": site.ref(cited, page) if cited else None,
                    "kind": site.ref(kind, page) if kind else None,
                    "text": idx.text(cit, NQ + "sourceText"),
                }
            )
    citations_in = []
    for cit in sorted(idx.subjects(NQ + "citedDocument", doc), key=str):
        citing = idx.value(cit, NQ + "document")
        kind = idx.value(cit, NQ + "citationType")
        citations_in.append(
            {
                "ref": site.ref(cit, page),
                "citing": site.ref(citing, page) if citing else None,
                "kind": site.ref(kind, page) if kind else None,
                "text": idx.text(cit, NQ + "sourceText"),
            }
        )
    expressions = sorted(
        (e for e in idx.subjects(NQ + "expressionOf", doc) if isinstance(e, URIRef)), key=str
    )
    structure = []
    for expr in expressions:
        sections = [s for s in idx.subjects(NQ + "expression", expr) if idx.is_a(s, "Section")]
        known = set(sections)
        children: dict[Node | None, list[Node]] = defaultdict(list)
        for s in sections:
            parent = idx.value(s, NQ + "partOf")
            children[parent if parent in known else None].append(s)

        structure.append({"expr": site.ref(expr, page), "tree": _tree(site, page, children, None, 0)})
    targets = [target_row(site, r["node"], page) for r in component_rows(site, doc, "Target", page)]
    tasks = [task_row(site, r["node"], page) for r in component_rows(site, doc, "Task", page)]
    differences = []
    if len(expressions) > 1:
        for t in targets:
            stated = {v.href for v in t["variants"]}
            if 0 < len(stated) < len(expressions):
                differences.append(t)
    signer = idx.value(doc, NQ + "signer")
    site.write(
        page,
        "document.html",
        node=doc,
        number=idx.text(doc, NQ + "documentNumber"),
        date=date_of(idx, doc),
        kinds=[site.ref(URIRef(t), page) for t in sorted(idx.types(doc)) if t.startswith(NQ)],
        issuer=[site.ref(a, page) for a in idx.objects(doc, NQ + "issuedBy")],
        province=[site.ref(p, page) for p in idx.objects(doc, NQ + "province")],
        period=period_text(site, idx.value(doc, NQ + "period")),
        orientation=period_text(site, idx.value(doc, NQ + "orientationPeriod")),
        committee_term=period_text(site, idx.value(doc, NQ + "committeeTerm")),
        signer=site.ref(signer, page) if signer is not None else None,
        signer_role=idx.text(doc, NQ + "signerRole"),
        notes=[str(n) for n in idx.objects(doc, NQ + "metadataNote")],
        predecessors=chain(NQ + "supersedesTransitively"),
        successors=chain(NQ + "supersededByTransitively"),
        citations_out=citations_out,
        citations_in=citations_in,
        expressions=[site.ref(e, page) for e in expressions],
        structure=structure,
        viewpoints=component_rows(site, doc, "Viewpoint", page),
        objectives=component_rows(site, doc, "GeneralObjective", page),
        observations=[
            target_row(site, r["node"], page) for r in component_rows(site, doc, "Observation", page)
        ],
        targets=targets,
        tasks=tasks,
        differences=differences,
        crumbs=site.breadcrumbs(doc, page),
        backlinks=site.links_here(doc, page),
        jsonld=site.jsonld(doc),
        data_href=site.rel(data_path(str(doc), "ttl"), page),
        jsonld_href=site.rel(data_path(str(doc), "jsonld"), page),
    )
