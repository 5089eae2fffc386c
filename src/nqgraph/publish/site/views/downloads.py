"""The dumps and CSV exports, and the downloads page that lists them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib.term import Node, URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.output import compact
from nqgraph.publish.site.context import Site, expanded_jsonld, stable_bnodes
from nqgraph.publish.site.index import Index
from nqgraph.publish.site.rows import task_status

EXPORTS = ("nqgraph.nt", "nqgraph.jsonld", "targets.csv", "tasks.csv")


def write_exports(site: Site, *, full: bool = True) -> None:
    """The tables of targets and tasks and, for the full site, N-Triples and JSON-LD copies."""
    folder = site.root / "downloads"
    folder.mkdir(exist_ok=True)
    if full:
        # N-Triples and JSON-LD copies of the whole graph; the core site links the Turtle and
        # TriG dumps only, which carry the same triples.
        triples = stable_bnodes(
            (s, p, o) for s, props in site.idx.out.items() for p, objs in props.items() for o in objs
        )
        nt = "".join(sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples}))
        site.put("downloads/nqgraph.nt", nt)
        site.put("downloads/nqgraph.jsonld", json.dumps(expanded_jsonld(triples), ensure_ascii=False) + "\n")
    site.put(
        "downloads/targets.csv",
        csv_text(TARGET_COLUMNS, (target_row(site.idx, t) for t in site.idx.instances("Target"))),
    )
    site.put(
        "downloads/tasks.csv",
        csv_text(TASK_COLUMNS, (task_row(site.idx, t, site.today) for t in site.idx.instances("Task"))),
    )


TARGET_COLUMNS = [
    "target",
    "document",
    "number",
    "indicator",
    "year",
    "comparator",
    "value",
    "valueMax",
    "unit",
    "baselineValue",
    "baselineYear",
    "changeDirection",
    "referenceYear",
    "sectionPath",
    "sourceText",
]
TASK_COLUMNS = [
    "task",
    "document",
    "number",
    "kind",
    "label",
    "leadAgency",
    "participants",
    "supervisor",
    "deadlineText",
    "dueDate",
    "recurrence",
    "status",
    "sectionPath",
    "sourceText",
]
# The links a row follows to read another node (the document's number, the agencies' labels): a
# change of that node changes the rows that link to it this way.
ROW_LINKS = (NQ + "document", NQ + "leadAgency", NQ + "participant", NQ + "supervisor")


def target_row(idx: Index, t: Node) -> list[str]:
    """The row of the target ``t`` in ``targets.csv``."""
    return [
        str(t),
        str(idx.value(t, NQ + "document") or ""),
        idx.text(idx.value(t, NQ + "document") or t, NQ + "documentNumber"),
        str(idx.value(t, NQ + "indicator") or ""),
        idx.text(t, NQ + "targetYear"),
        compact(idx.value(t, NQ + "comparator")),
        idx.text(t, NQ + "value"),
        idx.text(t, NQ + "valueMax"),
        compact(idx.value(t, NQ + "unit")),
        idx.text(t, NQ + "baselineValue"),
        idx.text(t, NQ + "baselineYear"),
        compact(idx.value(t, NQ + "changeDirection")),
        idx.text(t, NQ + "referenceYear"),
        " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sectionPath"))),
        " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sourceText"))),
    ]


def task_row(idx: Index, t: Node, today: dt.date) -> list[str]:
    """The row of the task ``t`` in ``tasks.csv`` (its status as of ``today``)."""

    def names(prop: str) -> str:
        return " ; ".join(idx.label(a, "vi") for a in idx.objects(t, prop))

    return [
        str(t),
        str(idx.value(t, NQ + "document") or ""),
        idx.text(idx.value(t, NQ + "document") or t, NQ + "documentNumber"),
        " ".join(
            sorted(compact(URIRef(k)) for k in idx.types(t) if k.startswith(NQ) and k != NQ + "Component")
        ),
        idx.label(t, "vi"),
        names(NQ + "leadAgency"),
        names(NQ + "participant"),
        names(NQ + "supervisor"),
        idx.text(t, NQ + "deadlineText"),
        idx.text(t, NQ + "dueDate"),
        " ".join(compact(r) for r in idx.objects(t, NQ + "recurrence")),
        task_status(idx, t, today),
        " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sectionPath"))),
        " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sourceText"))),
    ]


def downloads_page(site: Site, downloads: Mapping[str, Path]) -> None:
    """Put the build's dumps next to the exports and list them all with their sizes.

    Each dump is hard-linked where the file system allows it, else copied: at 5M the two dumps are
    gigabytes, and copying them cost an incremental build 2.5 s. No dump is ever written in place
    (a build writes each anew and renames it), so the link never sees a half-written file."""
    folder = site.root / "downloads"
    folder.mkdir(exist_ok=True)
    for name, path in sorted(downloads.items()):
        (folder / name).unlink(missing_ok=True)  # maybe a hard link shared with the previous output
        try:
            os.link(path, folder / name)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(path, folder / name)
    names = sorted({*downloads, *(name for name in EXPORTS if (folder / name).exists())})
    files = [{"name": name, "size": (folder / name).stat().st_size} for name in names]
    site.write_listing("downloads.html", "downloads.html", vi="Tải về", en="Downloads", files=files)


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    """A table as the exports write it: the header, then the rows sorted."""
    return csv_lines([header, *sorted(rows)])


def csv_lines(rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()
