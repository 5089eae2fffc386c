"""The one-document changes the benchmarks time, as a curator makes them: one value edited, a
renamed copy of a document added, a document file removed. Shared by builds.py, incremental.py and
bench_virtuoso.py, so that their figures are of the same changes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

IRI = re.compile(r"<(https://w3id\.org/nqgraph/id/[^>]*)>")
SUBJECT = re.compile(r"^<(https://w3id\.org/nqgraph/id/[^>]*)>", re.MULTILINE)
# One value of a document: the first number given to nq:value.
VALUE = re.compile(r"(nq:value )([0-9]+(?:\.[0-9]+)?)( ;)")
DOCUMENT = re.compile(r"^<([^>]+)> a ", re.MULTILINE)


def document_to_change(data: Path) -> Path:
    """The document file of median size among those with a value that no other file refers to: one
    that can be edited, and deleted without leaving a dangling reference the loader would refuse."""
    texts = {path: path.read_text(encoding="utf-8") for path in data.rglob("*.ttl")}
    referred: dict[str, set[Path]] = {}
    for path, text in texts.items():
        for iri in IRI.findall(text):
            referred.setdefault(iri, set()).add(path)
    documents = sorted((data / "documents").glob("*.ttl"), key=lambda p: (p.stat().st_size, p.name))
    documents = [
        p
        for p in documents
        if VALUE.search(texts[p]) and all(referred[s] == {p} for s in SUBJECT.findall(texts[p]))
    ]
    if not documents:
        raise SystemExit(f"{data}: no document file with a value that no other file refers to")
    return documents[len(documents) // 2]


def edit_value(document: Path) -> None:
    """Add one to the first value the document gives."""
    text = document.read_text(encoding="utf-8")
    match = VALUE.search(text)
    if match is None:
        raise SystemExit(f"{document}: no nq:value to edit")
    document.write_text(
        text[: match.start(2)] + str(Decimal(match[2]) + 1) + text[match.end(2) :], encoding="utf-8"
    )


def add_renamed_copy(template: Path, to: Path) -> None:
    """Write into ``to`` a copy of the document file ``template`` with the document's IRI and those
    of its parts renamed (suffix ``-copy``): a document's worth of new triples citing what the
    original cites."""
    text = template.read_text(encoding="utf-8")
    found = DOCUMENT.search(text)
    if found is None:
        raise SystemExit(f"{template}: no document to copy")
    doc = found.group(1)
    to.write_text(
        text.replace(f"<{doc}>", f"<{doc}-copy>").replace(f"<{doc}/", f"<{doc}-copy/"), encoding="utf-8"
    )
