"""The build's dumps, ``nqgraph.trig`` and ``nqgraph.ttl``: written whole, or updated after a change.

:func:`write_dumps` writes both from the graphs' triples (a clean build) and returns the
:class:`~nqgraph.publish.tally.Tally` the dataset description is made from.

:func:`update_dumps` writes the dumps of the dataset after a change without writing them whole:
each subject's triples are one block of text in a dump (blocks apart by a blank line, in the
order of their subjects, no blank line inside a block since literals escape their line breaks),
so the blocks of the subjects the change touched are written again from the store and every
other byte is copied from the previous dump (in the kernel, ``copy_file_range``). Where a block
lies is found by bisecting the previous file on its blocks' subjects, so no index of offsets
needs to be kept. A change that
touches a blank node (whose label and inlining depend on the whole graph) rewrites the dumps
whole from the store. Either way the bytes are those :func:`write_dumps` gives for the dataset
after the change; ``tests/test_dumps_incremental.py`` checks it on seeded random changes.
"""

from __future__ import annotations

import copy
import mmap
import os
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.rederive import ClosureChange
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, PREFIXES
from nqgraph.publish.serialize import Terms, dump_chunks, header, subject_blocks
from nqgraph.publish.tally import Tally

TRIG = "nqgraph.trig"
TURTLE = "nqgraph.ttl"
GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)
_TRIG_INDENT = "    "


@dataclass(frozen=True)
class Change:
    """What a change did to one graph: triples it did not hold and now holds, and the reverse."""

    added: Collection[NTriple] = ()
    removed: Collection[NTriple] = ()


def changes_of(change: ClosureChange) -> dict[str, Change]:
    """What :func:`nqgraph.graph.rederive.apply_change` did to each graph, as :func:`update_dumps` takes."""
    return {
        GRAPH_ASSERTED: Change(added=change.asserted_added, removed=change.asserted_removed),
        GRAPH_INFERRED: Change(added=change.inferred_added, removed=change.inferred_removed),
    }


@dataclass(frozen=True)
class Updated:
    """The outcome of :func:`update_dumps`."""

    tally: Tally  # the description's counters after the change
    subjects: int  # subjects whose blocks were written again
    whole: bool  # the dumps were written whole (a blank node changed, or a dump was not as expected)


def _write(path: Path, chunks: Iterable[str | bytes]) -> None:
    """Write ``path`` through a new file renamed over it: the old file may be a hard link shared
    with the previous build's output, which must keep its bytes."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            # Text gathered to about a megabyte before it is encoded and written: a call of each
            # per block (several hundred thousand of them) cost a second at a million triples.
            batch: list[str] = []
            size = 0
            for chunk in chunks:
                if isinstance(chunk, bytes):
                    fh.write("".join(batch).encode("utf-8"))
                    batch, size = [], 0
                    fh.write(chunk)
                    continue
                batch.append(chunk)
                size += len(chunk)
                if size > 1 << 20:
                    fh.write("".join(batch).encode("utf-8"))
                    batch, size = [], 0
            fh.write("".join(batch).encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_dumps(
    parts: Sequence[tuple[str, Collection[NTriple]]],
    folder: Path,
    *,
    prefixes: Mapping[str, str] = PREFIXES,
) -> Tally:
    """Write ``folder/nqgraph.trig`` (the named graphs of ``parts``, in their order) and
    ``folder/nqgraph.ttl`` (their triples merged); return the tally of the graphs."""
    trig, turtle = dump_chunks(parts, prefixes=prefixes)
    _write(folder / TRIG, trig)
    _write(folder / TURTLE, turtle)
    return Tally.count(dict(parts))


# ---------------------------------------------------------------- finding blocks in a dump

Key = tuple[int, bytes]  # (0, IRI) for a subject IRI, (1, b"") for a labelled blank node: last
Span = tuple[int, int]  # bytes [start, end) of the previous file
Piece = bytes | Span


class _Region:
    """The blocks of one graph in a previous dump: ``data[start:end]``, blocks joined by a blank line."""

    def __init__(self, data: mmap.mmap, start: int, end: int, indent: int, namespaces: dict[bytes, bytes]):
        self.data = data
        self.start = start
        self.end = end
        self.stop = end + 2  # where a block after the last would start
        self.indent = indent
        self.namespaces = namespaces

    def key(self, at: int) -> Key:
        """The key of the block starting at ``at``: its subject's IRI."""
        data = self.data
        at += self.indent
        if data[at : at + 1] == b"<":
            return 0, data[at + 1 : data.find(b">", at)]
        if data[at : at + 2] == b"_:":
            return 1, b""
        name = data[at : data.find(b" ", at)]
        prefix, _, local = name.partition(b":")
        return 0, self.namespaces[prefix] + local

    def next_block(self, at: int) -> int:
        """The first block starting at ``at`` or after it (``stop`` if none)."""
        if at <= self.start:
            return self.start
        found = self.data.find(b"\n\n", max(at - 2, self.start), self.end)
        return found + 2 if found >= 0 else self.stop

    def find(self, lo: int, key: Key) -> int:
        """The first block at ``lo`` or after it whose key is ``key`` or greater (``stop`` if none);
        ``lo`` is where a block starts."""
        if lo >= self.end:
            return self.stop
        if self.key(lo) >= key:
            return lo
        hi = self.stop  # invariant: blocks before lo have smaller keys, the one at hi not
        while True:
            at = self.next_block(max((lo + hi) // 2, lo + 1))
            if at >= hi:  # no block starts in the upper half: look just after lo
                at = self.next_block(lo + 1)
                if at >= hi:
                    return hi
            if self.key(at) >= key:
                hi = at
            else:
                lo = at

    def splice(self, changes: Sequence[tuple[Key, bytes | None]]) -> list[Piece]:
        """The region's blocks with the changed subjects' blocks replaced, added (new text) or
        dropped (None); ``changes`` sorted by key. Unchanged runs are spans of the previous file."""
        out: list[Piece] = []
        cursor = self.start if self.end > self.start else self.stop
        for key, text in changes:
            at = self.find(cursor, key)
            if at - 2 > cursor:
                out.append((cursor, at - 2))
            if at < self.stop and self.key(at) == key:
                at = self.next_block(at + 1)
            cursor = at
            if text is not None:
                out.append(text)
        if cursor < self.end:
            out.append((cursor, self.end))
        return out


def _joined(pieces: list[Piece]) -> Iterator[Piece]:
    for i, piece in enumerate(pieces):
        if i:
            yield b"\n\n"
        yield piece


class _Unexpected(Exception):
    """The previous dump is not laid out as this writer writes it."""


def _turtle_region(data: mmap.mmap, prefixes: Mapping[str, str], namespaces: dict[bytes, bytes]) -> _Region:
    head = header(prefixes).encode("utf-8")
    if data[: len(head)] != head:
        raise _Unexpected(TURTLE)
    if len(data) == len(head):
        return _Region(data, len(head), len(head), 0, namespaces)
    if data[-1:] != b"\n":
        raise _Unexpected(TURTLE)
    return _Region(data, len(head), len(data) - 1, 0, namespaces)


def _trig_regions(
    data: mmap.mmap, graphs: Sequence[str], prefixes: Mapping[str, str], namespaces: dict[bytes, bytes]
) -> list[_Region]:
    head = (header(prefixes).rstrip("\n") + "\n").encode("utf-8")
    if data[: len(head)] != head:
        raise _Unexpected(TRIG)
    markers = [f"\n<{name}> {{\n".encode() for name in graphs]
    # Where each graph's section starts: the first right after the prefixes, the second found
    # forwards over the first section (the ontology, small), the others backwards from the end,
    # so that the largest section (the asserted graph) is never read through. A line starting
    # with "<" is a graph's (blocks are indented), so a marker cannot be found inside a block.
    places = [len(head)] + [-1] * (len(graphs) - 1)
    if len(graphs) > 1:
        places[1] = data.find(markers[1], len(head))
    limit = len(data)
    for i in range(len(graphs) - 1, 1, -1):
        places[i] = limit = data.rfind(markers[i], 0, limit)
    regions = []
    for i, at in enumerate(places):
        following = places[i + 1] if i + 1 < len(places) else len(data)
        if at < 0 or data[at : at + len(markers[i])] != markers[i] or following < at:
            raise _Unexpected(TRIG)
        start = at + len(markers[i])
        if following == start + 2 and data[start:following] == b"}\n":
            end = start
        elif data[following - 3 : following] == b"\n}\n" and following - 3 > start:
            end = following - 3
        else:
            raise _Unexpected(TRIG)
        regions.append(_Region(data, start, end, len(_TRIG_INDENT), namespaces))
    return regions


def _copy(source: int, target: int, span: Span) -> None:
    """Copy bytes of one file into another, in the kernel where it can."""
    start, end = span
    while start < end:
        try:
            done = os.copy_file_range(source, target, end - start, start)
        except OSError:  # a file system that cannot: through this process
            done = os.write(target, os.pread(source, min(end - start, 1 << 24), start))
        if done <= 0:
            raise OSError(f"copy stopped at byte {start}")
        start += done


def _write_pieces(path: Path, source: int, pieces: Iterable[Piece]) -> None:
    """Write ``path`` (through a new file renamed over it) from new bytes and spans of ``source``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            for piece in pieces:
                if isinstance(piece, bytes):
                    fh.write(piece)  # unbuffered: written before the next span is copied after it
                else:
                    _copy(source, fd, piece)
        os.chmod(tmp, 0o644)
        # Unlinked first: ext4 flushes a file renamed over another one to disk at once (its
        # guard for editors that rename), which cost a tenth of a second a dump. The folder is a
        # new build's, swapped in whole once written, so no reader sees the name missing.
        path.unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the update


def _term(term: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(term[2:]) if term[0] == "_" else ox.NamedNode(term[1:-1])


def _current(
    store: OxigraphStore, subjects: Iterable[str], graphs: Sequence[str]
) -> dict[str, list[NTriple]]:
    """The triples of ``subjects`` in each of ``graphs``, now, as Oxigraph writes them."""
    wanted = {ox.NamedNode(g) for g in graphs}
    quads = [
        q
        for s in subjects
        for q in store.native.quads_for_pattern(_term(s), None, None, None)
        if q.graph_name in wanted
    ]
    out: dict[str, list[NTriple]] = {g: [] for g in graphs}
    # Oxigraph writes the terms, so that they are spelt exactly as in the dumps (N-Triples escapes).
    text = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8") if quads else ""
    for line in text.split("\n"):
        if line:
            s, p, rest = line.split(" ", 2)
            o, g, _ = rest.rsplit(" ", 2)
            out[g[1:-1]].append((s, p, o))
    return out


def _by_subject(triples: Iterable[NTriple]) -> dict[str, set[NTriple]]:
    out: dict[str, set[NTriple]] = {}
    for t in triples:
        out.setdefault(t[0], set()).add(t)
    return out


def _tallied(
    tally: Tally, changes: Mapping[str, Change], now: Mapping[str, list[NTriple]], graphs: Sequence[str]
) -> Tally:
    """``tally`` moved by the change: what each changed subject held before is what it holds now,
    less what the change added, plus what it removed."""
    out = copy.deepcopy(tally)
    current = {g: _by_subject(now[g]) for g in graphs}
    added = {g: _by_subject(changes[g].added) if g in changes else {} for g in graphs}
    removed = {g: _by_subject(changes[g].removed) if g in changes else {} for g in graphs}
    sizes = {g: tally.graphs.get(g, 0) for g in graphs}
    gained: list[NTriple] = []
    lost: list[NTriple] = []
    entities = 0
    subjects = set().union(*(added[g].keys() | removed[g].keys() for g in graphs))
    for s in subjects:
        after: set[NTriple] = set()
        before: set[NTriple] = set()
        for g in graphs:
            holds = current[g].get(s, set())
            held = (holds - added[g].get(s, set())) | removed[g].get(s, set())
            sizes[g] += len(holds) - len(held)
            after |= holds
            before |= held
        gained += after - before
        lost += before - after
        if s.startswith("<" + ID):
            entities += bool(after) - bool(before)
    out.apply(graph_sizes=sizes, added=gained, removed=lost, entities=entities)
    return out


def _blocks(
    triples: list[NTriple], subjects: Iterable[str], terms: Terms, indent: str
) -> list[tuple[Key, bytes | None]]:
    """The new block of each subject (None: it has no triple left), sorted by key."""
    written = dict(subject_blocks(triples, terms, indent))
    return sorted(
        ((0, s[1:-1].encode("utf-8")), t.encode("utf-8") if (t := written.get(s)) is not None else None)
        for s in subjects
    )


def update_dumps(
    *,
    folder: Path,
    store: OxigraphStore,
    changes: Mapping[str, Change],
    tally: Tally,
    previous: Path | None = None,
    graphs: Sequence[str] = GRAPHS,
    prefixes: Mapping[str, str] = PREFIXES,
) -> Updated:
    """Write ``folder/nqgraph.trig`` and ``folder/nqgraph.ttl`` for the dataset in ``store`` after a
    change, byte-identical to what :func:`write_dumps` writes for it, from the previous dumps.

    ``changes`` maps a graph IRI to what the change did to it (graphs it left alone may be
    missing), exactly: ``added`` triples the graph did not hold before, ``removed`` ones it did
    (as :func:`nqgraph.graph.rederive.apply_change` reports them; :func:`changes_of`).
    ``tally`` is the previous build's (returned by :func:`write_dumps` or by this function, kept
    between builds with :meth:`Tally.to_bytes` and :meth:`Tally.from_bytes`). The previous dumps
    are read from ``previous`` (by default ``folder`` itself, holding hard links to the previous
    build's files: they are read, never written; the new files are renamed over them). ``store``
    holds the graphs after the change. The returned :class:`Updated` holds the new tally, for
    :func:`nqgraph.publish.describe.describe` (``facts_of_graphs=updated.tally.facts()``) and
    for the next build.
    """
    source = previous if previous is not None else folder
    touched = {
        g: {t[0] for t in chain(c.added, c.removed)} for g, c in changes.items() if c.added or c.removed
    }
    subjects = set().union(*touched.values())
    now = _current(store, subjects, graphs)
    new_tally = _tallied(tally, changes, now, graphs)
    blank = any(
        t[0][0] == "_" or t[2][0] == "_"
        for t in chain(
            chain.from_iterable(now.values()), *(chain(c.added, c.removed) for c in changes.values())
        )
    )
    if not blank:
        try:
            _splice_dumps(source, folder, now, touched, subjects, graphs, prefixes)
            return Updated(new_tally, len(subjects), False)
        except (_Unexpected, OSError, KeyError, ValueError):
            pass  # a previous dump missing or not laid out as expected: written whole below
    parts = [(g, store.nt_triples(URIRef(g))) for g in graphs]
    write_dumps(parts, folder, prefixes=prefixes)
    return Updated(new_tally, len(subjects), True)


def _splice_dumps(
    source: Path,
    folder: Path,
    now: Mapping[str, list[NTriple]],
    touched: Mapping[str, set[str]],
    subjects: set[str],
    graphs: Sequence[str],
    prefixes: Mapping[str, str],
) -> None:
    namespaces = {p.encode("utf-8"): ns.encode("utf-8") for p, ns in prefixes.items()}
    terms = Terms(prefixes)
    # Both previous files are opened before either new one is renamed in: with source == folder
    # the names are the hard links, and the open files keep the previous bytes after the rename.
    with (
        (source / TRIG).open("rb") as trig_file,
        (source / TURTLE).open("rb") as turtle_file,
        mmap.mmap(trig_file.fileno(), 0, access=mmap.ACCESS_READ) as trig,
        mmap.mmap(turtle_file.fileno(), 0, access=mmap.ACCESS_READ) as turtle,
    ):
        regions = _trig_regions(trig, graphs, prefixes, namespaces)
        region = _turtle_region(turtle, prefixes, namespaces)
        pieces: list[Piece] = [(0, regions[0].start - len(f"\n<{graphs[0]}> {{\n".encode()))]
        for name, graph_region in zip(graphs, regions, strict=True):
            marker = f"\n<{name}> {{\n".encode()
            changed = touched.get(name, set())
            if not changed:  # the graph did not change: its section as it was
                end = graph_region.end + (3 if graph_region.end > graph_region.start else 2)
                pieces.append((graph_region.start - len(marker), end))
                continue
            mine = [t for t in now[name] if t[0] in changed]
            spliced = graph_region.splice(_blocks(mine, changed, terms, _TRIG_INDENT))
            pieces.append(marker)
            pieces.extend(_joined(spliced))
            pieces.append(b"\n}\n" if spliced else b"}\n")
        merged = list(chain.from_iterable(now[g] for g in graphs))
        spliced_turtle = region.splice(_blocks(merged, subjects, terms, ""))
        _write_pieces(folder / TRIG, trig_file.fileno(), pieces)
        turtle_pieces = [header(prefixes).encode("utf-8"), *_joined(spliced_turtle)]
        _write_pieces(
            folder / TURTLE, turtle_file.fileno(), [*turtle_pieces, b"\n" if spliced_turtle else b""]
        )
