"""The page of an agency: tasks led, joined and supervised; parent, predecessors, successors."""

from __future__ import annotations

from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import ORG, SKOS, Site
from nqgraph.publish.site.rows import task_row


def agency_page(site: Site, agency: URIRef) -> None:
    idx = site.idx
    page = page_path(str(agency)) or ""

    def tasks(prop: str) -> list[dict[str, Any]]:
        nodes = sorted((t for t in idx.subjects(prop, agency) if isinstance(t, URIRef)), key=str)
        return [task_row(site, t, page) for t in nodes]

    changes = []
    for prop, role in ((ORG + "originalOrganization", "from"), (ORG + "resultingOrganization", "to")):
        for event in idx.subjects(prop, agency):
            changes.append(
                {
                    "ref": site.ref(event, page),
                    "role": role,
                    "date": idx.text(event, NQ + "changeDate") or idx.text(event, NQ + "changeDateStatus"),
                    "kind": [site.ref(k, page) for k in idx.objects(event, NQ + "changeKind")],
                }
            )
    site.write(
        page,
        "agency.html",
        node=agency,
        alt=sorted({str(a) for a in idx.objects(agency, SKOS + "altLabel")}),
        province=[site.ref(p, page) for p in idx.objects(agency, NQ + "province")],
        parent=[site.ref(p, page) for p in idx.objects(agency, NQ + "parentBody")],
        children=[site.ref(c, page) for c in sorted(idx.subjects(NQ + "parentBody", agency), key=str)],
        predecessors=[site.ref(a, page) for a in idx.objects(agency, NQ + "predecessor")],
        successors=[site.ref(a, page) for a in idx.objects(agency, NQ + "successor")],
        changes=changes,
        group=idx.is_a(agency, "AgencyGroup"),
        issued=[site.ref(d, page) for d in sorted(idx.subjects(NQ + "issuedBy", agency), key=str)],
        leads=tasks(NQ + "leadAgency"),
        joins=tasks(NQ + "participant"),
        supervises=tasks(NQ + "supervisor"),
        crumbs=[site.ref(agency, page)],
        backlinks=site.links_here(agency, page),
        jsonld=site.jsonld(agency),
        data_href=site.rel(data_path(str(agency), "ttl"), page),
        jsonld_href=site.rel(data_path(str(agency), "jsonld"), page),
    )
