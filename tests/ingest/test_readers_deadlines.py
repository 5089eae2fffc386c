"""Golden tests of the deadline reader: every row of ``golden/deadlines.csv`` (an empty deadline: none)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.deadlines import Deadline, read_deadline

GOLDEN = Path(__file__).parent / "golden" / "deadlines.csv"
with GOLDEN.open(encoding="utf-8", newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))


@pytest.mark.parametrize("row", ROWS, ids=[row["text"][:40] for row in ROWS])
def test_read_deadline_reads_the_golden_row(row: dict[str, str]) -> None:
    expected = None
    if row["deadline"]:
        expected = Deadline(
            row["deadline"],
            dt.date.fromisoformat(row["due"]) if row["due"] else None,
            row["recurrence"] or None,
            Span(int(row["start"]), int(row["end"])),
        )
    assert read_deadline(row["text"]) == expected


def test_the_golden_file_has_negative_rows() -> None:
    assert sum(1 for row in ROWS if not row["deadline"]) >= 5
