"""The home page: counts and resolutions by province on a timeline."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.addresses import BASE
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.rows import date_of


def home_page(site: Site, docs: list[URIRef], findings: Iterable[Any]) -> None:
    idx = site.idx
    page = "index.html"
    counts = {
        name: idx.count_instances(name)
        for name in ("Document", "Resolution", "Target", "Task", "Agency", "Indicator", "Citation")
    }
    timeline: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        if not idx.is_a(doc, "Resolution") or idx.value(doc, NQ + "province") is None:
            continue
        province = idx.label(idx.value(doc, NQ + "province") or doc, "vi")
        timeline[province].append(
            {
                "ref": site.ref(doc, page),
                "date": date_of(idx, doc),
                "number": idx.text(doc, NQ + "documentNumber"),
            }
        )
    years = [int(d["date"][:4]) for v in timeline.values() for d in v if d["date"]]
    span = (min(years), max(years)) if years else (2010, 2030)
    rows = []
    for n, (province, items) in enumerate(sorted(timeline.items())):
        marks = []
        for d in sorted(items, key=lambda d: d["date"] or "9999"):
            if not d["date"]:
                continue
            year = int(d["date"][:4]) + (int(d["date"][5:7]) - 1) / 12
            x = 140 + (year - span[0]) / max(1, span[1] + 1 - span[0]) * 480
            marks.append({**d, "x": round(x, 1)})
        rows.append(
            {
                "province": province,
                "y": 30 + n * 40,
                "marks": marks,
                "docs": sorted(items, key=lambda d: d["date"] or "9999"),
            }
        )
    ticks = [
        {"x": round(140 + (y - span[0]) / max(1, span[1] + 1 - span[0]) * 480, 1), "label": str(y)}
        for y in range(span[0], span[1] + 2, 2)
    ]
    site.write(
        page,
        "home.html",
        counts=counts,
        timeline=rows,
        ticks=ticks,
        height=40 + 40 * len(rows),
        findings=list(findings),
        crumbs=[],
        backlinks=[],
        jsonld={
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": BASE + "dataset",
            "name": "nqgraph",
            "description": "Knowledge graph of Vietnamese provincial Party resolutions",
            "url": BASE,
            "license": "https://creativecommons.org/licenses/by/4.0/",
        },
    )


def findings_marker(findings: Sequence[Any]) -> str:
    """What the home page's reads hold of the warnings it lists: their digest, which no changed
    triple's subject can equal (it is no N-Triples term) and which holds no space (it is no
    property read either: ``store_index.property_key``)."""
    text = "\n".join(f"{f.severity}\t{f.focus}\t{f.message}" for f in findings)
    return "findings:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
