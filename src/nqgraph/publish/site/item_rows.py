"""The rows a listing page showed of each of its items, kept between builds with what making them read.

An indicator's page lists every target and observation of the indicator: about four hundred at a
million triples, two thousand at five million. A one-document change adds or removes a few of
them, yet rendering the page again read every item from the store, a second and a half for the
twenty indicators one document names. Kept here, an item's rows are made again only when a change
touches what making them read (the item's values, its document's number and label, its unit's
label); the others are taken as they were, and their reads join the page's, so that the page
records what rendering it whole would have recorded.

The rows depend on the code that makes them: they are kept with a digest of it, and rows kept by
other code are not used (:func:`code_digest`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Container, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from nqgraph.graph.ntriples import NTriple
from nqgraph.publish.site.reads_table import ReadsTable
from nqgraph.publish.site.store_index import PageReads

_FORMAT = 1
# The partial an indicator page's table rows are made by (kept with them).
ROW_TEMPLATE = "_indicator_row.html"

# What a page keeps of one item (an indicator's: its points and its link among those to it).
Rows = tuple[Any, ...]


def code_digest() -> str:
    """A digest of the modules that decide an item's rows: rows kept by other code are stale."""
    from nqgraph.publish import fragments
    from nqgraph.publish.site import addresses, context, environment, index, store_index
    from nqgraph.publish.site.views import indicator

    digest = hashlib.sha256()
    for module in (addresses, context, index, store_index, indicator, fragments, environment):
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update((resources.files("nqgraph.publish") / "templates" / ROW_TEMPLATE).read_bytes())
    return digest.hexdigest()


def _key(page: str, item: str) -> str:
    # An IRI holds no space: the key is never ambiguous.
    return f"{page} {item}"


class ItemRows:
    """The items' rows of every listing page a build rendered, by page key and item IRI, with what
    each item's rows read (a :class:`ReadsTable` keyed by page and item together)."""

    def __init__(self, reads: ReadsTable | None = None, rows: Mapping[str, Rows] | None = None) -> None:
        self._reads = reads if reads is not None else ReadsTable.of({})
        self._rows: dict[str, Rows] = dict(rows or {})

    def __len__(self) -> int:
        return len(self._rows)

    def session(self, changed: Iterable[NTriple] | None = None) -> RowsSession:
        """A session for one build: ``changed`` are the triples it added or removed (None: a clean
        build, which takes nothing kept)."""
        return RowsSession(self, None if changed is None else self._reads.touched(changed))

    def kept(self, key: str) -> tuple[Rows, PageReads] | None:
        rows = self._rows.get(key)
        return None if rows is None else (rows, self._reads[key])

    def updated(
        self,
        rendered: Iterable[str],
        present: Container[str],
        new: Mapping[str, tuple[Rows, PageReads]],
        reused: Container[str] = frozenset(),
    ) -> ItemRows:
        """These rows without the pages ``rendered`` (made again: ``new`` holds the rows made anew,
        ``reused`` the keys of those taken as they were) and those no longer ``present`` among the
        build's pages, with the rows of ``new``."""
        again = set(rendered)
        drop = {
            k
            for k in self._rows
            if ((page := k.partition(" ")[0]) in again and k not in reused) or page not in present
        }
        rows = {k: v for k, v in self._rows.items() if k not in drop}
        rows.update((k, r) for k, (r, _) in new.items())
        fresh = {k: read for k, (_, read) in new.items()}
        # The first rows kept are numbered at once, not appended to an empty table's terms.
        reads = self._reads.updated(drop, fresh) if len(self._reads) else ReadsTable.of(fresh)
        return ItemRows(reads, dict(sorted(rows.items())))

    def to_bytes(self) -> bytes:
        state = {
            "format": _FORMAT,
            "code": code_digest(),
            "reads": self._reads.to_bytes(),
            "rows": self._rows,
        }
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> ItemRows:
        """The rows written by :meth:`to_bytes`, or none when they are unreadable or were kept by
        other code (a cache: the rows are made again)."""
        try:
            state = pickle.loads(data)
            if (
                not isinstance(state, dict)
                or state.get("format") != _FORMAT
                or state.get("code") != code_digest()
            ):
                return cls()
            rows = state["rows"]
            reads = ReadsTable.from_bytes(state["reads"])
            if not isinstance(rows, dict) or set(rows) != set(reads):
                return cls()
            return cls(reads, rows)
        except Exception:  # absent classes, damage: made again
            return cls()


class RowsSession:
    """The kept rows as one build uses them: :meth:`reusable` gives an item's rows when the build's
    change cannot touch them, :meth:`keep` records those made anew."""

    def __init__(self, kept: ItemRows, touched: set[str] | None) -> None:
        self._kept = kept
        self._touched = touched
        self.pages: set[str] = set()
        self.new: dict[str, tuple[Rows, PageReads]] = {}
        self.reused: set[str] = set()

    def begin(self, page: str) -> None:
        """Say that the page ``page`` is being rendered: its items' rows are all given anew."""
        self.pages.add(page)

    def reusable(self, page: str, item: str) -> tuple[Rows, PageReads] | None:
        if self._touched is None:
            return None
        key = _key(page, item)
        if key in self._touched:
            return None
        found = self._kept.kept(key)
        if found is not None:
            self.reused.add(key)
        return found

    def keep(self, page: str, item: str, rows: Rows, reads: PageReads) -> None:
        self.new[_key(page, item)] = (rows, reads)

    def absorb(self, pages: Iterable[str], new: Mapping[str, tuple[Rows, PageReads]]) -> None:
        """Take the pages and rows another process's session rendered (a clean build's workers)."""
        self.pages.update(pages)
        self.new.update(new)

    def result(self, rendered: Iterable[str], present: Container[str]) -> ItemRows:
        """The rows to keep after the build: those of the pages it gave rows anew, and the earlier
        ones of the pages still ``present`` that it did not render (``rendered``: every page it
        rendered, whether or not it still lists items)."""
        news = {k: v for k, v in self.new.items() if k.partition(" ")[0] in self.pages}
        return self._kept.updated(self.pages.union(rendered), present, news, self.reused)
