"""Bodies named in a passage: known names with their IRIs, the reader's mentions between them without."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqgraph.ingest.extract.agencies import Bodies
from nqgraph.ingest.model import Span
from nqgraph.ingest.resolve import Resolver

ROOT = Path(__file__).resolve().parents[2]
AGENCY = "https://w3id.org/nqgraph/id/agency/dien-bien/"


@pytest.fixture(scope="module")
def finder() -> Bodies:
    return Bodies(Resolver.from_data(ROOT / "data" / "ttl"), "dien-bien")


def _names(finder: Bodies, text: str) -> list[tuple[str, str | None]]:
    return [(m.name, m.iri) for m in finder.in_list(text, Span(0, len(text)))]


def test_a_known_body_is_found_with_either_spelling_of_its_abbreviation(finder: Bodies) -> None:
    assert _names(finder, "Đảng ủy Uỷ ban nhân dân tỉnh") == [
        ("Đảng ủy Uỷ ban nhân dân tỉnh", AGENCY + "dang-uy-ubnd-tinh")
    ]
    assert _names(finder, "Đảng ủy UBND tỉnh") == [("Đảng ủy UBND tỉnh", AGENCY + "dang-uy-ubnd-tinh")]


def test_a_list_of_bodies_gives_each_body_once_in_order(finder: Bodies) -> None:
    names = _names(finder, "Sở Nội vụ; các sở, ban, ngành; UBND xã, phường")
    assert [iri for _n, iri in names] == [
        AGENCY + "so-noi-vu",
        AGENCY + "cac-so-ban-nganh",
        AGENCY + "ubnd-xa-phuong",
    ]


def test_an_unknown_body_is_proposed_by_its_capitalised_head_word(finder: Bodies) -> None:
    assert _names(finder, "Sở Du lịch; Hiệp hội Chè tỉnh") == [
        ("Sở Du lịch", None),
        ("Hiệp hội Chè tỉnh", None),
    ]


def test_a_verb_after_a_head_word_is_no_body(finder: Bodies) -> None:
    assert _names(finder, "ban hành các chính sách phù hợp") == []


def test_an_unknown_body_ends_where_its_duty_begins(finder: Bodies) -> None:
    assert _names(finder, "Trung tâm Khuyến nông triển khai mô hình") == [("Trung tâm Khuyến nông", None)]


def test_a_common_word_alone_is_no_body(finder: Bodies) -> None:
    assert _names(finder, "sự lãnh đạo của Đảng và Nhà nước") == []
