"""Golden tests of the agency reader: every row of ``golden/agencies.csv``.

Rows sharing a text list every mention in it, in order; a text whose only row is empty names no
body ("Ban hành …", "Bảo đảm …", "Bản Phung", "Tỉnh ủy viên", a document number ending in "UBND").
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.agencies import AgencyMention, find_agencies, normalise_name

GOLDEN = Path(__file__).parent / "golden" / "agencies.csv"


def _expected() -> dict[str, list[AgencyMention]]:
    cases: dict[str, list[AgencyMention]] = {}
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = cases.setdefault(row["text"], [])
            if row["mention"]:
                span = Span(int(row["start"]), int(row["end"]))
                found.append(AgencyMention(span, row["mention"], row["name"]))
    return cases


CASES = _expected()


@pytest.mark.parametrize("text", list(CASES), ids=[text[:50] for text in CASES])
def test_find_agencies_reads_the_golden_row(text: str) -> None:
    assert find_agencies(text) == CASES[text]


def test_the_golden_file_has_negative_rows() -> None:
    assert sum(1 for found in CASES.values() if not found) >= 10


def test_a_decomposed_name_is_normalised_to_nfc() -> None:
    (mention,) = find_agencies(unicodedata.normalize("NFD", "Sở Giáo dục và Đào tạo chủ trì"))
    assert mention.name == "Sở Giáo dục và Đào tạo"
    assert unicodedata.is_normalized("NFC", mention.name)


def test_normalise_name_strips_bullets_and_the_title_of_a_person() -> None:
    assert normalise_name("+ đồng chí   Văn phòng\nTỉnh ủy;") == "Văn phòng Tỉnh ủy"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Giao Sở Y tế", "Sở Y tế"),
        ("Đề nghị: Hiệp hội Doanh nghiệp tỉnh", "Hiệp hội Doanh nghiệp tỉnh"),
        ("Đề nghị:Hội Nông dân tỉnh", "Hội Nông dân tỉnh"),
        ("Sở Giao thông vận tải", "Sở Giao thông vận tải"),
    ],
)
def test_normalise_name_drops_the_words_that_address_a_body(printed: str, name: str) -> None:
    assert normalise_name(printed) == name
