"""The page of an indicator: chart, table of values and targets, SDG links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from rdflib.term import URIRef

from nqgraph.namespaces import NQ, RDF_TYPE
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import SKOS, Ref, Site
from nqgraph.publish.site.environment import format_number
from nqgraph.publish.site.index import LABEL


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def chart_svg(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Geometry for an inline SVG of an indicator's values by year (drawn by the template)."""
    points = [p for p in points if _is_number(p["value"]) and (not p["max"] or _is_number(p["max"]))]
    values = [Decimal(p["value"]) for p in points] + [Decimal(p["max"]) for p in points if p["max"]]
    years = sorted({int(p["year"]) for p in points if p["year"].isdigit()})
    if not values or not years:
        return None
    lo, hi = min([*values, Decimal(0)]), max(values)
    hi = hi if hi != lo else lo + 1
    y0, y1 = min(years) - 1, max(years) + 1
    width, height, pad = 640, 240, 48

    def x(year: int) -> float:
        return pad + (year - y0) / (y1 - y0) * (width - 2 * pad)

    def y(value: Decimal) -> float:
        return height - pad + float((lo - value) / (hi - lo)) * (height - 2 * pad)

    marks = []
    for p in points:
        if not p["year"].isdigit():
            continue
        cx, cy = round(x(int(p["year"])), 1), round(y(Decimal(p["value"])), 1)
        top = round(y(Decimal(p["max"])), 1) if p["max"] else None
        marks.append({**p, "cx": cx, "cy": cy, "top": top})
    ticks = [{"x": round(x(yr), 1), "label": str(yr)} for yr in years]
    levels = [lo + (hi - lo) * Decimal(i) / 4 for i in range(5)]
    yticks = [{"y": round(y(v), 1), "label": format_number(round(v, 2))} for v in levels]
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "marks": marks,
        "ticks": ticks,
        "yticks": yticks,
        "base": height - pad,
    }


# What the page reads of each target and observation of the indicator, and of their documents.
_POINT_PROPERTIES = [
    RDF_TYPE,
    str(LABEL),
    *(
        NQ + name
        for name in (
            "document",
            "unit",
            "comparator",
            "targetYear",
            "value",
            "valueMax",
            "referenceYear",
            "baselineValue",
            "baselineYear",
            "observedYear",
        )
    ),
]
_DOCUMENT_PROPERTIES = [str(LABEL), NQ + "documentNumber"]


def indicator_page(site: Site, indicator: URIRef) -> None:
    idx = site.idx
    page = page_path(str(indicator)) or ""
    points = []
    items = [n for n in idx.subjects(NQ + "indicator", indicator) if isinstance(n, URIRef)]
    # Hundreds of items at a national scale: fetched together from a store, not one by one.
    idx.prefetch(items, _POINT_PROPERTIES)
    idx.prefetch([d for n in items if (d := idx.value(n, NQ + "document")) is not None], _DOCUMENT_PROPERTIES)
    for node in items:
        doc = idx.value(node, NQ + "document")
        number = idx.text(doc, NQ + "documentNumber") if doc is not None else ""
        common = {
            "ref": site.ref(node, page),
            "document": site.ref(doc, page) if doc is not None else None,
            "number": number,
            "unit": site.ref(idx.value(node, NQ + "unit") or indicator, page),
        }
        if idx.is_a(node, "Target"):
            relative = idx.is_a(node, "RelativeTarget")
            comparator = idx.value(node, NQ + "comparator")
            points.append(
                {
                    **common,
                    "kind": "relative" if relative else "target",
                    "year": idx.text(node, NQ + "targetYear"),
                    "value": idx.text(node, NQ + "value"),
                    "max": idx.text(node, NQ + "valueMax"),
                    "comparator": site.ref(comparator, page) if comparator is not None else None,
                    "reference_year": idx.text(node, NQ + "referenceYear"),
                }
            )
            if idx.text(node, NQ + "baselineValue"):
                points.append(
                    {
                        **common,
                        "kind": "baseline",
                        "year": idx.text(node, NQ + "baselineYear"),
                        "value": idx.text(node, NQ + "baselineValue"),
                        "max": "",
                        "comparator": None,
                        "reference_year": "",
                    }
                )
        elif idx.is_a(node, "Observation"):
            points.append(
                {
                    **common,
                    "kind": "reported",
                    "year": idx.text(node, NQ + "observedYear"),
                    "value": idx.text(node, NQ + "value"),
                    "max": "",
                    "comparator": None,
                    "reference_year": "",
                }
            )
    points.sort(key=lambda p: (str(p["year"]), str(p["kind"]), str(p["number"]), cast(Ref, p["ref"]).href))
    level_points = [p for p in points if p["kind"] != "relative"]
    site.write(
        page,
        "indicator.html",
        node=indicator,
        points=points,
        chart=chart_svg(level_points),
        definition=idx.text(indicator, SKOS + "definition"),
        unit=[site.ref(u, page) for u in idx.objects(indicator, NQ + "unit")],
        close=[site.ref(m, page) for m in idx.objects(indicator, SKOS + "closeMatch")],
        related=[site.ref(m, page) for m in idx.objects(indicator, SKOS + "relatedMatch")],
        crumbs=[site.ref(indicator, page)],
        backlinks=site.links_here(indicator, page),
        jsonld=site.jsonld(indicator),
        data_href=site.rel(data_path(str(indicator), "ttl"), page),
        jsonld_href=site.rel(data_path(str(indicator), "jsonld"), page),
    )
