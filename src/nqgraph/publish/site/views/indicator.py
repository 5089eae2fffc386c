"""The page of an indicator: chart, table of values and targets, SDG links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from rdflib.term import Node, URIRef

from nqgraph.namespaces import NQ, RDF_TYPE
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import SKOS, Ref, Site
from nqgraph.publish.site.environment import format_number
from nqgraph.publish.site.index import LABEL, Index
from nqgraph.publish.site.item_rows import Rows, RowsSession
from nqgraph.publish.site.store_index import StoreIndex


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


def _points(site: Site, indicator: URIRef, node: URIRef, page: str) -> list[dict[str, Any]]:
    """The rows of one target or observation of ``indicator`` (a target's baseline is a row too)."""
    idx = site.idx
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
        points = [
            {
                **common,
                "kind": "relative" if relative else "target",
                "year": idx.text(node, NQ + "targetYear"),
                "value": idx.text(node, NQ + "value"),
                "max": idx.text(node, NQ + "valueMax"),
                "comparator": site.ref(comparator, page) if comparator is not None else None,
                "reference_year": idx.text(node, NQ + "referenceYear"),
            }
        ]
        if idx.text(node, NQ + "baselineValue"):
            points.append(
                _level(
                    common,
                    "baseline",
                    idx.text(node, NQ + "baselineYear"),
                    idx.text(node, NQ + "baselineValue"),
                )
            )
        return points
    if idx.is_a(node, "Observation"):
        return [_level(common, "reported", idx.text(node, NQ + "observedYear"), idx.text(node, NQ + "value"))]
    return []


def _level(common: dict[str, Any], kind: str, year: str, value: str) -> dict[str, Any]:
    """A point that is one value in one year (a baseline, a reported value): no range, no comparator."""
    return {
        **common,
        "kind": kind,
        "year": year,
        "value": value,
        "max": "",
        "comparator": None,
        "reference_year": "",
    }


def _prefetch(idx: Index, nodes: list[URIRef]) -> None:
    idx.prefetch(nodes, _POINT_PROPERTIES)
    idx.prefetch([d for n in nodes if (d := idx.value(n, NQ + "document")) is not None], _DOCUMENT_PROPERTIES)


def _kept_points(
    site: Site, idx: StoreIndex, rows: RowsSession, indicator: URIRef, page: str
) -> tuple[list[dict[str, Any]], dict[Node, Ref | None]]:
    """The rows of every item of ``indicator``, and each item's link among those to it (see
    :meth:`Site.backlink`): those ``rows`` kept from the previous build where the change cannot
    touch them, the others made alone, each by an index of its own, so that what it read is
    known apart from the page's and kept with it."""
    key = str(indicator)
    rows.begin(key)
    items = [n for n in idx.subjects(NQ + "indicator", indicator) if isinstance(n, URIRef)]
    reused = {n: known for n in items if (known := rows.reusable(key, str(n))) is not None}
    fresh = [n for n in items if n not in reused]
    if len(fresh) > len(items) // 2:
        idx.prefetch_linked(NQ + "indicator", indicator, _POINT_PROPERTIES)
    _prefetch(idx.fresh(), fresh)  # fetched for the items' own indexes; the page reads nothing
    points: list[dict[str, Any]] = []
    links: dict[Node, Ref | None] = {}
    for node in items:
        known = reused.get(node)
        if known is not None:
            item_points, links[node] = _unpacked(known)
        else:
            mine = idx.fresh()
            alone = site.over(mine)
            item_points = _points(alone, indicator, node, page)
            links[node] = alone.backlink(node, indicator, page)
            read = mine.reads()
            rows.keep(key, str(node), _packed(item_points, links[node]), read)
            idx.merge_reads(read)
        points.extend(item_points)
    idx.merge_reads(rows.reused_reads(key))
    return points, links


# The values of a point, in the order they are kept between builds (nqgraph.publish.site.item_rows).
_POINT_KEYS = (
    "ref",
    "document",
    "number",
    "unit",
    "kind",
    "year",
    "value",
    "max",
    "comparator",
    "reference_year",
)


def _packed(points: list[dict[str, Any]], link: Ref | None) -> Rows:
    """An item's points and link as tuples and strings, a link as its fields."""
    return (tuple(tuple(_field(p[k]) for k in _POINT_KEYS) for p in points), _field(link))


def _field(value: Any) -> Any:
    return (value.href, value.vi, value.en, value.external) if isinstance(value, Ref) else value


def _unpacked(rows: Rows) -> tuple[list[dict[str, Any]], Ref | None]:
    packed, link = rows
    points = [{k: _ref(v) for k, v in zip(_POINT_KEYS, values, strict=True)} for values in packed]
    return points, _ref(link)


def _ref(value: Any) -> Any:
    return Ref(*value) if isinstance(value, tuple) else value


def indicator_page(site: Site, indicator: URIRef) -> None:
    idx = site.idx
    page = page_path(str(indicator)) or ""
    rows = site.item_rows
    links: dict[Node, Ref | None] | None = None
    if isinstance(rows, RowsSession) and isinstance(idx, StoreIndex):
        points, links = _kept_points(site, idx, rows, indicator, page)
    else:
        # Hundreds of items at a national scale: fetched together from a store, not one by one.
        idx.prefetch_linked(NQ + "indicator", indicator, _POINT_PROPERTIES)
        items = [n for n in idx.subjects(NQ + "indicator", indicator) if isinstance(n, URIRef)]
        _prefetch(idx, items)
        points = [p for node in items for p in _points(site, indicator, node, page)]
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
        backlinks=site.links_here(indicator, page, known=links),
        jsonld=site.jsonld(indicator),
        data_href=site.rel(data_path(str(indicator), "ttl"), page),
        jsonld_href=site.rel(data_path(str(indicator), "jsonld"), page),
    )
