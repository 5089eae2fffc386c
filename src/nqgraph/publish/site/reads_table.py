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

from nqgraph.graph.ntriples import NTriple
from nqgraph.publish.site.store_index import PageReads, property_key

_FORMAT = 1


class ReadsTable(Mapping[str, PageReads]):
    """A read-only mapping of page keys (resource IRIs, site paths) to their :class:`PageReads`."""

    def __init__(
        self,
        nodes: list[str],
        subjects: dict[str, array[int]],
        objects: dict[str, array[int]],
        everything: frozenset[str],
    ) -> None:
        self._nodes = nodes
        self._subjects = subjects
        self._objects = objects
        self._everything = everything
        self._by_subject: dict[int, list[str]] | None = None
        self._by_object: dict[int, list[str]] | None = None
        self._ids: dict[str, int] = {}

    @classmethod
    def of(cls, reads: Mapping[str, PageReads]) -> ReadsTable:
        """The table of ``reads`` (a table itself, or any mapping)."""
        ids: dict[str, int] = {}
        subjects: dict[str, array[int]] = {}
        objects: dict[str, array[int]] = {}
        for key in sorted(reads):
            read = reads[key]
            subjects[key] = array("I", sorted(ids.setdefault(n, len(ids)) for n in sorted(read.subjects)))
            objects[key] = array("I", sorted(ids.setdefault(n, len(ids)) for n in sorted(read.objects)))
        everything = frozenset(k for k, r in reads.items() if r.everything)
        return cls(list(ids), subjects, objects, everything)

    # -- the mapping

    def __getitem__(self, key: str) -> PageReads:
        subjects, objects = self._subjects[key], self._objects[key]
        nodes = self._nodes
        return PageReads(
            subjects=frozenset(nodes[i] for i in subjects),
            objects=frozenset(nodes[i] for i in objects),
            everything=key in self._everything,
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._subjects)

    def __len__(self) -> int:
        return len(self._subjects)

    def __contains__(self, key: object) -> bool:
        return key in self._subjects

    def updated(self, drop: Iterable[str], new: Mapping[str, PageReads]) -> ReadsTable:
        """This table without the pages ``drop`` and with the pages of ``new`` (which replace any
        of the same key); nodes no page reads any more are left out."""
        gone = set(drop) | set(new)
        ids: dict[str, int] = {}
        remap: dict[int, int] = {}
        nodes = self._nodes

        def kept(numbers: array[int]) -> array[int]:
            out = array("I")
            for number in numbers:
                mapped = remap.get(number)
                if mapped is None:
                    mapped = remap[number] = ids.setdefault(nodes[number], len(ids))
                out.append(mapped)
            return out

        subjects: dict[str, array[int]] = {}
        objects: dict[str, array[int]] = {}
        for key in sorted(k for k in self._subjects if k not in gone):
            subjects[key], objects[key] = kept(self._subjects[key]), kept(self._objects[key])
        for key in sorted(new):
            read = new[key]
            subjects[key] = array("I", sorted(ids.setdefault(n, len(ids)) for n in sorted(read.subjects)))
            objects[key] = array("I", sorted(ids.setdefault(n, len(ids)) for n in sorted(read.objects)))
        everything = {k for k in self._everything if k not in gone} | {
            k for k, r in new.items() if r.everything
        }
        return ReadsTable(
            list(ids), dict(sorted(subjects.items())), dict(sorted(objects.items())), frozenset(everything)
        )

    # -- what a change touches

    def touched(self, triples: Iterable[NTriple]) -> set[str]:
        """The keys of the pages a change of ``triples`` (added or removed) may change: those that
        read a changed triple's subject's outgoing edges (all of them, or its property), or its
        object's incoming edges, and those that read everything. The same as asking ``touched_by`` of every page, without doing so."""
        if self._by_subject is None or self._by_object is None:
            self._by_subject, self._by_object = _inverted(self._subjects), _inverted(self._objects)
            self._ids = {node: i for i, node in enumerate(self._nodes)}
        ids = self._ids
        found = set(self._everything)
        for s, p, o in triples:
            for term, by in (
                (s, self._by_subject),
                (property_key(s, p), self._by_subject),
                (o, self._by_object),
            ):
                at = ids.get(term)
                if at is not None:
                    found.update(by.get(at, ()))
        return found

    # -- kept between builds

    def to_bytes(self) -> bytes:
        state = {
            "format": _FORMAT,
            "nodes": self._nodes,
            "subjects": {k: v.tobytes() for k, v in self._subjects.items()},
            "objects": {k: v.tobytes() for k, v in self._objects.items()},
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

            def arrays(by_key: dict[str, bytes]) -> dict[str, array[int]]:
                out: dict[str, array[int]] = {}
                for key, raw in by_key.items():
                    numbers = array("I")
                    numbers.frombytes(raw)
                    if numbers and max(numbers) >= len(nodes):
                        raise ValueError(f"the reads of {key} name a node the table does not hold")
                    out[str(key)] = numbers
                return out

            subjects, objects = arrays(state["subjects"]), arrays(state["objects"])
            if subjects.keys() != objects.keys():
                raise ValueError("the pages of the subjects and objects read differ")
            return cls(nodes, subjects, objects, frozenset(state["everything"]))
        except ValueError:
            raise
        except Exception as exc:  # any unpickling failure: not a table
            raise ValueError(f"not a table of page reads ({exc})") from exc


def _inverted(by_key: Mapping[str, array[int]]) -> dict[int, list[str]]:
    inverted: dict[int, list[str]] = {}
    for key, numbers in by_key.items():
        for number in numbers:
            inverted.setdefault(number, []).append(key)
    return inverted
