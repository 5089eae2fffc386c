"""OCR of scanned pages with Debian's tesseract and its Vietnamese model (``vie``).

OCR'd text is laid out as the OCR'd transcriptions in ``data/sources/`` are: each page starts
with a marker line ``===== Trang N =====`` (N counted from 1), pages are separated by a blank
line, and each page's text (not its marker) is one OCR span of the :class:`SourceText`. The
markers let a reviewer find the page of a scan; the drafting side reads them as layout, not text.

``bash scripts/setup-ocr.sh`` installs tesseract, the model and poppler-utils.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from nqgraph.errors import DataError
from nqgraph.ingest.formats.plaintext import normalise
from nqgraph.ingest.model import SourceText, Span

LANGUAGE = "vie"
INSTALL_HINT = "install it with: bash scripts/setup-ocr.sh"
# A generous bound per page: tesseract takes a few seconds for an A4 page at 300 dpi.
SECONDS_PER_PAGE = 120
MAX_PROCESSES = 4

T = TypeVar("T")

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def page_marker(number: int) -> str:
    """The marker line that opens page ``number`` of an OCR'd text.

    >>> page_marker(3)
    '===== Trang 3 ====='
    """
    return f"===== Trang {number} ====="


@functools.cache
def _languages(tesseract: str, tessdata: str | None) -> frozenset[str]:
    """The models ``tesseract`` has (``tessdata``, the model folder it is told, is the cache key)."""
    done = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False)
    # The first line is a heading ("List of available languages in …"), the rest one per line.
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


def tesseract_or_fail(path: Path) -> str:
    """The tesseract program, checked to have the Vietnamese model; ``DataError`` naming ``path``
    and what to install when it has not."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise DataError(f"{path}: needs OCR, but tesseract is not installed; {INSTALL_HINT}")
    if LANGUAGE not in _languages(tesseract, os.environ.get("TESSDATA_PREFIX")):
        raise DataError(
            f"{path}: needs OCR, but tesseract has no Vietnamese model ('{LANGUAGE}', Debian package "
            f"tesseract-ocr-{LANGUAGE}); {INSTALL_HINT}"
        )
    return tesseract


def processes(pages: int) -> int:
    """How many OCR processes to run side by side for ``pages`` pages: one a usable CPU, at most
    :data:`MAX_PROCESSES` (each holds the model, about 100 MB)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, pages, MAX_PROCESSES))


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """``items`` in ``parts`` runs of consecutive items, as even as can be.

    >>> split([1, 2, 3, 4, 5], 2)
    [[1, 2, 3], [4, 5]]
    """
    size, extra = divmod(len(items), parts)
    runs: list[list[T]] = []
    start = 0
    for part in range(parts):
        end = start + size + (1 if part < extra else 0)
        runs.append(list(items[start:end]))
        start = end
    return [run for run in runs if run]


def ocr_pages(images: Sequence[Path], *, path: Path, expected: int | None = None) -> list[str]:
    """OCR each image (a multi-page TIFF gives several pages): one text per page, normalised.

    ``path`` is the source file named in errors; ``expected`` is the number of pages when it is
    known (one a single-page image). All images go to one tesseract process, which loads the model
    once.
    """
    tesseract = tesseract_or_fail(path)
    with tempfile.TemporaryDirectory(prefix="nqgraph-ocr-") as scratch:
        # One image is named itself (tesseract reads every page of a multi-page TIFF only so);
        # several are named in a list file.
        listing = Path(scratch) / "pages.txt"
        listing.write_text("".join(f"{image}\n" for image in images), encoding="utf-8")
        source = str(images[0]) if len(images) == 1 else str(listing)
        # One thread per process: tesseract's OpenMP threads cost more than they give on a busy
        # machine (tesseract's own advice for running it on many pages).
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                [tesseract, source, "stdout", "-l", LANGUAGE],
                capture_output=True,
                env=env,
                timeout=SECONDS_PER_PAGE * max(len(images), 1),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DataError(f"{path}: OCR took longer than {SECONDS_PER_PAGE} s a page; stopped") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = lines[-1] if lines else f"tesseract exit {done.returncode}"
        raise DataError(f"{path}: OCR failed: {reason}")
    # tesseract puts a form feed between pages (a blank page is an empty string between two);
    # some versions also end the last page with one.
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    while len(pages) > max(expected or 1, 1) and not pages[-1].strip():
        pages.pop()
    if expected is not None and len(pages) != expected:
        raise DataError(f"{path}: OCR gave {len(pages)} pages for {expected} page images")
    return [_TRAILING_SPACE.sub("", normalise(page)).strip("\n") for page in pages]


def assemble(pages: Sequence[tuple[str, bool]]) -> tuple[str, tuple[Span, ...]]:
    """Join pages ``(text, came_from_ocr)`` under their markers: ``(text, OCR spans)``.

    >>> assemble([("Trang đầu", True), ("Hết", False)])
    ('===== Trang 1 =====\\nTrang đầu\\n\\n===== Trang 2 =====\\nHết\\n', (Span(start=20, end=29),))
    """
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for number, (page, from_ocr) in enumerate(pages, start=1):
        head = page_marker(number) + "\n"
        body = page + "\n"
        if from_ocr and page:
            spans.append(Span(offset + len(head), offset + len(head) + len(page)))
        block = head + body + ("\n" if number < len(pages) else "")
        parts.append(block)
        offset += len(block)
    return "".join(parts), tuple(spans)


def read_image(path: Path) -> SourceText:
    """OCR a PNG, JPEG or TIFF image (every page of a multi-page TIFF)."""
    pages = ocr_pages([path], path=path)
    if not any(page.strip() for page in pages):
        raise DataError(f"{path}: no text found in the image (OCR read nothing)")
    text, spans = assemble([(page, True) for page in pages])
    return SourceText(
        text=text,
        path=path,
        format="ocr",
        ocr_spans=spans,
        notes=(f"OCR ({LANGUAGE}) of {len(pages)} page{'s' if len(pages) != 1 else ''}",),
    )
