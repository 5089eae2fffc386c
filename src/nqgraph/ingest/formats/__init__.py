"""Reading a source document, whatever its form, into a :class:`~nqgraph.ingest.model.SourceText`.

The form is told by the file's first bytes, not its name: a PDF renamed ``.txt`` is still read as
a PDF, and a file named ``.docx`` that is not a ZIP archive is refused as such.

- plain text (:mod:`.plaintext`): UTF-8 in any Unicode form, UTF-16/32 with a byte-order mark,
  and the legacy Vietnamese encodings TCVN3, VNI and Windows-1258 (:mod:`.legacy`), converted
  and noted;
- Word ``.docx`` (:mod:`.docx`): paragraphs and tables in document order, text in the legacy
  fonts (.VnTime, VNI-Times …) converted;
- PDF (:mod:`.pdf`): the text layer (converted when its fonts hold TCVN3 or VNI bytes), and OCR
  for pages without one;
- PNG, JPEG and TIFF images (:mod:`.ocr`): OCR with tesseract's Vietnamese model.

Every refusal is a :class:`~nqgraph.errors.DataError` whose message starts with the file's path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from nqgraph.errors import DataError
from nqgraph.ingest.formats.docx import read_docx
from nqgraph.ingest.formats.ocr import read_image
from nqgraph.ingest.formats.pdf import read_pdf
from nqgraph.ingest.formats.plaintext import decode_text
from nqgraph.ingest.model import SourceText, Span

__all__ = ["read_source", "sniff"]

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
# Forms that are recognised only to be refused with a useful message.
_REFUSED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or other OLE) file; save it as .docx or PDF"),
    (b"{\\rtf", "an RTF file; save it as .docx, PDF or UTF-8 text"),
    (b"GIF87a", "a GIF image; convert it to PNG, JPEG or TIFF for OCR"),
    (b"GIF89a", "a GIF image; convert it to PNG, JPEG or TIFF for OCR"),
)
_EXPECTED_BY_SUFFIX = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
}


def sniff(head: bytes) -> str:
    """The form of a file from its first bytes: ``pdf``, ``zip``, ``png``, ``jpeg``, ``tiff``
    or ``text``.

    >>> sniff(b"%PDF-1.7\\n"), sniff(b"PK\\x03\\x04..."), sniff("Nghị quyết".encode())
    ('pdf', 'zip', 'text')
    """
    # The PDF header may follow some junk, within the first kilobyte (PDF 32000-1, annex H).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    for magic, kind in _IMAGES:
        if head.startswith(magic):
            return kind
    return "text"


def read_source(path: Path, *, assume_ocr: bool = False) -> SourceText:
    """Read one source document into NFC text.

    ``assume_ocr`` says that the text itself came from OCR (a transcription made by someone
    else's OCR, or a PDF whose text layer a scanner made): the whole text is then one OCR span
    and the format is ``"ocr"``, so that the review page warns about it.
    """
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if not path.is_file():
        raise DataError(f"{path}: not a file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot read it ({error.strerror or error})") from None
    if not data.strip():
        raise DataError(f"{path}: empty file ({len(data)} bytes, no text)")
    for magic, message in _REFUSED:
        if data.startswith(magic):
            raise DataError(f"{path}: {message}")
    kind = sniff(data[:1024])
    expected = _EXPECTED_BY_SUFFIX.get(path.suffix.lower())
    if expected is not None and kind != expected and not (expected == "docx" and kind == "zip"):
        raise DataError(f"{path}: named {path.suffix} but its content is {_describe(kind)}")
    if kind == "pdf":
        source = read_pdf(path)
    elif kind == "zip":
        source = _read_zip(path)
    elif kind in ("png", "jpeg", "tiff"):
        source = read_image(path)
    else:
        text, notes = decode_text(data, path)
        source = SourceText(text=text, path=path, format="text", notes=notes)
    if not source.text.strip():
        what = "empty file (only whitespace)" if kind == "text" else f"no text found in {_describe(kind)}"
        raise DataError(f"{path}: {what}")
    if assume_ocr and source.format != "ocr":
        source = SourceText(
            text=source.text,
            path=path,
            format="ocr",
            ocr_spans=(Span(0, len(source.text)),),
            notes=(*source.notes, "marked as OCR output by the caller"),
        )
    return source


def _read_zip(path: Path) -> SourceText:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise DataError(f"{path}: a damaged ZIP archive ({error}); a .docx file is a ZIP archive") from None
    if "word/document.xml" in names:
        return read_docx(path)
    if "content.xml" in names:
        raise DataError(f"{path}: an OpenDocument file (.odt); save it as .docx or PDF")
    raise DataError(f"{path}: a ZIP archive that is not a Word .docx file (no word/document.xml)")


def _describe(kind: str) -> str:
    return {
        "pdf": "a PDF",
        "zip": "a ZIP archive",
        "png": "a PNG image",
        "jpeg": "a JPEG image",
        "tiff": "a TIFF image",
        "text": "text, or no known format",
    }[kind]
