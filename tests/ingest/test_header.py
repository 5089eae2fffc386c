"""The header reader on synthetic headers: number, date, place, issuer, province, title, signer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nqgraph.errors import DataError
from nqgraph.ingest.header import read_header
from nqgraph.ingest.model import SourceText
from nqgraph.ingest.structure import parse


def _header(text: str):  # type: ignore[no-untyped-def]
    return read_header(SourceText(text, Path("x.txt"), "text"), parse(text))


PLAN = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH CAO BẰNG                       Độc lập - Tự do - Hạnh phúc
Số: 77 /KH-UBND                   Cao Bằng, ngày 09 tháng 1 năm 2027

KẾ HOẠCH
Triển khai thí điểm nhà văn hóa số giai đoạn 2027 - 2030

I. MỤC ĐÍCH
1. Mục đích.
V. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì.
Nơi nhận:                                  TM. ỦY BAN NHÂN DÂN
- Như trên;                                 KT. CHỦ TỊCH
- Lưu: VT.                                  PHÓ CHỦ TỊCH

                                            Lê Văn Bình
"""


def test_plan_header_gives_number_date_place_issuer_province_title_and_signer() -> None:
    h = _header(PLAN)
    assert (h.kind, h.number, h.date, h.place) == (
        "Plan",
        "77/KH-UBND",
        datetime.date(2027, 1, 9),
        "Cao Bằng",
    )
    assert (h.issuer_slug, h.province_name) == ("ubnd", "Cao Bằng")
    assert h.title == "Triển khai thí điểm nhà văn hóa số giai đoạn 2027 - 2030"
    assert h.period == (2027, 2030)
    assert h.number_note is not None and "77 /KH-UBND" in h.number_note
    assert h.signer == "Lê Văn Bình"
    assert h.signer_role == "TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH"


def test_standing_committee_resolution_is_issued_by_the_standing_board() -> None:
    text = (
        "TỈNH ỦY BẮC KẠN\nSố 03-NQ/TU\nBắc Kạn, ngày 2 tháng 5 năm 2027\n\n"
        "NGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nVỀ RỪNG\n\nI. MỤC TIÊU\n"
    )
    h = _header(text)
    assert (h.kind, h.issuer_slug, h.number, h.province_name) == (
        "Resolution",
        "btvtu",
        "03-NQ/TU",
        "Bắc Kạn",
    )


def test_number_and_date_only_in_the_appendix_heading_are_read_from_it() -> None:
    text = (
        "NGHỊ QUYẾT\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nvề rừng tỉnh Hà Giang đến năm 2030\n\n"
        "I. MỤC TIÊU\n1. Một.\nT/M TỈNH ỦY\nBÍ THƯ\n\nPHỤ LỤC\n"
        "(kèm theo Nghị quyết số 08-NQ/TU ngày 03/02/2027 của Ban Chấp hành)\n"
    )
    h = _header(text)
    assert (h.number, h.date) == ("08-NQ/TU", datetime.date(2027, 2, 3))
    assert h.notes


def test_an_appendix_heading_number_printed_with_a_stray_space_keeps_its_printed_span() -> None:
    text = (
        "KẾ HOẠCH\nvề chuyển đổi số tỉnh Hà Giang năm 2027\n\nI. MỤC ĐÍCH\n1. Một.\n\nPHỤ LỤC\n"
        "(Kèm theo Kế hoạch số 12 /KH-UBND ngày 5/3/2027 của UBND tỉnh)\n"
    )
    h = _header(text)
    assert (h.number, h.date) == ("12/KH-UBND", datetime.date(2027, 3, 5))
    assert h.number_span is not None and text[h.number_span.start : h.number_span.end] == "12 /KH-UBND"


def test_an_appendix_heading_without_a_number_gives_none() -> None:
    text = (
        "KẾ HOẠCH\nvề chuyển đổi số tỉnh Hà Giang năm 2027\n\nI. MỤC ĐÍCH\n1. Một.\n\nPHỤ LỤC\n"
        "(Kèm theo Kế hoạch này)\n"
    )
    assert _header(text).number is None


def test_a_news_article_is_refused() -> None:
    with pytest.raises(DataError, match="not a resolution or plan"):
        _header("Thời tiết hôm nay\n\nTrời nắng, nhiệt độ 35 độ.\n")
