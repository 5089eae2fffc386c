"""Word .docx sources: paragraphs, numbering, line breaks, tabs and tables, in document order.

The fixtures are written here with zipfile, part by part, as Word stores them.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from nqgraph.errors import DataError
from nqgraph.ingest.formats import read_source

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
NUMBERING = f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%4."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""
STYLES = f"""<w:styles {W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Muc"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"""


def para(body: str, *, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr>{body}</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def cell(body: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


BODY = "".join(
    [
        para(run("NGHỊ QUYẾT"), style="Heading1"),
        para(run("về phát triển ") + run("nguồn nhân lực") + "<w:r><w:br/></w:r>" + run("đến năm 2030")),
        para(""),
        para(run("QUAN ĐIỂM, MỤC TIÊU"), style="Muc"),
        para(run("Mục tiêu chung"), num=(1, 1)),
        para(run("Đến năm 2025:") + "<w:r><w:tab/></w:r>" + run("đạt 70%")),
        para(run("Chỉ tiêu cụ thể"), num=(1, 1)),
        para(run("Tỷ lệ lao động qua đào tạo"), num=(1, 2)),
        para(run("Tỷ lệ hộ nghèo"), num=(1, 2)),
        para(run("Chi tiết"), num=(1, 3)),
        para(run("NHIỆM VỤ"), num=(1, 0)),
        para(run("Quán triệt nghị quyết;"), num=(2, 0)),
        para(run("Cũ") + "<w:del><w:r><w:delText>bị xoá</w:delText></w:r></w:del>"
             + "<w:ins>" + run(" mới") + "</w:ins>"),
        "<w:tbl><w:tblPr/>"
        + "<w:tr>" + cell(para(run("STT"))) + cell(para(run("Nhiệm vụ")))
        + cell(para(run("Chủ trì"))) + "</w:tr>"
        + "<w:tr>" + cell(para(run("1"))) + cell(para(run("Xây dựng")) + para(run("đề án a|b")))
        + cell(para(run("Sở Nội vụ")), '<w:vMerge w:val="restart"/>') + "</w:tr>"
        + "<w:tr>" + cell(para(run("2"))) + cell(para(run("Tổng kết")))
        + cell(para(""), "<w:vMerge/>") + "</w:tr>"
        + "<w:tr>" + cell(para(run("Ghi chú chung")), '<w:gridSpan w:val="3"/>') + "</w:tr>"
        + "</w:tbl>",
        para(run("Nơi nhận:")),
    ]
)  # fmt: skip
EXPECTED = """NGHỊ QUYẾT

về phát triển nguồn nhân lực
đến năm 2030

I. QUAN ĐIỂM, MỤC TIÊU

1. Mục tiêu chung

Đến năm 2025:\tđạt 70%

2. Chỉ tiêu cụ thể

a) Tỷ lệ lao động qua đào tạo

b) Tỷ lệ hộ nghèo

2.1. Chi tiết

II. NHIỆM VỤ

- Quán triệt nghị quyết;

Cũ mới

| STT | Nhiệm vụ | Chủ trì |
| 1 | Xây dựng đề án a\\|b | Sở Nội vụ |
| 2 | Tổng kết |  |
| Ghi chú chung |

Nơi nhận:
"""


def docx(path: Path, body: str, *, numbering: bool = True) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        document = f"<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"
        archive.writestr("word/document.xml", document)
        if numbering:
            archive.writestr("word/numbering.xml", NUMBERING)
            archive.writestr("word/styles.xml", STYLES)
    return path


def test_a_docx_is_read_in_document_order_with_numbering_breaks_tabs_and_tables(tmp_path: Path) -> None:
    source = read_source(docx(tmp_path / "resolution.docx", BODY))
    assert source.format == "docx"
    assert source.text == EXPECTED


def test_a_docx_without_numbering_definitions_reads_its_text(tmp_path: Path) -> None:
    source = read_source(docx(tmp_path / "plain.docx", BODY, numbering=False))
    assert source.text.splitlines()[5] == "QUAN ĐIỂM, MỤC TIÊU"
    assert "| 1 | Xây dựng đề án a\\|b | Sở Nội vụ |" in source.text


def test_a_docx_in_decomposed_unicode_is_read_as_nfc(tmp_path: Path) -> None:
    body = para(run(unicodedata.normalize("NFD", "Uỷ ban nhân dân tỉnh")))
    assert read_source(docx(tmp_path / "nfd.docx", body)).text == "Uỷ ban nhân dân tỉnh\n"


def font_run(text: str, font: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t>{text}</w:t></w:r>'


LEGACY_STYLES = f"""<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr></w:rPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:styleId="Body"><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="BodyIndent"><w:basedOn w:val="Body"/></w:style>
</w:styles>"""


def test_text_in_legacy_fonts_is_converted_run_by_run(tmp_path: Path) -> None:
    body = "".join(
        [
            para(font_run("nghÞ quyÕt", ".VnTimeH")),  # the ABC capital font: small codes, capitals drawn
            para(font_run("Coäng hoøa xaõ hoäi", "VNI-Times") + run(" – Độc lập")),
            para(run("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), style="BodyIndent"),  # the font from the style
            para(run("Unicode: Céng"), style="Normal"),  # a Unicode font: left as it is
        ]
    )
    path = tmp_path / "legacy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/styles.xml", LEGACY_STYLES)
    source = read_source(path)
    assert source.text.split("\n\n") == [
        "NGHỊ QUYẾT",
        "Cộng hòa xã hội – Độc lập",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Unicode: Céng\n",
    ]
    assert source.notes == (
        "converted from TCVN3 (.VnTime), a legacy font",
        "converted from TCVN3 (.VnTimeH), a legacy font",
        "converted from VNI (VNI-Times), a legacy font",
    )


def test_a_docx_with_no_text_is_refused(tmp_path: Path) -> None:
    path = docx(tmp_path / "empty.docx", para(""))
    with pytest.raises(DataError, match="no text found") as refused:
        read_source(path)
    assert str(refused.value).startswith(str(path))


def test_a_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    with pytest.raises(DataError, match=r"not a Word \.docx file"):
        read_source(path)


def test_a_damaged_docx_is_refused_naming_the_part(tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")
    with pytest.raises(DataError, match=r"word/document\.xml is not well-formed"):
        read_source(path)
