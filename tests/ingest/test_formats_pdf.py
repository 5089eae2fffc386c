"""PDF and image sources, read with the real poppler and the real tesseract (``scripts/setup-ocr.sh``).

The fixtures are made here: a text-layer PDF written with fpdf2 and the DejaVu font, pages of
Vietnamese rendered with Pillow and saved as PNG, JPEG, TIFF and image-only PDF, and encrypted
PDFs made with pypdf. OCR must recover most words, not the exact text.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from nqgraph.errors import DataError
from nqgraph.ingest.formats import read_source
from nqgraph.ingest.formats.ocr import page_marker
from nqgraph.text import fold

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ISSUER = "TỈNH ỦY LÀO CAI"
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
PARAGRAPH = (
    "Nghị quyết về nhiệm vụ chính trị năm 2026. Phấn đấu tỷ lệ hộ nghèo giảm 2% mỗi năm; "
    "đến năm 2030, 100% xã đạt chuẩn nông thôn mới. Ủy ban nhân dân tỉnh chủ trì, phối hợp với "
    "các sở, ngành thực hiện; báo cáo kết quả hằng năm. Những người già ở Huế vẫn ưa thích "
    "quả xoài, ổi, mận và bưởi Đoan Hùng."
)
SHORT = "Tổ chức thực hiện: Sở Giáo dục và Đào tạo chủ trì, báo cáo trước ngày 30/6/2026."

pytestmark = pytest.mark.skipif(
    not (DEJAVU.exists() and shutil.which("tesseract") and shutil.which("pdftotext")),
    reason="needs tesseract, poppler-utils and fonts-dejavu-core: bash scripts/setup-ocr.sh",
)


def recovered(expected: str, text: str) -> float:
    """The share of the expected words (folded) found in ``text``."""
    found = set(fold(text).split())
    words = fold(expected).split()
    return sum(word in found for word in words) / len(words)


def render(text: str) -> Image.Image:
    """A scanned A4-wide page at 300 dpi: the text in 12-point DejaVu Sans, wrapped."""
    font = ImageFont.truetype(str(DEJAVU), 50)
    width, margin = 2480, 200
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and probe.textlength(line, font=font) <= width - 2 * margin:
            lines[-1] = line
        else:
            lines.append(word)
    page = Image.new("L", (width, 2 * margin + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((margin, margin + 80 * row), line, font=font, fill=0)
    return page


def text_pdf(path: Path, *, scanned_page: Image.Image | None = None) -> Path:
    """A text-layer PDF: a two-column letterhead and a paragraph; optionally a scanned second page."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(80, 8, ISSUER)
    pdf.cell(0, 8, MOTTO, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.multi_cell(0, 8, PARAGRAPH, align="J")
    if scanned_page is not None:
        pdf.add_page()
        buffer = io.BytesIO()
        scanned_page.save(buffer, format="PNG")
        pdf.image(buffer, x=0, y=0, w=210)
    pdf.output(str(path))
    return path


def encrypted(source: Path, path: Path, *, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_the_ocr_setup_does_nothing_quietly_when_everything_is_installed() -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "setup-ocr.sh"
    started = time.perf_counter()
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert time.perf_counter() - started < 5


def test_a_pdf_text_layer_is_read_in_layout_with_no_ocr(tmp_path: Path) -> None:
    source = read_source(text_pdf(tmp_path / "resolution.pdf"))
    assert source.format == "pdf"
    assert source.ocr_spans == ()
    assert page_marker(1) not in source.text
    lines = source.text.splitlines()
    # The letterhead's two columns stay on one line, as in a printed resolution.
    assert any(ISSUER in line and MOTTO in line for line in lines)
    assert " ".join(source.text.split()).endswith(" ".join(PARAGRAPH.split()))
    assert "  " not in "".join(lines[2:])  # justified lines keep one space between words


def test_a_pdf_whose_fonts_store_tcvn3_is_converted(tmp_path: Path) -> None:
    # What an old PDF made from a document in the ABC fonts holds as text: the TCVN3 bytes.
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc")
    path = tmp_path / "abc.pdf"
    pdf.output(str(path))
    source = read_source(path)
    assert source.text.splitlines()[:2] == [
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert source.notes == ("converted from TCVN3 (the PDF's fonts store Vietnamese in TCVN3)",)


def test_a_pdf_that_needs_a_password_is_refused(tmp_path: Path) -> None:
    locked = encrypted(text_pdf(tmp_path / "plain.pdf"), tmp_path / "locked.pdf", user_password="secret")
    with pytest.raises(DataError, match=r"encrypted PDF.*decrypt it first") as refused:
        read_source(locked)
    assert str(refused.value).startswith(str(locked))


def test_a_pdf_with_only_an_owner_password_is_read_and_noted(tmp_path: Path) -> None:
    restricted = encrypted(text_pdf(tmp_path / "plain.pdf"), tmp_path / "restricted.pdf", user_password="")
    source = read_source(restricted)
    assert recovered(PARAGRAPH, source.text) == 1.0
    assert any("encrypted" in note for note in source.notes)


def test_a_damaged_pdf_is_refused_naming_it(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 40)
    with pytest.raises(DataError, match="not a readable PDF") as refused:
        read_source(damaged)
    assert str(refused.value).startswith(str(damaged))


def test_a_scanned_pdf_is_ocred_page_by_page(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    render(PARAGRAPH).save(scan, resolution=300)
    source = read_source(scan)
    assert source.format == "ocr"
    assert source.text.startswith(page_marker(1) + "\n")
    assert recovered(PARAGRAPH, source.text) >= 0.9
    (span,) = source.ocr_spans
    assert span.start == len(page_marker(1)) + 1
    assert source.text[span.start : span.end].strip() == source.text[span.start : span.end]
    assert recovered(PARAGRAPH, source.text[span.start : span.end]) >= 0.9


def test_only_the_pages_without_a_text_layer_are_ocred(tmp_path: Path) -> None:
    mixed = text_pdf(tmp_path / "mixed.pdf", scanned_page=render(SHORT))
    source = read_source(mixed)
    assert source.format == "pdf"
    first, _second = source.text.split(page_marker(2))
    assert first.startswith(page_marker(1)) and recovered(PARAGRAPH, first) == 1.0
    (span,) = source.ocr_spans
    assert span.start == len(first) + len(page_marker(2)) + 1
    assert recovered(SHORT, source.text[span.start : span.end]) >= 0.9
    assert any("pages without a text layer: 2" in note for note in source.notes)


@pytest.mark.parametrize(("suffix", "kind"), [(".png", "PNG"), (".jpg", "JPEG"), (".tif", "TIFF")])
def test_an_image_is_ocred(tmp_path: Path, suffix: str, kind: str) -> None:
    image = tmp_path / f"page{suffix}"
    render(SHORT).save(image, format=kind, dpi=(300, 300))
    source = read_source(image)
    assert source.format == "ocr"
    assert source.text.startswith(page_marker(1) + "\n")
    assert recovered(SHORT, source.text) >= 0.9
    assert len(source.ocr_spans) == 1


def test_an_image_named_as_text_is_still_ocred(tmp_path: Path) -> None:
    image = tmp_path / "page.txt"
    render(SHORT).save(image, format="PNG")
    assert read_source(image).format == "ocr"


def test_a_scan_without_tesseract_is_refused_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tmp_path / "scan.pdf"
    render(SHORT).save(scan, resolution=300)
    # The machine as it is before scripts/setup-ocr.sh installs tesseract: poppler only.
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        (tools / tool).symlink_to(shutil.which(tool) or tool)
    monkeypatch.setenv("PATH", str(tools))
    with pytest.raises(DataError, match=r"tesseract is not installed.*bash scripts/setup-ocr\.sh") as refused:
        read_source(scan)
    assert str(refused.value).startswith(str(scan))


def test_a_scan_without_the_vietnamese_model_is_refused_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "page.png"
    render(SHORT).save(image)
    models = tmp_path / "tessdata"
    models.mkdir()
    monkeypatch.setitem(os.environ, "TESSDATA_PREFIX", str(models))
    with pytest.raises(DataError, match=r"no Vietnamese model.*tesseract-ocr-vie.*setup-ocr\.sh"):
        read_source(image)


def test_an_image_with_nothing_on_it_is_refused(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (600, 400), 255).save(blank)
    with pytest.raises(DataError, match="no text found in the image") as refused:
        read_source(blank)
    assert str(refused.value).startswith(str(blank))


def test_a_blank_page_between_scanned_pages_keeps_every_page_in_its_place(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    first, blank, last = render("Trang đầu tiên"), Image.new("L", (2480, 600), 255), render(SHORT)
    first.save(scan, resolution=300, save_all=True, append_images=[blank, last])
    source = read_source(scan)
    assert [line for line in source.text.splitlines() if line.startswith("=====")] == [
        page_marker(1),
        page_marker(2),
        page_marker(3),
    ]
    assert recovered(SHORT, source.text.split(page_marker(3))[1]) >= 0.9
    assert len(source.ocr_spans) == 2  # the blank page has no OCR'd text


def test_every_page_of_a_multipage_tiff_is_ocred(tmp_path: Path) -> None:
    tiff = tmp_path / "pages.tif"
    render("Trang đầu tiên").save(tiff, save_all=True, append_images=[render(SHORT)], dpi=(300, 300))
    source = read_source(tiff)
    assert source.text.count("===== Trang") == 2
    assert recovered(SHORT, source.text.split(page_marker(2))[1]) >= 0.9
