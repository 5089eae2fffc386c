"""PDF: the text layer read with poppler's ``pdftotext -layout``, and OCR for pages without one.

``-layout`` keeps the physical layout: the two columns of a Vietnamese letterhead (issuer left,
national motto right) stay side by side on one line, as in the text-layer transcriptions in
``data/sources/``, and justified lines keep single spaces between words (``docs/decisions.md``
says why poppler rather than a Python library). Pages with a text layer are joined by a blank
line. A page with (almost) no text is a scan: it is rendered at 300 dpi with ``pdftoppm`` and
OCR'd (:mod:`.ocr`); when any page is OCR'd, every page gets its ``===== Trang N =====`` marker.

A PDF that needs a password to open is refused ("decrypt it first"); one that opens without a
password (an owner password only restricts printing or copying) is read, and the notes say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nqgraph.ingest.formats.legacy as legacy
import nqgraph.ingest.formats.ocr as ocr
from nqgraph.errors import DataError
from nqgraph.ingest.formats.plaintext import font_encoded, normalise
from nqgraph.ingest.model import SourceText

DPI = 300
# A page with fewer letters than this in its text layer is a scan (a stamp or page number is all
# a scanner's PDF may carry as text).
MIN_LETTERS = 10
TIMEOUT = 300
INSTALL_HINT = "install it with: bash scripts/setup-ocr.sh"

_PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)
_ENCRYPTED = re.compile(r"^Encrypted:\s+yes", re.MULTILINE)
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _tool(name: str, path: Path) -> str:
    found = shutil.which(name)
    if found is None:
        raise DataError(f"{path}: reading a PDF needs {name} (Debian package poppler-utils); {INSTALL_HINT}")
    return found


def _run(command: list[str], path: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise DataError(f"{path}: {Path(command[0]).name} took longer than {TIMEOUT} s; stopped") from None


def _refusal(done: subprocess.CompletedProcess[bytes], path: Path) -> DataError:
    message = done.stderr.decode("utf-8", errors="replace")
    if "password" in message.lower():
        return DataError(f"{path}: encrypted PDF (it needs a password to open); decrypt it first")
    lines = [line for line in message.splitlines() if line.strip()]
    return DataError(f"{path}: not a readable PDF ({lines[-1] if lines else 'poppler could not open it'})")


def read_pdf(path: Path) -> SourceText:
    """Read a PDF: its text layer, and OCR of the pages that have none."""
    info = _run([_tool("pdfinfo", path), str(path)], path)
    if info.returncode != 0:
        raise _refusal(info, path)
    details = info.stdout.decode("utf-8", errors="replace")
    found = _PAGES.search(details)
    if found is None or int(found.group(1)) == 0:
        raise DataError(f"{path}: a PDF with no pages")
    notes: list[str] = []
    if _ENCRYPTED.search(details):
        notes.append("encrypted PDF that opens without a password; read as it opens")
    layer = _run([_tool("pdftotext", path), "-layout", "-enc", "UTF-8", str(path), "-"], path)
    if layer.returncode != 0:
        raise _refusal(layer, path)
    pages = layer.stdout.decode("utf-8", errors="replace").split("\f")
    count = int(found.group(1))
    # pdftotext ends every page with a form feed; keep exactly one entry a page.
    pages = [_TRAILING_SPACE.sub("", normalise(page)).strip("\n") for page in pages[:count]]
    pages += [""] * (count - len(pages))
    # An old PDF made from a document in a TCVN3 or VNI font has that font's bytes as its text.
    converted = font_encoded("\n\n".join(pages))
    if converted is not None:
        encoding = converted[1]
        pages = [normalise(legacy.recode(page, encoding)) for page in pages]
        notes.append(f"converted from {encoding} (the PDF's fonts store Vietnamese in {encoding})")
    scanned = [number for number, page in enumerate(pages, start=1) if _letters(page) < MIN_LETTERS]
    if not scanned:
        return SourceText(text="\n\n".join(pages) + "\n", path=path, format="pdf", notes=tuple(notes))
    ocr.tesseract_or_fail(path)
    for number, text in zip(scanned, _ocr_pages(path, scanned), strict=True):
        pages[number - 1] = text
    if not any(page.strip() for page in pages):
        raise DataError(f"{path}: no text found in the PDF (no text layer, and OCR read nothing)")
    text, spans = ocr.assemble([(page, number in scanned) for number, page in enumerate(pages, start=1)])
    everything = len(scanned) == count
    notes.append(
        f"no text layer; OCR ({ocr.LANGUAGE}) of all {count} pages"
        if everything
        else f"OCR ({ocr.LANGUAGE}) of pages without a text layer: {', '.join(map(str, scanned))}"
    )
    return SourceText(
        text=text, path=path, format="ocr" if everything else "pdf", ocr_spans=spans, notes=tuple(notes)
    )


def _ocr_pages(path: Path, numbers: list[int]) -> list[str]:
    """Render pages ``numbers`` at :data:`DPI` and OCR them: one text per page.

    The pages are shared among a few processes side by side, each rendering and reading a run of
    consecutive pages (tesseract reads a page on one CPU).
    """
    runs = ocr.split(numbers, ocr.processes(len(numbers)))
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        texts = list(pool.map(lambda run: _render_and_read(path, run), runs))
    return [text for run in texts for text in run]


def _render_and_read(path: Path, numbers: list[int]) -> list[str]:
    pdftoppm = _tool("pdftoppm", path)
    with tempfile.TemporaryDirectory(prefix="nqgraph-pdf-") as scratch:
        images: list[Path] = []
        for number in numbers:
            stem = Path(scratch) / f"page-{number:05d}"
            page = ["-f", str(number), "-l", str(number)]
            # Uncompressed TIFF keeps the resolution for tesseract and costs a twentieth of the CPU
            # time of PNG's compression (0.1 s against 2 s for an A4 page at 300 dpi).
            image = ["-tiff", "-tiffcompression", "none"]
            render = [pdftoppm, "-r", str(DPI), "-gray", *image, "-singlefile", *page, str(path), str(stem)]
            done = _run(render, path)
            if done.returncode != 0:
                raise _refusal(done, path)
            images.append(stem.with_suffix(".tif"))
        return ocr.ocr_pages(images, path=path, expected=len(images))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)
