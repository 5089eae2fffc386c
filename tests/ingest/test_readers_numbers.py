"""Golden tests of the number reader: every row of ``golden/numbers.csv``.

Rows sharing a text list every quantity that text holds, in order; a text whose only row has no
quantity must yield none (document numbers, years, section numbers, names, telephone numbers …).
"""

from __future__ import annotations

import csv
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.numbers import Quantity, UnreadableNumber, find_quantities, read_number

GOLDEN = Path(__file__).parent / "golden" / "numbers.csv"


def _expected() -> dict[str, list[Quantity]]:
    cases: dict[str, list[Quantity]] = {}
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = cases.setdefault(row["text"], [])
            if row["quantity"]:
                found.append(
                    Quantity(
                        Span(int(row["start"]), int(row["end"])),
                        row["quantity"],
                        Decimal(row["value"]),
                        Decimal(row["value_max"]) if row["value_max"] else None,
                        row["unit"] or None,
                    )
                )
    return cases


CASES = _expected()


@pytest.mark.parametrize("text", list(CASES))
def test_find_quantities_reads_the_golden_row(text: str) -> None:
    assert find_quantities(text) == CASES[text]


def test_the_golden_file_has_negative_rows() -> None:
    assert sum(1 for found in CASES.values() if not found) >= 20


def test_spans_are_shifted_by_the_offset() -> None:
    (quantity,) = find_quantities("đạt 99,89%", offset=100)
    assert quantity.span == Span(104, 110)


def test_decomposed_input_is_read_as_nfc() -> None:
    text = unicodedata.normalize("NFD", "quy mô dân số 72 vạn người")
    (quantity,) = find_quantities(text)
    assert (quantity.value, quantity.unit) == (Decimal(720000), "Persons")


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("668.030", Decimal(668030)),
        ("99,89", Decimal("99.89")),
        ("72 vạn", Decimal(720000)),
        ("425,4 nghìn", Decimal(425400)),
        ("01", Decimal(1)),
        ("8.000 - 8.300", Decimal(8000)),
        ("31/31", Decimal(31)),
        ("1,2 triệu", Decimal(1200000)),
    ],
)
def test_read_number_reads_a_printed_number(printed: str, value: Decimal) -> None:
    assert read_number(printed) == value


def test_read_number_refuses_a_text_without_digits() -> None:
    with pytest.raises(UnreadableNumber, match="no number"):
        read_number("Nghị quyết số")
