"""Site-wide files that list one entry per resource (the search index, the tables of targets and
tasks), brought up to date by replacing the entries of the resources a change touched in the
previous file's text: the other entries are kept as they were written, in the same order.

Each function returns None when the previous text is not one it can read; the caller then writes
the file whole."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Mapping

from nqgraph.publish.site.addresses import iri_for_path, page_path
from nqgraph.publish.site.views.downloads import csv_lines
from nqgraph.publish.site.views.search import PREFIX, SUFFIX

# The search index is spliced as UTF-8 bytes: these are ASCII, and at 22 MB decoding the text and
# encoding it again cost more than the splice.
_BETWEEN = b'},{"h":"'
_HREF = re.compile(rb'\{"h":"((?:[^"\\]|\\.)*)"')
_PREFIX, _SUFFIX = PREFIX.encode() + b"[", b"]" + SUFFIX.encode()


def _merged(kept: list[tuple[str, str]], changed: Mapping[str, str | None]) -> list[str]:
    entries = [(k, t) for k, t in kept if k not in changed]
    entries += [(k, t) for k, t in changed.items() if t is not None]
    entries.sort(key=lambda entry: entry[0])  # kept ones are in order already: a merge
    return [t for _, t in entries]


def _ascending(keys: list[str]) -> bool:
    return all(a < b for a, b in itertools.pairwise(keys))


def round_trips(iri: str) -> bool:
    """Whether the search index's entry of ``iri`` names it unambiguously (by its page's path)."""
    path = page_path(iri)
    return path is not None and iri_for_path(path) == iri


class _Unreadable(ValueError):
    pass


def _key_at(text: bytes, start: int) -> str:
    """The IRI the search index's entry starting at ``start`` stands for, from its page's path."""
    found = _HREF.match(text, start)
    if found is None:
        raise _Unreadable(text[start : start + 80].decode("utf-8", "replace"))
    try:
        href = found.group(1).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(str(exc)) from exc
    if "\\" in href:
        href = json.loads(f'"{href}"')
    iri = iri_for_path(href)
    if iri is None or page_path(iri) != href:
        raise _Unreadable(href)
    return iri


class _Entries:
    """The entries of a search index's text, found by where they start (after ``[`` or ``},``):
    the text is cut there, not split into entries. At a million triples it holds 100,000 of them
    (22 MB), and copying each one out and joining them again took a second."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self.first, self.close = len(_PREFIX), len(text) - len(_SUFFIX)  # after "[", at "]"

    def start_from(self, at: int) -> int:
        """Where the first entry starting at or after ``at`` starts (``close``: none does)."""
        if at <= self.first:
            return self.first if self.close > self.first else self.close
        # Inside a JSON string every quote is escaped: the separator occurs between entries only.
        found = self.text.find(_BETWEEN, at - 2, self.close)
        return self.close if found == -1 else found + 2

    def end(self, start: int) -> int:
        """Where the entry starting at ``start`` ends: at the comma after it, or at ``close``."""
        found = self.text.find(_BETWEEN, start, self.close)
        return self.close if found == -1 else found + 1

    def place(self, iri: str) -> int:
        """Where the first entry whose IRI is not below ``iri`` starts (``close``: none), by
        bisection of the text's positions."""
        low, high = self.first, self.close
        # Entries starting before ``low`` stand for IRIs below ``iri``, those from ``high`` on not.
        while low < high:
            middle = (low + high) // 2
            start = self.start_from(middle)
            if start >= high:
                high = middle
            elif _key_at(self.text, start) < iri:
                low = start + 1
            else:
                high = start
        return self.start_from(low)


def spliced_search(previous: bytes, changed: Mapping[str, str | None]) -> bytes | None:
    """The search index ``previous`` with the entries of the IRIs in ``changed`` replaced by their
    texts (None: no entry). The entries are in IRI order and name their resource by its page's
    path, which must give back the IRI (see :func:`round_trips`): each changed IRI is found by
    bisection, reading a few entries' paths rather than all of them."""
    if not (previous.startswith(_PREFIX) and previous.endswith(_SUFFIX)):
        return None
    if not all(round_trips(iri) for iri in changed):
        return None
    entries = _Entries(previous)
    pieces: list[bytes] = []
    kept_from = entries.first  # where the run of kept entries not copied yet starts
    try:
        for iri in sorted(changed):
            start = entries.place(iri)
            here = start < entries.close and _key_at(previous, start) == iri
            if start > kept_from:
                pieces.append(previous[kept_from : start - 1])  # up to the comma before it
            text = changed[iri]
            if text is not None:
                pieces.append(text.encode("utf-8"))
            kept_from = entries.end(start) + 1 if here else start
    except _Unreadable:
        return None
    if kept_from < entries.close:
        pieces.append(previous[kept_from : entries.close])
    return b"".join((_PREFIX, b",".join(pieces), _SUFFIX))


def _records(text: str) -> list[str] | None:
    """The records of a CSV text as written (a record spans lines where a quoted value does)."""
    if text and not text.endswith("\n"):
        return None
    records: list[str] = []
    pending: list[str] = []
    quotes = 0
    for line in text.split("\n")[:-1]:
        pending.append(line + "\n")
        # Quotes come in pairs in a record (a quoted value's own quotes are doubled): while their
        # count is odd, the line break is inside a value.
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append("".join(pending))
            pending, quotes = [], 0
    return None if pending else records


def _first_value(record: str) -> str:
    if record.startswith('"'):
        return next(csv.reader(io.StringIO(record, newline="")))[0]
    return record.split(",", 1)[0].rstrip("\n")


def spliced_csv(previous: str, header: list[str], changed: Mapping[str, list[str] | None]) -> str | None:
    """The table ``previous`` (rows sorted, one per resource, keyed by its first value) with the rows
    of the keys in ``changed`` replaced (None: no row)."""
    records = _records(previous)
    if not records or records[0] != csv_lines([header]):
        return None
    kept = [(_first_value(r), r) for r in records[1:]]
    if not _ascending([k for k, _ in kept]):
        return None
    rows = {k: (csv_lines([row]) if row is not None else None) for k, row in changed.items()}
    if any(row is not None and row[0] != key for key, row in changed.items()):
        return None
    return records[0] + "".join(_merged(kept, rows))
