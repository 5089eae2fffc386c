"""The rows a listing page showed of each of its items, kept between builds with what making them read.

An indicator's page lists every target and observation of the indicator: about four hundred at a
million triples, two thousand at five million. A one-document change adds or removes a few of
them, yet rendering the page again read every item from the store, a second and a half for the
twenty indicators one document names. Kept here, an item's rows are made again only when a change
touches what making them read (the item's values, its document's number and label, its unit's
label); the others are taken as they were, and their reads join the page's, so that the page
records what rendering it whole would have recorded.

A saved query's pages are kept the same way, each page of results an item: its table rows as HTML,
with the digest of the answer's lines they show. One document added changes the total that every
page of the queries it reaches shows, but the rows of few of those pages.

Each page's rows are kept as one blob (its items' reads as a :class:`ReadsTable` keyed by item,
and their rows), read only when the page is rendered again and written again only then: the
rows of the pages a change does not touch stay bytes. The rows depend on the code that makes
them: they are kept with a digest of it, and rows kept by other code are not used
(``nqgraph.publish.site.views.rows_code``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Container, Iterable
from typing import Any

from nqgraph.graph.ntriples import NTriple
from nqgraph.publish.site.reads_table import ReadsTable
from nqgraph.publish.site.store_index import PageReads

_FORMAT = 2

# What a page keeps of one item (an indicator's: its points and its link among those to it), made
# of tuples, strings and None only: reading back class instances cost more than making them.
Rows = tuple[Any, ...]


class _Page:
    """One page's kept items: what each item's rows read, and the rows."""

    def __init__(self, reads: ReadsTable, rows: dict[str, Rows]) -> None:
        self.reads = reads
        self.rows = rows

    def to_bytes(self) -> bytes:
        return pickle.dumps((self.reads.to_bytes(), self.rows), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> _Page:
        raw, rows = pickle.loads(data)
        reads = ReadsTable.from_bytes(raw)
        if not isinstance(rows, dict) or set(rows) != set(reads):
            raise ValueError("the rows and their reads name different items")
        return cls(reads, rows)


class ItemRows:
    """The items' rows of every listing page a build rendered, by page key (as kept bytes)."""

    def __init__(self, pages: dict[str, bytes] | None = None) -> None:
        self._pages = dict(pages or {})

    def __len__(self) -> int:
        """How many pages have rows kept."""
        return len(self._pages)

    def page(self, key: str) -> _Page | None:
        """The kept items of the page ``key``; None when there are none or they cannot be read."""
        data = self._pages.get(key)
        if data is None:
            return None
        try:
            return _Page.from_bytes(data)
        except Exception:  # damaged: the page's rows are made again
            return None

    def session(self, changed: Iterable[NTriple] | None = None) -> RowsSession:
        """A session for one build: ``changed`` are the triples it added or removed (None: a clean
        build, which takes nothing kept)."""
        return RowsSession(self, None if changed is None else list(changed))

    def to_bytes(self, *, code: str) -> bytes:
        """The rows as bytes, with ``code``: the digest of the code that made them."""
        state = {"format": _FORMAT, "code": code, "pages": dict(sorted(self._pages.items()))}
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes, *, code: str) -> ItemRows:
        """The rows written by :meth:`to_bytes`, or none when they are unreadable or were kept by
        code other than ``code`` (a cache: the rows are made again)."""
        try:
            state = pickle.loads(data)
            if not isinstance(state, dict) or (state.get("format"), state.get("code")) != (
                _FORMAT,
                code,
            ):
                return cls()
            pages = state["pages"]
            if not isinstance(pages, dict) or not all(
                isinstance(k, str) and isinstance(v, bytes) for k, v in pages.items()
            ):
                return cls()
            return cls(pages)
        except Exception:  # absent classes, damage: made again
            return cls()


class RowsSession:
    """The kept rows as one build uses them: :meth:`reusable` gives an item's rows when the build's
    change cannot touch them, :meth:`keep` records those made anew."""

    def __init__(self, kept: ItemRows, changed: list[NTriple] | None) -> None:
        self._kept = kept
        self._changed = changed
        # Per page being rendered: its kept items and those the change touches (read on first ask).
        self._open: dict[str, tuple[_Page, set[str]] | None] = {}
        self.pages: set[str] = set()
        self.new: dict[str, dict[str, tuple[Rows, PageReads]]] = {}
        self.reused: dict[str, set[str]] = {}

    def begin(self, page: str) -> None:
        """Say that the page ``page`` is being rendered: its items' rows are all given anew."""
        self.pages.add(page)
        self.new.setdefault(page, {})
        self.reused.setdefault(page, set())

    def _opened(self, page: str) -> tuple[_Page, set[str]] | None:
        if page not in self._open:
            kept = self._kept.page(page) if self._changed is not None else None
            self._open[page] = None if kept is None else (kept, kept.reads.touched(self._changed or ()))
        return self._open[page]

    def reusable(self, page: str, item: str, *, fits: Callable[[Rows], bool] | None = None) -> Rows | None:
        """The kept rows of ``item`` on ``page`` when the change cannot touch them (what making
        them read: :meth:`reused_reads`) and, with ``fits``, when ``fits`` holds of them (rows
        made from what the item shows now: a saved query's rows, known by their bytes)."""
        opened = self._opened(page)
        if opened is None:
            return None
        kept, touched = opened
        rows = kept.rows.get(item)
        if rows is None or item in touched or (fits is not None and not fits(rows)):
            return None
        self.reused.setdefault(page, set()).add(item)
        return rows

    def reused_reads(self, page: str) -> PageReads:
        """What making the rows :meth:`reusable` gave for ``page`` read, all together."""
        opened = self._open.get(page)
        reused = self.reused.get(page)
        if opened is None or not reused:
            return PageReads(subjects=frozenset(), objects=frozenset())
        return opened[0].reads.union(sorted(reused))

    def keep(self, page: str, item: str, rows: Rows, reads: PageReads) -> None:
        self.new.setdefault(page, {})[item] = (rows, reads)

    def absorb(self, pages: Iterable[str], new: dict[str, dict[str, tuple[Rows, PageReads]]]) -> None:
        """Take the pages and rows another process's session rendered (a clean build's workers)."""
        self.pages.update(pages)
        for page, items in new.items():
            self.new.setdefault(page, {}).update(items)

    def result(self, rendered: Iterable[str], present: Container[str]) -> ItemRows:
        """The rows to keep after the build: those of the pages it gave rows anew, and the earlier
        ones of the pages still ``present`` that it did not render (``rendered``: every page it
        rendered, whether or not it still lists items). The same object when nothing changed."""
        again = self.pages.union(rendered)
        old = self._kept._pages
        if not self.pages and not any(p in old for p in again) and all(p in present for p in old):
            return self._kept
        pages = {p: data for p, data in old.items() if p not in again and p in present}
        for page in sorted(self.pages):
            pages[page] = self._made(page).to_bytes()
        return ItemRows(pages)

    def _made(self, page: str) -> _Page:
        new = self.new.get(page, {})
        reused = self.reused.get(page, set())
        opened = self._open.get(page)
        shared: dict[Any, Any] = {}
        rows = {item: _shared(r, shared) for item, (r, _) in new.items()}
        fresh = {item: read for item, (_, read) in new.items()}
        if opened is None or not reused:
            return _Page(ReadsTable.of(fresh), dict(sorted(rows.items())))
        kept, _ = opened
        rows.update((item, kept.rows[item]) for item in reused if item not in rows)
        gone = [item for item in kept.rows if item not in rows]
        return _Page(kept.reads.updated(gone, fresh), dict(sorted(rows.items())))


def _shared(value: Any, seen: dict[Any, Any]) -> Any:
    """``value`` with equal parts made one object: the items of a page link the same document and
    unit, whose labels, kept once per item, made the kept rows three times as large."""
    if isinstance(value, tuple):
        return tuple(_shared(v, seen) for v in value)
    try:
        return seen.setdefault(value, value)
    except TypeError:  # not hashable: kept as it is
        return value
