"""The sorted answers of the saved queries asked without parameters, written with a build, read by the page.

At a million triples the heaviest saved queries (``targets``, ``target-revisions``) take a second
or more to answer, nearly all of it before their first row (their GROUP BY and ORDER BY see every
row), so no page of them can be read in 100 ms from the store. Their answers depend on the build
only, so the build writes each one, in its total order (:mod:`nqgraph.graph.paging`), into
``answers/<name>.jsonl`` with a table of where each row starts (``answers/<name>.offsets``); a page
is then one seek and a few kilobytes read, whatever the offset (see docs/decisions.md).

``<name>.jsonl``: a first line with the variables, the number of rows and the digest of the query
(:func:`nqgraph.graph.paging.query_digest`: a file written for another text of the query is not
used), then one line per row (:mod:`nqgraph.graph.answer_lines`). ``<name>.offsets``: the
byte offset of every row and of the end, as unsigned 64-bit little-endian integers.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import struct
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib.term import Node

from nqgraph.errors import QueryError
from nqgraph.graph import paging, query_facts
from nqgraph.graph.answer_keys import reached_keys
from nqgraph.graph.answer_lines import ox_cell, row_lines, rows_of_lines
from nqgraph.graph.answer_splice import Order, in_order, places, stable_order
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery
from nqgraph.graph.query_reads import touched
from nqgraph.graph.sparql import VALUES_ROWS
from nqgraph.graph.store import OxigraphStore, Store
from nqgraph.runtime.threads import thread_map

FOLDER = "answers"
_OFFSET = struct.Struct("<Q")


@dataclass(frozen=True)
class AnswerFile:
    """One written answer: where it is, its columns, how many rows and which query text it answers."""

    data: Path
    offsets: Path
    variables: tuple[str, ...]
    rows: int
    digest: str


def materialised(query: SavedQuery) -> bool:
    """Whether the build writes the answer of ``query`` with no parameter given: when no parameter is
    required or has a default (``today`` would make the answer depend on the day), that answer
    depends on nothing but the build."""
    return all(not p.required and p.default is None for p in query.params)


def write_answers(
    folder: Path,
    store: Store,
    queries: Mapping[str, SavedQuery],
    *,
    chunk: int = 5000,
    changed: Sequence[NTriple] | None = None,
) -> dict[str, int]:
    """Write the answer of every query without parameters into ``folder`` (new files, each replacing
    an earlier one by a rename, never written in place); the rows written, by query name.

    With ``changed`` (the triples an incremental build added or removed, asserted or inferred), an
    answer ``folder`` holds already for the same query text is kept when the query reads none of
    their predicates (:mod:`nqgraph.graph.query_reads`): it cannot have changed; and one whose rows
    have keys is brought up to date by asking again for the rows of the keys the change reaches
    (:func:`splice_answer`), not whole."""
    folder.mkdir(parents=True, exist_ok=True)
    due = []
    for _, query in sorted(queries.items()):
        if not materialised(query):
            continue
        unreached = changed is not None and not touched(query_facts.predicates(query.text), changed)
        if unreached and open_answer(folder, query) is not None:
            continue  # the answer written before still holds
        due.append(query)
    # Oxigraph answers without the interpreter lock, so queries run side by side on two cores
    # (each writes files of its own); other engines get one query at a time.
    workers = min(2, os.cpu_count() or 1) if isinstance(store, OxigraphStore) else 1

    def answer(query: SavedQuery) -> int:
        written = open_answer(folder, query) if changed is not None else None
        if written is not None and isinstance(store, OxigraphStore):
            count = splice_answer(folder, store, query, written, changed or ())
            if count is not None:
                return count
        return _write_one(folder, store, query, chunk=chunk)

    rows = thread_map(answer, due, workers=workers, name="answers")
    return {q.name: n for q, n in zip(due, rows, strict=True)}


# Past this many key values reached, asking the whole query again costs about as much as asking
# for theirs (at a million triples, a query bound to 700 targets takes 0.2 s, and whole 2-4 s).
_MAX_KEYS = 5000
# Past this many values of the first key reached, the rows are placed one by one instead.
_MAX_BLOCKS = 200
# Up to this many reached values, the rows holding them are found by a search of the answer's
# bytes and only those are parsed; past it, every row is parsed. Measured on a 13 MB answer of
# 21,800 rows: parsing every row takes 0.22-0.26 s, one search for 54 values 0.03 s and for 563
# values 0.31 s (one pattern of alternatives); one search of the bytes per value is faster below
# a handful of values only.
_FEW_NEEDLES = 200
_FIND_EACH = 4


def splice_answer(
    folder: Path, store: OxigraphStore, query: SavedQuery, answer: AnswerFile, changed: Sequence[NTriple]
) -> int | None:
    """Bring ``answer`` (written before the ``changed`` triples were added or removed) up to date by
    asking again only for the rows of the key values the change reaches (:mod:`answer_keys`,
    :mod:`answer_splice`); the rows written, or None (nothing written) when the query's form or the
    change's reach does not allow it."""
    variables = paging.projection(query.text)
    ordered = paging.total_order(query.text, variables)
    plan = query_facts.plan(query.text)  # the same patterns as ``ordered``: only the order differs
    order = stable_order(ordered, variables)
    if plan is None or order is None or answer.variables != variables:
        return None
    reached = reached_keys(plan, store.native, changed, limit=_MAX_KEYS)
    if reached is None:
        return None
    if sum(1 for key in plan.keys if reached.get(key)) > 1:
        # One query a key: each may read whole what the other key binds.
        spliced = _splice_blocks(folder, store, query, answer, changed, ordered=ordered, order=order)
        if spliced is not None:
            return spliced
    column = {k: variables.index(k) for k in plan.keys}
    dropped = {k: {_cell_key(ox_cell(v)) for v in values} for k, values in reached.items()}
    try:
        written = _Written(answer)
    except (OSError, QueryError):
        return None  # a damaged answer is asked whole again
    candidates = written.rows_maybe_holding([v for vs in dropped.values() for v in vs])
    gone = {row for row in candidates if _holds(written.cells(row), column, dropped)}
    kept_rows = [row for row in range(written.rows) if row not in gone] if gone else range(written.rows)
    kept_cells = _Cells(written, kept_rows)
    new: list[bytes] = []
    new_cells: list[Any] = []
    asked: dict[str, set[tuple[str, ...]]] = {}
    for key in plan.keys:
        if not reached.get(key):
            continue
        cells_of_key = sorted(ox_cell(v) for v in reached[key])
        if any(c[0] == "b" for c in cells_of_key):
            return None  # a blank node cannot be bound
        # A block of values at a time (a row holds one value of the key: it comes in one block).
        for start in range(0, len(cells_of_key), VALUES_ROWS):
            text = paging.restrict(ordered, key, cells_of_key[start : start + VALUES_ROWS])
            for lines in row_lines(store, text, variables, chunk=5000, at_once=True):
                for line in lines:
                    cells = json.loads(line)
                    if not _holds(cells, column, asked):  # else an earlier key's values reached it
                        new.append(line)
                        new_cells.append(cells)
        asked[key] = dropped[key]
    if len(new) * max(1, len(kept_rows)).bit_length() > len(kept_rows) + len(new):
        # A binary search of each new row would compare more rows than one sort of them all.
        every = [written.line(row) for row in kept_rows] + new
        rows: list[Any] = [kept_cells[i] for i in range(len(kept_rows))] + new_cells
        return write_lines(folder, query, variables, [[every[i] for i in in_order(order, rows)]])
    sequence = in_order(order, new_cells)
    new, new_cells = [new[i] for i in sequence], [new_cells[i] for i in sequence]
    # Before which row of the answer written before each new row goes (its end: after the last).
    found = places(order, kept_cells, new_cells)
    before = [kept_rows[p] if p < len(kept_rows) else written.rows for p in found]
    runs = written.spliced(gone, list(zip(before, new, strict=True)))
    return write_lines(folder, query, variables, runs)


def _splice_blocks(
    folder: Path,
    store: OxigraphStore,
    query: SavedQuery,
    answer: AnswerFile,
    changed: Sequence[NTriple],
    *,
    ordered: str,
    order: Order,
) -> int | None:
    """:func:`splice_answer` by blocks: when the answer is sorted first by a key that every pattern
    is joined to, the rows of each of its values are one run of the answer. The values the change
    reaches are asked for in one query (sorted by the engine), and each value's run is replaced by
    its new rows, or its rows placed by one binary search when it had none. None when the query or
    the answer does not allow it.

    ``target-revisions`` joins two sides by province, indicator and year: keyed by the targets it
    pairs, each side's query read the other side whole (1 s a side at a million triples); bound to
    the provinces the change reaches, both sides are bound.
    """
    found = query_facts.block(query.text)
    if found is None or found[0] not in answer.variables:
        return None
    key, plan = found
    reached = reached_keys(plan, store.native, changed, limit=_MAX_BLOCKS)
    if reached is None:
        return None
    cells = sorted(ox_cell(v) for v in reached.get(key, ()))
    if any(c[0] != "u" for c in cells):
        # A blank node cannot be bound, and distinct literals can sort as equals (1 and 1.0): their
        # rows need not be runs of their own.
        return None
    try:
        written = _Written(answer)
    except (OSError, QueryError):
        return None
    column = answer.variables.index(key)
    wanted = {_cell_key(c) for c in cells}
    runs: dict[tuple[str, ...], list[int]] = {}
    for row in sorted(written.rows_maybe_holding(wanted)):
        value = _cell_key(written.cells(row)[column])
        if value in wanted:
            runs.setdefault(value, []).append(row)
    if any(rows[-1] - rows[0] + 1 != len(rows) for rows in runs.values()):
        return None  # not one run each: the order is not the one assumed
    new: list[bytes] = []
    if cells:
        restricted = paging.restrict(ordered, key, cells)
        for lines in row_lines(store, restricted, answer.variables, chunk=5000, at_once=True):
            new.extend(lines)
    every = _Cells(written, range(written.rows))
    inserted: list[tuple[int, bytes]] = []
    place: dict[tuple[str, ...], int] = {}
    for line in new:  # in the answer's order: each value's rows together
        row_cells = json.loads(line)
        value = _cell_key(row_cells[column])
        if value not in wanted:
            return None
        if value not in place:
            held = runs.get(value)
            place[value] = held[0] if held else places(order, every, [row_cells])[0]
        inserted.append((place[value], line))
    inserted.sort(key=lambda pair: pair[0])  # stable: rows placed at one row keep their order
    gone = {row for rows in runs.values() for row in rows}
    return write_lines(folder, query, answer.variables, written.spliced(gone, inserted))


class _Written:
    """An answer written before, read whole: its rows' bytes and where each starts."""

    def __init__(self, answer: AnswerFile) -> None:
        self.data = answer.data.read_bytes()
        self.starts = array("Q")
        self.starts.frombytes(answer.offsets.read_bytes())
        self.rows = answer.rows
        if len(self.starts) != self.rows + 1 or self.starts[-1] != len(self.data):
            raise QueryError(f"{answer.data}: its table of rows does not match it")

    def line(self, row: int) -> bytes:
        return self.data[self.starts[row] : self.starts[row + 1]]

    def cells(self, row: int) -> list[list[str] | None]:
        return json.loads(self.line(row))  # type: ignore[no-any-return]

    def rows_maybe_holding(self, values: Iterable[tuple[str, ...]]) -> Iterable[int]:
        """The rows that may hold one of ``values`` (cells as :func:`_cell_key` gives them) in some
        column: those whose text holds the value's JSON string when the values are few, every
        row otherwise."""
        needles = [json.dumps(v[1], ensure_ascii=False).encode() for v in values]
        return self.rows_holding(needles) if len(needles) <= _FEW_NEEDLES else range(self.rows)

    def rows_holding(self, needles: Iterable[bytes]) -> set[int]:
        """The rows whose text holds any of ``needles`` (none holding a newline), found by the
        bytes' own search for each when they are few, else by one pattern of them all."""
        found: set[int] = set()
        first = self.starts[0] if self.rows else len(self.data)
        unique = sorted(set(needles), key=lambda n: (-len(n), n))
        if len(unique) > _FIND_EACH:
            # A match never crosses a row's end (no needle holds a newline), and one match a row
            # suffices: the search goes on from the next row.
            pattern = re.compile(b"|".join(re.escape(n) for n in unique))
            at = first
            while (match := pattern.search(self.data, at)) is not None:
                row = bisect.bisect_right(self.starts, match.start()) - 1
                found.add(row)
                at = self.starts[row + 1]
            return found
        for needle in unique:
            at = self.data.find(needle, first)
            while at != -1:
                row = bisect.bisect_right(self.starts, at) - 1
                found.add(row)
                at = self.data.find(needle, self.starts[row + 1])
        return found

    def spliced(
        self, gone: set[int], inserted: list[tuple[int, bytes]]
    ) -> Iterator[bytes | tuple[bytes, array[int]]]:
        """The rows but ``gone``, with each inserted line before the row it names, as runs of rows
        kept whole (bytes and where each row starts in them) and new lines."""
        cuts = sorted({*gone, *(row for row, _ in inserted)})
        lines = iter(inserted)
        pending = next(lines, None)
        start = 0
        for cut in [*cuts, self.rows]:
            if cut > start:
                base = self.starts[start]
                runs = array("Q", (s - base for s in self.starts[start:cut]))
                yield self.data[base : self.starts[cut]], runs
            while pending is not None and pending[0] == cut:
                yield pending[1]
                pending = next(lines, None)
            start = cut + 1 if cut in gone else cut


class _Cells(Sequence[list[list[str] | None]]):
    """The cells of some rows of a written answer, each parsed when first asked for (a binary
    search reads few)."""

    def __init__(self, written: _Written, rows: Sequence[int]) -> None:
        self._written, self._rows = written, rows
        self._parsed: dict[int, list[list[str] | None]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int):
            raise TypeError("one row at a time")
        if index not in self._parsed:
            self._parsed[index] = self._written.cells(self._rows[index])
        return self._parsed[index]


def _cell_key(cell: list[str] | None) -> tuple[str, ...]:
    return () if cell is None else tuple(cell)


def _holds(
    cells: list[list[str] | None], column: Mapping[str, int], values: Mapping[str, set[tuple[str, ...]]]
) -> bool:
    """Whether the row ``cells`` holds, in some key's column, one of that key's ``values``."""
    return any(_cell_key(cells[column[key]]) in wanted for key, wanted in values.items())


def _write_one(folder: Path, store: Store, query: SavedQuery, *, chunk: int) -> int:
    variables = paging.projection(query.text)
    ordered = paging.total_order(query.text, variables)
    return write_lines(folder, query, variables, row_lines(store, ordered, variables, chunk=chunk))


def write_lines(
    folder: Path,
    query: SavedQuery,
    variables: Sequence[str],
    blocks: Iterable[list[bytes] | bytes | tuple[bytes, array[int]]],
) -> int:
    """Write the answer of ``query`` whose rows, in order, are the lines of ``blocks`` (each a JSON
    array and a newline; a block is a list of lines, one line, or a run of lines with where each
    starts in it) into ``folder``, replacing any written before by a rename; the rows written."""
    data, offsets = folder / f"{query.name}.jsonl", folder / f"{query.name}.offsets"
    temporary = [folder / f".{query.name}.jsonl.tmp", folder / f".{query.name}.offsets.tmp"]
    count = 0
    try:
        with temporary[0].open("wb") as rows_out, temporary[1].open("wb") as offsets_out:
            # The header is written last (its row count is known at the end) into a fixed width.
            rows_out.write(b" " * _HEADER_WIDTH + b"\n")
            position = _HEADER_WIDTH + 1
            for block in blocks:
                if isinstance(block, tuple):  # a run of rows: their bytes, where each starts
                    chunk, starts = block
                    offsets_out.write(array("Q", (position + s for s in starts)).tobytes())
                    rows_out.write(chunk)
                    position += len(chunk)
                    count += len(starts)
                    continue
                lines = [block] if isinstance(block, bytes) else block
                table = bytearray()
                for line in lines:
                    table += _OFFSET.pack(position)
                    position += len(line)
                    count += 1
                offsets_out.write(table)
                rows_out.write(b"".join(lines))
            offsets_out.write(_OFFSET.pack(position))
            head = {"variables": list(variables), "rows": count, "query": paging.query_digest(query.text, {})}
            text = json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8")
            if len(text) > _HEADER_WIDTH:
                raise QueryError(f"query {query.name}: too many columns to write its answer")
            rows_out.seek(0)
            rows_out.write(text.ljust(_HEADER_WIDTH))
        for path in temporary:
            os.chmod(path, 0o644)
        os.replace(temporary[0], data)
        os.replace(temporary[1], offsets)
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    return count


_HEADER_WIDTH = 4096


def open_answer(folder: Path, query: SavedQuery) -> AnswerFile | None:
    """The answer the build wrote for ``query``, or None when it wrote none for this text of the query."""
    data, offsets = folder / f"{query.name}.jsonl", folder / f"{query.name}.offsets"
    if not materialised(query):
        return None
    try:
        with data.open("rb") as handle:
            head = json.loads(handle.read(_HEADER_WIDTH))
    except (OSError, ValueError):
        return None
    if head.get("query") != paging.query_digest(query.text, {}):
        return None
    return AnswerFile(data, offsets, tuple(head["variables"]), int(head["rows"]), str(head["query"]))


def read_rows(answer: AnswerFile, *, offset: int, limit: int | None) -> tuple[tuple[Node | None, ...], ...]:
    """Rows ``offset`` to ``offset + limit`` of a written answer (to its end without a limit)."""
    return rows_of_lines(_read_lines(answer, offset=offset, limit=limit))


def _read_lines(answer: AnswerFile, *, offset: int, limit: int | None) -> list[bytes]:
    first = min(offset, answer.rows)
    last = answer.rows if limit is None else min(answer.rows, first + limit)
    if last <= first:
        return []
    with answer.offsets.open("rb") as table:
        table.seek(first * _OFFSET.size)
        start = _OFFSET.unpack(table.read(_OFFSET.size))[0]
        table.seek(last * _OFFSET.size)
        end = _OFFSET.unpack(table.read(_OFFSET.size))[0]
    with answer.data.open("rb") as handle:
        handle.seek(start)
        block = handle.read(end - start)
    return block.splitlines(keepends=True)


@dataclass(frozen=True)
class FirstLines:
    """The first lines of a written answer, and the size of the whole."""

    variables: tuple[str, ...]
    lines: list[bytes]
    total: int


def first_lines(folder: Path, query: SavedQuery, rows: int) -> FirstLines | None:
    """The first ``rows`` lines of the answer written for ``query`` asked without parameters (what
    the site's query pages show; :func:`rows_of_lines` makes them rows), or None when none is
    written."""
    answer = open_answer(folder, query)
    if answer is None:
        return None
    return FirstLines(answer.variables, _read_lines(answer, offset=0, limit=rows), answer.rows)
