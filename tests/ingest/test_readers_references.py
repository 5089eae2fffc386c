"""Golden tests of the document-reference reader: every row of ``golden/references.csv``.

Rows sharing a text list every reference in it, in order; a text whose only row is empty holds none
("Nghị quyết này", "xây dựng kế hoạch", "Sở Kế hoạch và Đầu tư", a number-less "Nghị quyết số").
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nqgraph.ingest.readers.references import DocumentReference, find_references

GOLDEN = Path(__file__).parent / "golden" / "references.csv"


def _expected() -> dict[str, list[dict[str, str]]]:
    cases: dict[str, list[dict[str, str]]] = {}
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = cases.setdefault(row["text"], [])
            if row["reference"]:
                found.append(row)
    return cases


CASES = _expected()


def _as_row(reference: DocumentReference) -> dict[str, str]:
    return {
        "reference": reference.text,
        "kind": reference.kind,
        "number": reference.number or "",
        "date": reference.date.isoformat() if reference.date else "",
        "issuer": reference.issuer_text or "",
        "link": reference.link,
        "start": str(reference.span.start),
        "end": str(reference.span.end),
    }


@pytest.mark.parametrize("text", list(CASES), ids=[text[:50] for text in CASES])
def test_find_references_reads_the_golden_row(text: str) -> None:
    expected = [{key: value for key, value in row.items() if key != "text"} for row in CASES[text]]
    assert [_as_row(reference) for reference in find_references(text)] == expected


def test_the_golden_file_has_negative_rows() -> None:
    assert sum(1 for found in CASES.values() if not found) >= 10


def test_a_congress_resolution_keeps_its_ordinal_and_term() -> None:
    (reference,) = find_references(
        "cụ thể hóa Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025 – 2030"
    )
    assert (reference.ordinal, reference.term, reference.number) == ("XV", "2025-2030", None)


def test_spans_are_shifted_by_the_offset() -> None:
    (reference,) = find_references("theo Quy định số 145-QĐ/TW.", offset=40)
    assert (reference.span.start, reference.span.end) == (45, 66)
