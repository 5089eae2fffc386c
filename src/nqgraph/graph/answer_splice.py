"""New rows put in their places among the kept rows of a written answer, in the query's own order.

After a one-document change, asking ``targets`` again over a million triples costs seconds on the
on-disk state store, while the change reaches the rows of a handful of targets. When the query's
rows have keys (:mod:`nqgraph.graph.answer_keys`) and the change reaches few of their values,
:func:`nqgraph.graph.answer_files.write_answers` drops the rows of those values from the answer
written before, asks the query again for them alone (:func:`nqgraph.graph.paging.restrict`), and
this module puts the new rows in their places. The file written is byte for byte the one a whole
answer gives (``tests/test_answer_splice.py`` checks it against one, change after change).

Places are found without a sort of our own: SPARQL orders mixed terms in ways only the engine
knows, so each new row's place among the kept ones is found by a binary search whose comparisons
the engine makes, every row's comparison of a round in one small query of the query's own ORDER BY
conditions over a VALUES table (:func:`_kept_first`). That needs conditions that read projected
variables only and give the same order at every evaluation (:func:`stable_order`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from nqgraph.graph import paging
from nqgraph.graph.sparql import values_rows_of_cells

Cells = Sequence[Sequence[str] | None]

# Functions whose value differs between two evaluations, and aggregates (which an ORDER BY over a
# VALUES table would compute over the table): an order that uses one has no places to find.
_UNSTABLE = re.compile(
    r"\b(RAND|NOW|UUID|STRUUID|BNODE|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE
)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass(frozen=True)
class Order:
    """A query's ORDER BY conditions, its prologue (which the conditions' prefixes need) and its
    projected variables."""

    prologue: str
    conditions: str
    variables: tuple[str, ...]


def stable_order(ordered: str, variables: Sequence[str]) -> Order | None:
    """The order of the query ``ordered`` (its ORDER BY made total, :func:`paging.total_order`) when
    its conditions read projected variables only and give the same order at every evaluation."""
    prologue, conditions = paging.order_clause(ordered)
    if not conditions or _UNSTABLE.search(conditions):
        return None
    if not set(_VARIABLE.findall(conditions)) <= set(variables):
        return None
    return Order(prologue, conditions, tuple(variables))


def in_order(order: Order, rows: Sequence[Cells]) -> list[int]:
    """The indices of ``rows`` (cells of a written answer) in the query's order."""
    if len(rows) < 2:
        return list(range(len(rows)))
    index = _fresh(order.variables, "nqgraphRow")
    numbered = [[_integer(i), *row] for i, row in enumerate(rows)]
    # Only the saved query's own prologue and conditions, and a VALUES block whose every term is
    # written by the escaper of nqgraph.graph.sparql, make up the text.
    table = values_rows_of_cells([index, *order.variables], numbered)
    text = f"{order.prologue}SELECT ?{index} WHERE {{ {table} }}\nORDER BY {order.conditions} ?{index}"
    return [int(solution[0].value) for solution in ox.Store().query(text)]  # type: ignore[union-attr]


def places(order: Order, kept: Sequence[Cells], new: Sequence[Cells]) -> list[int]:
    """For each new row, how many kept rows (in order) come before it (rows equal to it included):
    a binary search for every new row at once, a query a round."""
    low = [0] * len(new)
    high = [len(kept)] * len(new)
    while active := [i for i in range(len(new)) if low[i] < high[i]]:
        middle = {i: (low[i] + high[i]) // 2 for i in active}
        firsts = _kept_first(order, [(kept[middle[i]], new[i]) for i in active])
        for i, kept_first in zip(active, firsts, strict=True):
            if kept_first:
                low[i] = middle[i] + 1
            else:
                high[i] = middle[i]
    return low


def _kept_first(order: Order, pairs: Sequence[tuple[Cells, Cells]]) -> list[bool]:
    """For each pair (a kept row, a new row), whether the kept one comes first (or they are equal)."""
    pair, side = _fresh(order.variables, "nqgraphPair"), _fresh(order.variables, "nqgraphSide")
    rows: list[list[Sequence[str] | None]] = []
    for n, (kept, new) in enumerate(pairs):
        rows.append([_integer(n), _integer(0), *kept])
        rows.append([_integer(n), _integer(1), *new])
    table = values_rows_of_cells([pair, side, *order.variables], rows)
    text = (
        f"{order.prologue}SELECT ?{pair} ?{side} WHERE {{ {table} }}\n"
        f"ORDER BY ?{pair} {order.conditions} ?{side}"
    )
    first: dict[int, bool] = {}
    for solution in ox.Store().query(text):  # type: ignore[union-attr]
        first.setdefault(int(solution[0].value), solution[1].value == "0")
    return [first[n] for n in range(len(pairs))]


def _integer(value: int) -> list[str]:
    return ["l", str(value), _INTEGER]


def _fresh(variables: Sequence[str], stem: str) -> str:
    """A variable name that is none of ``variables``."""
    name = stem
    while name in variables:
        name += "_"
    return name
