"""Golden tests of the date reader: every row of ``golden/dates.csv`` (texts with no full date: none)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.dates import DateMention, find_dates

GOLDEN = Path(__file__).parent / "golden" / "dates.csv"


def _expected() -> dict[str, list[DateMention]]:
    cases: dict[str, list[DateMention]] = {}
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = cases.setdefault(row["text"], [])
            if row["date_text"]:
                span = Span(int(row["start"]), int(row["end"]))
                found.append(DateMention(span, row["date_text"], dt.date.fromisoformat(row["date"])))
    return cases


CASES = _expected()


@pytest.mark.parametrize("text", list(CASES))
def test_find_dates_reads_the_golden_row(text: str) -> None:
    assert find_dates(text) == CASES[text]


def test_the_golden_file_has_negative_rows() -> None:
    assert sum(1 for found in CASES.values() if not found) >= 8


def test_a_date_split_over_a_line_is_read() -> None:
    (mention,) = find_dates("Quyết định số 1902/QĐ-UBND ngày\n16/6/2025 của", offset=10)
    assert (mention.date, mention.span) == (dt.date(2025, 6, 16), Span(37, 51))
