"""Benchmark reading scanned pages: OCR seconds per page, and the two ways to read a PDF text layer.

Run from the repository root (after ``bash scripts/setup-ocr.sh``):

    .venv/bin/python benchmarks/ocr.py [--pages 3]

1. OCR: full A4 pages of Vietnamese (12-point DejaVu Sans, rendered at 300 dpi with Pillow) are
   read through ``nqgraph.ingest.formats.read_source`` as a PNG image (tesseract alone) and as an
   image-only PDF (pdftoppm at 300 dpi, then tesseract). Prints seconds per page and the share of
   words recovered (tone-mark folded, and exactly).
2. PDF text layer: a PDF written with fpdf2 (a two-column letterhead, justified paragraphs) is read
   with poppler's ``pdftotext -layout`` (what nqgraph uses) and with pypdf (plain and layout mode);
   prints the words recovered exactly, doubled spaces, whether the letterhead's two columns stay on
   one line, and the time. ``docs/decisions.md`` records the choice these figures support.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from nqgraph.ingest.formats import read_source
from nqgraph.ingest.formats.ocr import processes
from nqgraph.text import fold

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Written for this benchmark in the style of a resolution; every tone, đ, ư, ơ, ă, â, ê, ô.
SENTENCES = (
    "Phấn đấu đến năm 2030, tỷ lệ lao động qua đào tạo đạt trên 70%, trong đó có bằng, chứng chỉ đạt 35%.",
    "Ủy ban nhân dân tỉnh chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã.",
    "Mỗi năm giải quyết việc làm mới cho khoảng 8.000 - 8.300 lao động; tỷ lệ hộ nghèo giảm bình quân 3%.",
    "Những người già ở vùng sâu, vùng xa vẫn được hưởng đầy đủ chính sách bảo hiểm y tế theo quy định.",
    "Tăng cường kiểm tra, giám sát việc thực hiện nghị quyết; hằng năm báo cáo Ban Thường vụ Tỉnh ủy.",
    "Đẩy mạnh chuyển đổi số, xây dựng chính quyền số; bảo đảm quốc phòng, an ninh và trật tự an toàn xã hội.",
)
ISSUER, MOTTO = "TỈNH ỦY ĐIỆN BIÊN", "ĐẢNG CỘNG SẢN VIỆT NAM"


def page_text(number: int) -> str:
    """About 40 lines of text for page ``number``: the sentences in a rotating order."""
    order = SENTENCES[number % len(SENTENCES) :] + SENTENCES[: number % len(SENTENCES)]
    return " ".join(order * 4)


def render(text: str) -> Image.Image:
    """An A4 page at 300 dpi with ``text`` wrapped in 12-point DejaVu Sans."""
    font = ImageFont.truetype(str(DEJAVU), 50)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    line, y = "", 250
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > 2480 - 2 * 250:
            draw.text((250, y), line, font=font, fill=0)
            line, y = word, y + 75
        else:
            line = candidate
    draw.text((250, y), line, font=font, fill=0)
    return page


def recovered(expected: str, text: str, *, exact: bool) -> float:
    norm = (lambda s: unicodedata.normalize("NFC", s)) if exact else fold
    found = set(norm(text).split())
    words = norm(expected).split()
    return sum(word in found for word in words) / len(words)


def bench_ocr(pages: int, scratch: Path) -> None:
    texts = [page_text(n) for n in range(pages)]
    images = [render(text) for text in texts]
    png = scratch / "page.png"
    images[0].save(png, dpi=(300, 300))
    pdf = scratch / "scan.pdf"
    images[0].save(pdf, resolution=300, save_all=True, append_images=images[1:])
    expected = " ".join(texts)
    side_by_side = processes(pages)
    print(
        f"OCR (tesseract {tesseract_version()}, model vie, one thread a process, {os.cpu_count()} CPUs, "
        f"PDF pages in {side_by_side} process{'es' if side_by_side > 1 else ''} side by side)"
    )
    header = f"{'input':<32} {'pages':>5} {'s/page':>7} {'CPU s/page':>10}"
    print(f"{header} {'words folded':>13} {'words exact':>12}")
    for label, path, count, want in (
        ("PNG, A4 at 300 dpi", png, 1, texts[0]),
        ("image-only PDF, pdftoppm 300 dpi", pdf, pages, expected),
    ):
        started, cpu = time.perf_counter(), children_cpu()
        source = read_source(path)
        per_page = (time.perf_counter() - started) / count
        cpu_per_page = (children_cpu() - cpu) / count
        folded = recovered(want, source.text, exact=False)
        exact = recovered(want, source.text, exact=True)
        print(f"{label:<32} {count:>5} {per_page:>7.2f} {cpu_per_page:>10.2f} {folded:>13.1%} {exact:>12.1%}")


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (pdftoppm, tesseract): on a shared
    machine the wall time also counts the waiting."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_version() -> str:
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).split()[1]


def text_layer_pdf(path: Path) -> str:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    expected = []
    for number in range(2):
        pdf.add_page()
        pdf.cell(80, 8, ISSUER)
        pdf.cell(0, 8, MOTTO, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        for sentence in SENTENCES[number:] + SENTENCES[:number]:
            pdf.multi_cell(0, 7, f"{sentence} {sentence}", align="J")
            pdf.ln(2)
            expected.append(f"{sentence} {sentence}")
    pdf.output(str(path))
    return " ".join(expected)


def bench_text_layer(scratch: Path) -> None:
    path = scratch / "layer.pdf"
    expected = text_layer_pdf(path)

    def poppler() -> str:
        return read_source(path).text

    def pypdf_plain() -> str:
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)

    def pypdf_layout() -> str:
        return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(path).pages)

    print()
    print("PDF text layer (fpdf2 + DejaVu Sans, 2 pages, justified)")
    print(f"{'reader':<24} {'words exact':>11} {'doubled spaces':>15} {'letterhead on 1 line':>21} {'ms':>6}")
    for label, read in (
        ("pdftotext -layout", poppler),
        ("pypdf", pypdf_plain),
        ("pypdf layout mode", pypdf_layout),
    ):
        started = time.perf_counter()
        text = read()
        ms = (time.perf_counter() - started) * 1000
        body = "\n".join(line for line in text.splitlines() if ISSUER not in line and line.strip())
        doubled = sum(1 for line in body.splitlines() if "  " in line.strip())
        letterhead = any(ISSUER in line and MOTTO in line for line in text.splitlines())
        print(
            f"{label:<24} {recovered(expected, text, exact=True):>11.1%} {doubled:>15} "
            f"{'yes' if letterhead else 'no':>21} {ms:>6.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=3, help="pages in the scanned PDF (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nqgraph-bench-ocr-") as scratch:
        bench_ocr(args.pages, Path(scratch))
        bench_text_layer(Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
