"""The dumps and CSV exports, and the downloads page that lists them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib.term import Node, URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.output import compact
from nqgraph.publish.site.context import Site, expanded_jsonld, stable_bnodes
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
    idx = site.idx
    site.put(
        "downloads/targets.csv",
        csv_text(
            [
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
            ],
            (
                [
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
                for t in idx.instances("Target")
            ),
        ),
    )

    def names(t: Node, prop: str) -> str:
        return " ; ".join(idx.label(a, "vi") for a in idx.objects(t, prop))

    site.put(
        "downloads/tasks.csv",
        csv_text(
            [
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
            ],
            (
                [
                    str(t),
                    str(idx.value(t, NQ + "document") or ""),
                    idx.text(idx.value(t, NQ + "document") or t, NQ + "documentNumber"),
                    " ".join(
                        sorted(
                            compact(URIRef(k))
                            for k in idx.types(t)
                            if k.startswith(NQ) and k != NQ + "Component"
                        )
                    ),
                    idx.label(t, "vi"),
                    names(t, NQ + "leadAgency"),
                    names(t, NQ + "participant"),
                    names(t, NQ + "supervisor"),
                    idx.text(t, NQ + "deadlineText"),
                    idx.text(t, NQ + "dueDate"),
                    " ".join(compact(r) for r in idx.objects(t, NQ + "recurrence")),
                    task_status(idx, t, site.today),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sectionPath"))),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sourceText"))),
                ]
                for t in idx.instances("Task")
            ),
        ),
    )


def downloads_page(site: Site, downloads: Mapping[str, Path]) -> None:
    """Copy the build's dumps next to the exports and list them all with their sizes."""
    folder = site.root / "downloads"
    folder.mkdir(exist_ok=True)
    for name, path in sorted(downloads.items()):
        (folder / name).unlink(missing_ok=True)  # maybe a hard link shared with the previous output
        shutil.copyfile(path, folder / name)
    names = sorted({*downloads, *(name for name in EXPORTS if (folder / name).exists())})
    files = [{"name": name, "size": (folder / name).stat().st_size} for name in names]
    site.write_listing("downloads.html", "downloads.html", vi="Tải về", en="Downloads", files=files)


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return buf.getvalue()
