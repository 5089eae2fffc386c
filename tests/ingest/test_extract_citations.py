"""References to other documents: kind, number, date, issuer and link, with negative cases."""

from __future__ import annotations

import datetime

import pytest

from nqgraph.ingest.extract.citations import Reference, find_references, issuer_slug
from nqgraph.ingest.model import Span


def _refs(text: str) -> list[Reference]:
    return find_references(text, Span(0, len(text)), Span(0, len(text)))


@pytest.mark.parametrize(
    ("text", "kind", "number", "date", "link"),
    [
        (
            "Tiếp tục thực hiện Chỉ thị số 05-CT/TU ngày 3/4/2024 của Tỉnh ủy",
            "Directive",
            "05-CT/TU",
            (2024, 4, 3),
            "continues",
        ),
        (
            "Nghị quyết này thay thế Nghị quyết số 12-NQ/TU ngày 01/02/2019",
            "Resolution",
            "12-NQ/TU",
            (2019, 2, 1),
            "supersedes",
        ),
        (
            "Căn cứ Nghị định số 99/2023/NĐ-CP ngày 30 tháng 12 năm 2023 của Chính phủ",
            "Decision",
            "99/2023/NĐ-CP",
            (2023, 12, 30),
            "cites",
        ),
        (
            "Triển khai thực hiện Kế hoạch số: 71 /KH-UBND ngày 5/6/2026",
            "Plan",
            "71/KH-UBND",
            (2026, 6, 5),
            "implements",
        ),
        ("theo Kết luận số 08-KL/TW", "Conclusion", "08-KL/TW", None, "cites"),
    ],
)
def test_a_numbered_reference_gives_kind_number_date_and_link(
    text: str, kind: str, number: str, date: tuple[int, int, int] | None, link: str
) -> None:
    (ref,) = _refs(text)
    assert (ref.kind, ref.number, ref.link) == (kind, number, link)
    assert ref.date == (datetime.date(*date) if date else None)


def test_the_issuer_named_after_the_date_is_kept_as_printed() -> None:
    (ref,) = _refs("Quy định số 20-QĐ/TU ngày 2/3/2025 của Ban Thường vụ Tỉnh ủy về công tác cán bộ")
    assert ref.issuer_text == "Ban Thường vụ Tỉnh ủy"
    assert issuer_slug(ref.number, ref.issuer_text) == "btvtu"


def test_a_central_number_is_central_and_a_provincial_one_is_not() -> None:
    (central,) = _refs("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    (local,) = _refs("Nghị quyết số 03-NQ/TU ngày 2/1/2026")
    assert central.central and not local.central


def test_a_congress_resolution_is_read_by_its_roman_number() -> None:
    (ref,) = _refs("Quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2030 - 2035")
    assert (ref.kind, ref.congress, ref.central, ref.link) == (
        "CongressResolution",
        "xvi",
        False,
        "implements",
    )


def test_a_quoted_project_name_is_a_reference_without_number() -> None:
    (ref,) = _refs("Thực hiện Đề án “Phát triển du lịch cộng đồng” đến năm 2030")
    assert (ref.kind, ref.number, ref.name) == ("Project", None, "Phát triển du lịch cộng đồng")


@pytest.mark.parametrize(
    "text",
    [
        "Quán triệt các nghị quyết, chỉ thị, kết luận của Trung ương",
        "xây dựng kế hoạch triển khai thực hiện Nghị quyết",
        "Đại hội Đảng bộ tỉnh lần thứ I thành công tốt đẹp",
        "chương trình giáo dục phổ thông năm 2018",
    ],
)
def test_words_that_name_no_document_give_no_reference(text: str) -> None:
    assert _refs(text) == []
