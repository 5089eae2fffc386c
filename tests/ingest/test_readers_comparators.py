"""Golden tests of the comparator and relative-change readers: every row of ``golden/comparators.csv``.

Each row names one quantity of its text; ``direction`` empty means the quantity states a level,
not a change (a negative row for :func:`read_relative`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nqgraph.ingest.readers.comparators import read_comparator, read_relative
from nqgraph.ingest.readers.numbers import Quantity, find_quantities

GOLDEN = Path(__file__).parent / "golden" / "comparators.csv"
with GOLDEN.open(encoding="utf-8", newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))


def _quantity(text: str, printed: str) -> Quantity:
    matches = [q for q in find_quantities(text) if q.text == printed]
    assert len(matches) == 1, f"{printed!r} is not one quantity of {text!r}"
    return matches[0]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['quantity']}@{r['text'][:30]}" for r in ROWS])
def test_read_comparator_reads_the_golden_row(row: dict[str, str]) -> None:
    assert read_comparator(row["text"], _quantity(row["text"], row["quantity"])) == row["comparator"]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['quantity']}@{r['text'][:30]}" for r in ROWS])
def test_read_relative_reads_the_golden_row(row: dict[str, str]) -> None:
    relative = read_relative(row["text"], _quantity(row["text"], row["quantity"]))
    if not row["direction"]:
        assert relative is None
        return
    assert relative is not None
    assert relative.direction == row["direction"]
    assert relative.reference_year == (int(row["reference_year"]) if row["reference_year"] else None)


def test_the_golden_file_has_rows_for_every_comparator() -> None:
    assert {row["comparator"] for row in ROWS} == {
        "Equal",
        "AtLeast",
        "AtMost",
        "LessThan",
        "GreaterThan",
        "Approximately",
        "Between",
    }


def test_a_quantity_found_in_a_larger_text_is_read_with_its_offset() -> None:
    sentence = "Trên 75% trường học đạt chuẩn quốc gia"
    (quantity,) = find_quantities(sentence, offset=500)
    assert read_comparator(sentence, quantity, offset=500) == "GreaterThan"
