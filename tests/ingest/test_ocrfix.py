"""The OCR-confusion reader: golden rows (found and suggested, or nothing for negative rows), and the
offset map from a corrected text back to the original."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from pathlib import Path

import pytest

from nqgraph.ingest.model import Span
from nqgraph.ingest.ocrfix import Correction, corrected, find_confusions

GOLDEN = Path(__file__).parent / "golden" / "ocr.csv"


def golden() -> dict[str, set[tuple[str, str, int]]]:
    """Each text of the golden file with the corrections expected in it (none for a negative row)."""
    expected: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    with GOLDEN.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            expected[row["text"]]  # a negative row still names its text
            if row["found"]:
                found = row["found"].replace("\\n", "\n")
                expected[row["text"]].add((found, row["suggested"], int(row["start"])))
    return expected


GOLDEN_ROWS = golden()


def test_the_golden_file_has_positive_and_negative_rows() -> None:
    assert sum(bool(found) for found in GOLDEN_ROWS.values()) >= 20
    assert sum(not found for found in GOLDEN_ROWS.values()) >= 15


@pytest.mark.parametrize("text", list(GOLDEN_ROWS))
def test_golden_confusions_are_found_and_nothing_else(text: str) -> None:
    found = {(c.found, c.suggested, c.span.start) for c in find_confusions(text)}
    assert found == GOLDEN_ROWS[text]


@pytest.mark.parametrize("text", list(GOLDEN_ROWS))
def test_every_correction_names_its_passage_and_a_reason(text: str) -> None:
    for correction in find_confusions(text):
        assert text[correction.span.start : correction.span.end] == correction.found
        assert correction.reason


def test_corrections_never_overlap_and_come_in_text_order() -> None:
    text = "Tô chức thực hi ện 5l xã, dồng bào nguời dân tộc; phát triên bên vững frong năm 2O26"
    found = find_confusions(text)
    assert len(found) == 9
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(found))


def test_the_corrected_text_maps_every_offset_back_to_the_original() -> None:
    text = "Tô chức thực hi-\nện: tỷ lệ 5l%, dồng bào."
    fixed, back = corrected(text)
    assert fixed == "Tổ chức thực hiện: tỷ lệ 51%, đồng bào."
    # A number read from the corrected text is tied to its span in the original.
    start = fixed.index("51%")
    span = back.span(Span(start, start + 3))
    assert text[span.start : span.end] == "5l%"
    # A replaced word maps to the whole passage it was read from.
    start = fixed.index("hiện")
    assert text[back.span(Span(start, start + 4)).start : back.span(Span(start, start + 4)).end] == "hi-\nện"
    # Offsets outside every correction shift by what was removed before them.
    for word in ("chức", "tỷ lệ", "bào."):
        at = fixed.index(word)
        assert text[back.original(at) : back.original(at) + len(word)] == word
    assert back.original(len(fixed), end=True) == len(text)


def test_text_without_confusions_is_returned_unchanged_with_an_identity_map() -> None:
    text = "Nghị quyết số 10-NQ/TU ngày 23/3/2012 của Ban Chấp hành Đảng bộ tỉnh."
    fixed, back = corrected(text)
    assert fixed == text
    assert [back.original(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_nothing_is_corrected_silently() -> None:
    text = "1ỷ lệ tô chức frong năm 2O26"
    fixed, _ = corrected(text)
    corrections = find_confusions(text)
    assert len(corrections) == 4
    rebuilt = text
    for correction in reversed(corrections):
        assert isinstance(correction, Correction)
        rebuilt = rebuilt[: correction.span.start] + correction.suggested + rebuilt[correction.span.end :]
    assert rebuilt == fixed
