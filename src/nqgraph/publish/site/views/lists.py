"""The list pages: documents, agencies, indicators."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.rows import date_of, vi_label
from nqgraph.text import fold


def documents_page(site: Site, docs: list[URIRef]) -> None:
    """The documents by province."""
    idx = site.idx
    page = "documents.html"
    by_province: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        province = idx.value(doc, NQ + "province")
        key = idx.label(province, "vi") if province is not None else "Trung ương"
        by_province[key].append(
            {
                "ref": site.ref(doc, page),
                "date": date_of(idx, doc),
                "number": idx.text(doc, NQ + "documentNumber"),
            }
        )
    groups: list[dict[str, Any]] = [
        {"name": k, "docs": sorted(v, key=lambda d: (str(d["date"] or "9999"), vi_label(d["ref"])))}
        for k, v in sorted(by_province.items())
    ]
    site.write_listing(page, "documents.html", vi="Văn bản", en="Documents", groups=groups)


def agencies_page(site: Site) -> None:
    idx = site.idx
    page = "agencies.html"
    agencies = [
        {
            "ref": site.ref(a, page),
            "group": idx.is_a(a, "AgencyGroup"),
            "province": idx.label(idx.value(a, NQ + "province") or a, "vi")
            if idx.value(a, NQ + "province") is not None
            else "",
        }
        for a in idx.instances("Agency")
    ]
    agencies.sort(key=lambda a: (str(a["province"]), fold(vi_label(a["ref"]))))
    site.write_listing(page, "agencies.html", vi="Cơ quan", en="Agencies", agencies=agencies)


def indicators_page(site: Site) -> None:
    idx = site.idx
    page = "indicators.html"
    indicators = [
        {"ref": site.ref(i, page), "targets": idx.count_subjects(NQ + "indicator", i)}
        for i in idx.instances("Indicator")
    ]
    indicators.sort(key=lambda i: fold(vi_label(i["ref"])))
    site.write_listing(page, "indicators.html", vi="Chỉ số", en="Indicators", indicators=indicators)
