"""The outline parser on small synthetic texts: markers, section paths, tables, gaps."""

from __future__ import annotations

from nqgraph.ingest.structure import parse

TEXT = """NGHỊ QUYẾT
về thử nghiệm

Đoạn mở đầu.

I- QUAN ĐIỂM
1. Quan điểm thứ nhất rất rõ.
2. Quan điểm thứ hai.
II. MỤC TIÊU
1. Mục tiêu cụ thể
1.1. Giai đoạn 2026 - 2030
(1) Tỷ lệ hộ có nước sạch đạt 90%.
(2) Có 12 trường đạt
chuẩn quốc gia.
a) Mục con một
- gạch đầu dòng
"""


def _paths(text: str) -> list[str]:
    return [n.path for n in parse(text).nodes() if n.kind not in ("root", "closing")]


def test_outline_gives_section_paths_as_printed() -> None:
    # A lettered item ranks above a parenthesised one, so "a)" after "(2)" is a sibling of "(2)".
    assert _paths(TEXT) == ["I", "I.1", "I.2", "II", "II.1", "II.1.1", "II.1.1 (1)", "II.1.1 (2)", "II.1.1.a"]


def test_a_line_broken_item_keeps_its_words_in_its_title() -> None:
    outline = parse(TEXT)
    item = next(n for n in outline.nodes() if n.path == "II.1.1 (2)")
    assert item.title is not None
    assert " ".join(TEXT[item.title.start : item.title.end].split()) == "Có 12 trường đạt chuẩn quốc gia."


def test_preamble_paragraphs_belong_to_the_root() -> None:
    outline = parse(TEXT)
    assert [TEXT[p.start : p.end] for p in outline.root.paragraphs][-1] == "Đoạn mở đầu."


def test_numbering_that_skips_is_reported() -> None:
    outline = parse("I. MỘT\n1. Một.\n2. Hai.\n4. Bốn.\nII. HAI\n")
    assert [(n.path, why) for n, why in outline.gaps] == [("I.4", "2 is followed by 4")]


def test_numbering_that_follows_reports_nothing() -> None:
    assert parse("I. MỘT\n1. Một.\n2. Hai.\nII. HAI\nIII. BA\n").gaps == []


def test_a_sentence_starting_with_a_number_is_no_item() -> None:
    assert _paths("I. MỘT\n2025 - 2030 là giai đoạn mới.\n") == ["I"]


def test_markdown_emphasis_and_hashes_do_not_hide_a_part() -> None:
    assert _paths("## **I- QUAN ĐIỂM**\n\n### **1. Nội dung**\n\nVăn bản.\n") == ["I", "I.1"]


def test_tab_separated_appendix_rows_keep_every_cell() -> None:
    text = (
        "I. MỘT\n1. Một.\nT/M TỈNH ỦY\nBÍ THƯ\n\nPHỤ LỤC\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
        "1\tLàm kế hoạch\tSở Nội vụ\tQuý I/2026\n"
        "2\tKiểm tra\tSở Y tế\tHằng năm\n"
    )
    rows = [n for n in parse(text).nodes() if n.kind == "row"]
    assert [r.path for r in rows] == ["Phụ lục, STT 1", "Phụ lục, STT 2"]
    assert [text[c.start : c.end] for c in rows[0].cells] == ["1", "Làm kế hoạch", "Sở Nội vụ", "Quý I/2026"]
    assert rows[0].columns[-1] == "thoi gian"


def test_pipe_table_cells_broken_over_lines_are_joined_into_one_row() -> None:
    head = "\n|\n**STT**\n|\n**Nhiệm vụ**\n|\n**Cơ quan chủ trì**\n|\n**Thời gian**\n|\n|\n"
    row = "1\n|\nTriển khai nền tảng\ncho doanh nghiệp.\n|\nSở Công Thương\n|\nQuí IV-2025\n|\n|\n"
    text = (
        "I. MỘT\n1. Một.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPHỤ LỤC\n"
        + head
        + row
        + "2\n|\nViệc hai\n|\nSở Y tế\n|\nHằng năm\n|\n"
    )
    rows = [n for n in parse(text).nodes() if n.kind == "row"]
    assert [r.label for r in rows] == ["1", "2"]
    cells = [" ".join(text[c.start : c.end].split()) for c in rows[0].cells]
    assert cells == ["1", "Triển khai nền tảng cho doanh nghiệp.", "Sở Công Thương", "Quí IV-2025"]


def test_one_line_pipe_rows_of_a_word_table_keep_every_cell() -> None:
    text = (
        "I. MỘT\n1. Một.\nT/M TỈNH ỦY\nBÍ THƯ\n\nPHỤ LỤC\n"
        "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n"
        "| 1 | Lập đề án a\\|b | Sở Tài chính | Năm 2027 |\n"
    )
    (row,) = [n for n in parse(text).nodes() if n.kind == "row"]
    assert [text[c.start : c.end] for c in row.cells] == ["1", "Lập đề án a\\|b", "Sở Tài chính", "Năm 2027"]
    assert row.columns == ["stt", "nhiem vu", "co quan chu tri", "thoi gian"]
