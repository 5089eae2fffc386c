"""Table rows shared by several page types: targets, tasks, components, codes, dates and periods."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from rdflib.term import Node, URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.addresses import anchor_of
from nqgraph.publish.site.context import TIME, Ref, Site
from nqgraph.publish.site.index import Index


def component_rows(site: Site, doc: URIRef, cls: str, page: str) -> list[dict[str, Any]]:
    idx = site.idx
    rows = []
    for node in idx.subjects(NQ + "document", doc):
        if not isinstance(node, URIRef) or not idx.is_a(node, cls):
            continue
        rows.append(
            {
                "ref": site.ref(node, page),
                "anchor": anchor_of(str(node)),
                "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
                "ordinal": str(idx.value(node, NQ + "ordinal") or ""),
                "node": node,
            }
        )
    rows.sort(key=lambda r: (path_key(str(r["path"])), str(r["ordinal"]).zfill(4), str(r["node"])))
    return rows


def path_key(path: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def task_status(idx: Index, task: Node, today: dt.date) -> str:
    done = [str(d) for d in idx.objects(task, NQ + "completedOn") if str(d) <= today.isoformat()]
    if done:
        return "completed"
    due = idx.text(task, NQ + "dueDate")
    if due:
        return "overdue" if due < today.isoformat() else "due"
    if idx.value(task, NQ + "recurrence") is not None:
        return "recurring"
    return "open"


def target_row(site: Site, node: URIRef, page: str) -> dict[str, Any]:
    idx = site.idx
    indicator = idx.value(node, NQ + "indicator")
    comparator = idx.value(node, NQ + "comparator")
    unit = idx.value(node, NQ + "unit")
    direction = idx.value(node, NQ + "changeDirection")
    return {
        "ref": site.ref(node, page),
        "anchor": anchor_of(str(node)),
        "indicator": site.ref(indicator, page) if indicator is not None else None,
        "year": idx.text(node, NQ + "targetYear"),
        "from": idx.text(node, NQ + "appliesFrom"),
        "comparator": site.ref(comparator, page) if comparator is not None else None,
        "value": idx.text(node, NQ + "value"),
        "max": idx.text(node, NQ + "valueMax"),
        "unit": site.ref(unit, page) if unit is not None else None,
        "baseline": idx.text(node, NQ + "baselineValue"),
        "baseline_year": idx.text(node, NQ + "baselineYear"),
        "direction": site.ref(direction, page) if direction is not None else None,
        "reference_year": idx.text(node, NQ + "referenceYear"),
        "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
        "variants": [site.ref(e, page) for e in idx.objects(node, NQ + "statedIn")],
        "code": doc_code(idx, node),
    }


def task_row(site: Site, node: URIRef, page: str) -> dict[str, Any]:
    idx = site.idx
    kinds = [
        site.ref(URIRef(t), page)
        for t in sorted(idx.types(node))
        if t.startswith(NQ) and t[len(NQ) :] in ("KeyTask", "Solution", "Assignment", "AppendixTask")
    ]
    return {
        "ref": site.ref(node, page),
        "anchor": anchor_of(str(node)),
        "kinds": kinds,
        "lead": [site.ref(a, page) for a in idx.objects(node, NQ + "leadAgency")],
        "participants": [site.ref(a, page) for a in idx.objects(node, NQ + "participant")],
        "supervisor": [site.ref(a, page) for a in idx.objects(node, NQ + "supervisor")],
        "deadline": idx.text(node, NQ + "deadlineText"),
        "due": idx.text(node, NQ + "dueDate"),
        "recurrence": [site.ref(r, page) for r in idx.objects(node, NQ + "recurrence")],
        "status": task_status(idx, node, site.today),
        "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
        "document": site.ref(idx.value(node, NQ + "document") or node, page),
    }


def vi_label(ref: object) -> str:
    return cast(Ref, ref).vi


def doc_code(idx: Index, node: Node) -> str:
    """A short name for a component in tables: its section path and letter ("I.3.1 (6) a")."""
    paths = sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))
    tail = str(node).rsplit("/", 1)[-1]
    letter = tail.rsplit("-", 1)[-1] if re.search(r"-[a-z]$", tail) else ""
    return (paths[0] + (" " + letter if letter else "")) if paths else tail


def date_of(idx: Index, doc: Node) -> str:
    return idx.text(doc, NQ + "issuedOn")


def period_text(site: Site, node: Node | None) -> str:
    if node is None:
        return ""
    idx = site.idx
    start = idx.value(node, TIME + "hasBeginning")
    end = idx.value(node, TIME + "hasEnd")
    a = idx.text(start, TIME + "inXSDgYear") if start is not None else ""
    b = idx.text(end, TIME + "inXSDgYear") if end is not None else ""
    return f"{a}–{b}" if a or b else idx.label(node, "en")
