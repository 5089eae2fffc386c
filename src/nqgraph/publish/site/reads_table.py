"""What every page of a build read, kept compactly between builds and asked by changed triple.

A national build keeps the reads (:class:`~nqgraph.publish.site.store_index.PageReads`) of
thousands of pages, a quarter of a million node references at a million triples. Kept as one set
of strings per page they took 18 MB and a second to read back; here each distinct node is written
once and a page's reads are arrays of numbers into that list, so reading them back is a few
milliseconds, and the pages a change touches are found through an index from node to pages
instead of asking every page.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, count, filterfalse, repeat
from operator import itemgetter, lshift, or_

from nqgraph.graph.ntriples import NTriple
from nqgraph.publish.site.store_index import PageReads

_FORMAT = 2
_SHIFT = 32  # a property read is one 64-bit number: the node's number, then the property's


class ReadsTable(Mapping[str, PageReads]):
    """A read-only mapping of page keys (resource IRIs, site paths) to their :class:`PageReads`.

    Each page holds three arrays of numbers into one list of terms: the nodes whose outgoing
    edges it read, those whose incoming edges it read, and the single properties of a node it
    read (node and property as one number). An update appends the new pages' terms and keeps the
    numbers of the others: renumbering every page cost more than the rest of a small change. The
    terms no page reads any more are dropped when the list has doubled since it was last made.
    """

    def __init__(
        self,
        nodes: list[str],
        pages: dict[str, tuple[array[int], array[int], array[int]]],
        everything: frozenset[str],
        *,
        compacted: int | None = None,
    ) -> None:
        self._nodes = nodes
        self._pages = pages
        self._everything = everything
        self._compacted = len(nodes) if compacted is None else compacted

    @classmethod
    def of(cls, reads: Mapping[str, PageReads]) -> ReadsTable:
        """The table of ``reads`` (a table itself, or any mapping)."""
        ids: dict[str, int] = {}
        pages = {key: _numbered(reads[key], ids) for key in sorted(reads)}
        everything = frozenset(k for k, r in reads.items() if r.everything)
        return cls(list(ids), pages, everything)

    @property
    def terms(self) -> int:
        """How many terms the table keeps (those no page reads any more included)."""
        return len(self._nodes)

    # -- the mapping

    def __getitem__(self, key: str) -> PageReads:
        return self._reads(*self._pages[key], everything=key in self._everything)

    def _reads(
        self, subjects: Iterable[int], objects: Iterable[int], single: Iterable[int], *, everything: bool
    ) -> PageReads:
        """The reads the numbers stand for (a property read's number: its node's, then its own)."""
        nodes = self._nodes
        mask = (1 << _SHIFT) - 1
        # property_key(node, property), written out: a call a key cost a third of the time.
        keys = (f"{nodes[n & mask]} {nodes[n >> _SHIFT]}" for n in single)
        return PageReads(
            subjects=frozenset(nodes[i] for i in subjects).union(keys),
            objects=frozenset(nodes[i] for i in objects),
            everything=everything,
        )

    def union(self, keys: Iterable[str]) -> PageReads:
        """The reads of the pages ``keys`` together: their numbers are gathered first, so that a
        node many of them read (a document all its targets name) is written out once."""
        keys = list(keys)
        subjects: set[int] = set()
        objects: set[int] = set()
        single: set[int] = set()
        for key in keys:
            read_out, read_in, read_one = self._pages[key]
            subjects.update(read_out)
            objects.update(read_in)
            single.update(read_one)
        together = self._reads(subjects, objects, single, everything=any(k in self._everything for k in keys))
        return together.union()  # a property of a node another page read whole is dropped

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def __contains__(self, key: object) -> bool:
        return key in self._pages

    def updated(self, drop: Iterable[str], new: Mapping[str, PageReads]) -> ReadsTable:
        """This table without the pages ``drop`` and with the pages of ``new`` (which replace any
        of the same key)."""
        gone = set(drop) | set(new)
        kept = {k: v for k, v in self._pages.items() if k not in gone}
        everything = {k for k in self._everything if k not in gone} | {
            k for k, r in new.items() if r.everything
        }
        if len(self._nodes) > 2 * max(self._compacted, 1024):
            merged = {k: self[k] for k in kept} | dict(new)
            return ReadsTable.of(merged)
        nodes = list(self._nodes)
        # The new pages' terms the list holds already keep their numbers: appending them again
        # would grow the list by every re-rendered page's terms each build (an indicator's page
        # reads thousands) and force a renumbering of every page after a few builds. Every term's
        # first number is looked up in one dictionary, made in C: gathering the new pages' terms
        # first to look up only theirs cost more (1.1 s at five million triples).
        ids = dict(zip(reversed(nodes), range(len(nodes) - 1, -1, -1), strict=True))
        known = len(ids)
        for key in sorted(new):
            kept[key] = _numbered(new[key], ids, start=len(nodes) - known)
        nodes.extend(list(ids)[known:])
        return ReadsTable(nodes, dict(sorted(kept.items())), frozenset(everything), compacted=self._compacted)

    # -- what a change touches

    def touched(self, triples: Iterable[NTriple]) -> set[str]:
        """The keys of the pages a change of ``triples`` (added or removed) may change: those that
        read a changed triple's subject's outgoing edges (all of them, or its property), or its
        object's incoming edges, and those that read everything. The same as asking ``touched_by``
        of every page, without making each page's reads."""
        changed = list(triples)
        terms = {t for triple in changed for t in triple}
        numbers: dict[str, list[int]] = {}
        for i, node in enumerate(self._nodes):
            if node in terms:
                numbers.setdefault(node, []).append(i)
        subjects = {i for s, _, _ in changed for i in numbers.get(s, ())}
        objects = {i for _, _, o in changed for i in numbers.get(o, ())}
        single = {
            (i << _SHIFT) | j for s, p, _ in changed for i in numbers.get(s, ()) for j in numbers.get(p, ())
        }
        found = set(self._everything)
        for key, (read_out, read_in, read_one) in self._pages.items():
            # Set.isdisjoint walks each array in C: a scan of every page beats building and
            # keeping an index from node to pages.
            if not (
                subjects.isdisjoint(read_out) and objects.isdisjoint(read_in) and single.isdisjoint(read_one)
            ):
                found.add(key)
        return found

    # -- kept between builds

    def to_bytes(self) -> bytes:
        state = {
            "format": _FORMAT,
            "nodes": self._nodes,
            "compacted": self._compacted,
            "pages": {k: tuple(a.tobytes() for a in arrays) for k, arrays in self._pages.items()},
            "everything": sorted(self._everything),
        }
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> ReadsTable:
        """The table written by :meth:`to_bytes`; ValueError when ``data`` is not one."""
        try:
            state = pickle.loads(data)
            if not isinstance(state, dict) or state.get("format") != _FORMAT:
                raise ValueError("not a table of page reads of this format")
            nodes = list(state["nodes"])
            pages: dict[str, tuple[array[int], array[int], array[int]]] = {}
            for key, raw in state["pages"].items():
                subjects, objects, single = array("I"), array("I"), array("Q")
                for numbers, part in zip((subjects, objects, single), raw, strict=True):
                    numbers.frombytes(part)
                # A property read's two halves, as 32-bit numbers: one maximum over them, in C.
                halves = array("I", single.tobytes())
                highest = max(max(subjects, default=0), max(objects, default=0), max(halves, default=0))
                if (subjects or objects or single) and highest >= len(nodes):
                    raise ValueError(f"the reads of {key} name a node the table does not hold")
                pages[str(key)] = (subjects, objects, single)
            return cls(nodes, pages, frozenset(state["everything"]), compacted=int(state["compacted"]))
        except ValueError:
            raise
        except Exception as exc:  # any unpickling failure: not a table
            raise ValueError(f"not a table of page reads ({exc})") from exc


def _numbered(
    read: PageReads, ids: dict[str, int], *, start: int = 0
) -> tuple[array[int], array[int], array[int]]:
    """The three arrays of one page's reads, numbering each new term into ``ids`` from ``start``.

    Terms are numbered in the order they first come in: the nodes read whole, the nodes whose
    incoming edges were read, then each property read's node and property, in sorted order. The
    loops run in C (an indicator page reads thousands of properties; 1.4 million reads at a
    million triples took 1.3 s term by term)."""
    keys = read.subjects
    whole = sorted(k for k in keys if " " not in k)
    # (property, " ", node), in the order of (property, node): the order of the keys' text, since a
    # property is an IRI in brackets, which hold no ">" (strings compare faster than tuples).
    single = list(map(str.partition, sorted(k for k in keys if " " in k), repeat(" ")))
    objects = sorted(read.objects)
    order = [*whole, *objects, *chain.from_iterable(map(itemgetter(2, 0), single))]
    fresh = dict.fromkeys(filterfalse(ids.__contains__, order))
    ids.update(zip(fresh, count(start + len(ids))))
    numbers = list(map(ids.__getitem__, order))
    ends = (len(whole), len(whole) + len(objects))
    nodes, props = numbers[ends[1] :: 2], numbers[ends[1] + 1 :: 2]
    subjects = array("I", sorted(numbers[: ends[0]]))
    incoming = array("I", sorted(numbers[ends[0] : ends[1]]))
    pairs = array("Q", sorted(map(or_, map(lshift, nodes, repeat(_SHIFT)), props)))
    return subjects, incoming, pairs
