"""Site-wide files that list one entry per resource (the search index, the tables of targets and
tasks), brought up to date by replacing the entries of the resources a change touched in the
previous file's text: the other entries are kept as they were written, in the same order.

Each function returns None when the previous text is not one it can read; the caller then writes
the file whole."""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
import re
from collections.abc import Mapping

from nqgraph.publish.site.addresses import iri_for_path, page_path
from nqgraph.publish.site.views.downloads import csv_lines
from nqgraph.publish.site.views.search import PREFIX, SUFFIX, search_body

_FIRST = '{"h":"'
_BETWEEN = '},{"h":"'
_HREF = re.compile(r'\{"h":"((?:[^"\\]|\\.)*)"')


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


def _search_key(entry: str) -> str:
    """The IRI an entry of the search index stands for, from its page's path."""
    found = _HREF.match(entry)
    if found is None:
        raise _Unreadable(entry[:80])
    href = found.group(1)
    if "\\" in href:
        href = json.loads(f'"{href}"')
    iri = iri_for_path(href)
    if iri is None or page_path(iri) != href:
        raise _Unreadable(href)
    return iri


def spliced_search(previous: str, changed: Mapping[str, str | None]) -> str | None:
    """The search index ``previous`` with the entries of the IRIs in ``changed`` replaced by their
    texts (None: no entry). The entries are in IRI order and name their resource by its page's
    path, which must give back the IRI (see :func:`round_trips`): each changed IRI is found by
    bisection, reading a few entries' paths rather than all of them."""
    if not (previous.startswith(PREFIX + "[") and previous.endswith("]" + SUFFIX)):
        return None
    if not all(round_trips(iri) for iri in changed):
        return None
    inner = previous[len(PREFIX) + 1 : -len(SUFFIX) - 1]
    # Inside a JSON string every quote is escaped: the separator occurs between entries only.
    pieces = inner.split(_BETWEEN) if inner else []
    last = len(pieces) - 1
    entries = [
        ("" if n == 0 else _FIRST) + piece + ("" if n == last else "}") for n, piece in enumerate(pieces)
    ]
    try:
        # From the last IRI back, so that the places of those before do not move.
        for iri in sorted(changed, reverse=True):
            at = bisect.bisect_left(entries, iri, key=_search_key)
            here = at < len(entries) and _search_key(entries[at]) == iri
            text = changed[iri]
            if text is None:
                if here:
                    del entries[at]
            elif here:
                entries[at] = text
            else:
                entries.insert(at, text)
    except _Unreadable:
        return None
    return search_body(entries)


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
