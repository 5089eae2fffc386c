"""Word ``.docx``: paragraphs and tables in document order, with the standard library only.

The text is laid out the way the Markdown transcriptions in ``data/sources/`` are, so that the
drafting side reads every form alike:

- one paragraph a line, paragraphs separated by a blank line; empty paragraphs are dropped;
- a line break inside a paragraph (``w:br``, ``w:cr``) is a line end, a tab is a tab;
- Word's automatic numbering is written out as printed ("1.", "a)", "1.2.", "-" for bullets),
  because a resolution's section paths are often Word's numbering rather than typed text;
  headings without numbering are their text alone;
- a table is one line a row, the cells between pipes, ``| STT | Nhiệm vụ | Cơ quan chủ trì |``,
  as a Markdown pipe table without its rule line; a cell's paragraphs and line breaks are joined
  by a space, a pipe inside a cell is written ``\\|``; a cell merged across columns
  (``w:gridSpan``) is written once, a cell merged down (``w:vMerge`` continued) is empty;
  a table inside a cell is flattened into the cell's text.

Deleted text of tracked changes and field codes are left out; inserted text is kept. Text typed
in a legacy Vietnamese font, named on its run, its character style, its paragraph style or the
document's defaults (the ABC fonts ".VnTime" … are TCVN3, ".VnTimeH" … their capitals; "VNI-Times"
… are VNI), is converted to Unicode, and the notes say which fonts were.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from nqgraph.errors import DataError
from nqgraph.ingest.formats.legacy import font_encoding, recode
from nqgraph.ingest.formats.plaintext import font_encoded, normalise
from nqgraph.ingest.model import SourceText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED = {f"{_W}{name}" for name in ("del", "delText", "instrText", "pPr", "rPr", "tblPr", "trPr", "tcPr")}
# A text box is stored twice, as a drawing and as its fallback for old readers: read it once.
_SKIPPED.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
_SPACES = re.compile(r"\s+")


def _attr(element: ElementTree.Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{_W}{name}")


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word's list definitions (``word/numbering.xml``) and the counters while reading."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    starts: dict[tuple[str, int], int] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: ElementTree.Element | None) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(f"{_W}abstractNum"):
            abstract_id = _attr(abstract, "abstractNumId") or ""
            for lvl in abstract.iter(f"{_W}lvl"):
                level = _Level()
                level.fmt = _attr(lvl.find(f"{_W}numFmt"), "val") or level.fmt
                level.text = _attr(lvl.find(f"{_W}lvlText"), "val") or ""
                level.start = int(_attr(lvl.find(f"{_W}start"), "val") or 1)
                numbering.levels[(abstract_id, int(_attr(lvl, "ilvl") or 0))] = level
        for num in root.iter(f"{_W}num"):
            num_id = _attr(num, "numId") or ""
            numbering.abstract_of[num_id] = _attr(num.find(f"{_W}abstractNumId"), "val") or ""
            for override in num.iter(f"{_W}lvlOverride"):
                start = _attr(override.find(f"{_W}startOverride"), "val")
                if start is not None:
                    numbering.starts[(num_id, int(_attr(override, "ilvl") or 0))] = int(start)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The printed label of the next item of list ``num_id`` at level ``ilvl``."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":  # numId 0 means "no numbering"
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        level = self.levels.get((abstract, ilvl), _Level())
        start = self.starts.get((num_id, ilvl), level.start)
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return level.text

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            lvl = self.levels.get((abstract, at), _Level())
            value = counters[at] or self.starts.get((num_id, at), lvl.start)
            return _format_number(value, lvl.fmt)

        return re.sub(r"%(\d)", number, level.text)


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    digits = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
        (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for amount, letters in digits:
        while value >= amount:
            out += letters
            value -= amount
    return out


@dataclass
class _Fonts:
    """The fonts of the styles (``word/styles.xml``), to know which runs are typed in a legacy font."""

    default: str | None = None
    styles: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: ElementTree.Element | None) -> _Fonts:
        fonts = cls()
        if root is None:
            return fonts
        fonts.default = _font(root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
        own: dict[str, str | None] = {}
        based_on: dict[str, str] = {}
        for style in root.iter(f"{_W}style"):
            name = _attr(style, "styleId") or ""
            own[name] = _font(style.find(f"{_W}rPr"))
            parent = _attr(style.find(f"{_W}basedOn"), "val")
            if parent is not None:
                based_on[name] = parent
        for name in own:
            seen, at = {name}, name
            while own.get(at) is None and at in based_on and based_on[at] not in seen:
                at = based_on[at]
                seen.add(at)
            fonts.styles[name] = own.get(at)
        return fonts

    def of_style(self, style: str | None) -> str | None:
        found = self.styles.get(style or "") if style else None
        return found if found is not None else self.default

    def of_run(self, run: ElementTree.Element, inherited: str | None) -> str | None:
        properties = run.find(f"{_W}rPr")
        if properties is None:
            return inherited
        direct = _font(properties)
        if direct is not None:
            return direct
        character_style = _attr(properties.find(f"{_W}rStyle"), "val")
        return self.styles.get(character_style or "") or inherited


def _font(properties: ElementTree.Element | None) -> str | None:
    """The font of run properties (``w:rFonts``, its Latin-text font)."""
    fonts = None if properties is None else properties.find(f"{_W}rFonts")
    return None if fonts is None else _attr(fonts, "ascii") or _attr(fonts, "hAnsi")


class _Reader:
    def __init__(
        self, numbering: _Numbering, style_numbering: dict[str, tuple[str, int]], fonts: _Fonts
    ) -> None:
        self.numbering = numbering
        self.style_numbering = style_numbering
        self.fonts = fonts
        self.recoded: set[str] = set()

    def blocks(self, body: ElementTree.Element) -> Iterator[str]:
        """The text of each paragraph and table directly in ``body``, in order."""
        for child in body:
            if child.tag == f"{_W}p":
                text = self.paragraph(child)
                if text.strip():
                    yield text
            elif child.tag == f"{_W}tbl":
                rows = self.table(child)
                if rows:
                    yield "\n".join(rows)
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                yield from self.blocks(child)

    def paragraph(self, paragraph: ElementTree.Element) -> str:
        style = _attr(paragraph.find(f"{_W}pPr/{_W}pStyle"), "val")
        text = "".join(self.runs(paragraph, self.fonts.of_style(style))).strip(" ")
        label = self.label(paragraph)
        return f"{label} {text}" if label and text else text

    def label(self, paragraph: ElementTree.Element) -> str:
        properties = paragraph.find(f"{_W}pPr")
        if properties is None:
            return ""
        numbered = properties.find(f"{_W}numPr")
        if numbered is not None:
            num_id = _attr(numbered.find(f"{_W}numId"), "val")
            if num_id is None:
                return ""
            return self.numbering.label(num_id, int(_attr(numbered.find(f"{_W}ilvl"), "val") or 0))
        style = _attr(properties.find(f"{_W}pStyle"), "val")
        if style in self.style_numbering:
            return self.numbering.label(*self.style_numbering[style])
        return ""

    def runs(self, element: ElementTree.Element, font: str | None = None) -> Iterator[str]:
        """The text of the runs in ``element``; ``font`` is the font they inherit."""
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == f"{_W}r":
                yield from self.runs(child, self.fonts.of_run(child, font))
            elif tag == f"{_W}t":
                yield self.text(child.text or "", font)
            elif tag == f"{_W}tab":
                yield "\t"
            elif tag in (f"{_W}br", f"{_W}cr"):
                yield "\n"
            elif tag == f"{_W}noBreakHyphen":
                yield "-"
            elif tag == f"{_W}tbl":  # a table inside a table cell
                yield " ".join(self.table(child))
            elif tag == f"{_W}p":  # a paragraph inside a text box or a cell
                yield self.paragraph(child) + "\n"
            else:
                yield from self.runs(child, font)

    def text(self, text: str, font: str | None) -> str:
        """``text`` as Unicode: text typed in a TCVN3 or VNI font is converted."""
        encoding = font_encoding(font)
        if encoding is None or text.isascii():
            return text
        self.recoded.add(f"{encoding} ({font})")
        converted = recode(text, encoding)
        # The capital-letter ABC fonts (".VnTimeH") draw the small letters' codes as capitals.
        return (
            converted.upper()
            if encoding == "TCVN3" and (font or "").strip().lower().endswith("h")
            else converted
        )

    def table(self, table: ElementTree.Element) -> list[str]:
        rows = []
        for row in table.findall(f"{_W}tr"):
            cells = []
            for cell in row.findall(f"{_W}tc"):
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                continued = merge is not None and _attr(merge, "val") in (None, "continue")
                text = "" if continued else _SPACES.sub(" ", "".join(self.runs(cell))).strip()
                cells.append(text.replace("|", "\\|"))
            if any(cells):
                rows.append("| " + " | ".join(cells) + " |")
        return rows


def _xml(archive: zipfile.ZipFile, name: str, path: Path) -> ElementTree.Element | None:
    if name not in archive.namelist():
        return None
    try:
        return ElementTree.fromstring(archive.read(name))
    except ElementTree.ParseError as error:
        raise DataError(f"{path}: a damaged .docx file: {name} is not well-formed XML ({error})") from None


def _style_numbering(styles: ElementTree.Element | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering (headings numbered by their style)."""
    found: dict[str, tuple[str, int]] = {}
    if styles is None:
        return found
    for style in styles.iter(f"{_W}style"):
        numbered = style.find(f"{_W}pPr/{_W}numPr")
        num_id = _attr(None if numbered is None else numbered.find(f"{_W}numId"), "val")
        if numbered is not None and num_id is not None:
            level = int(_attr(numbered.find(f"{_W}ilvl"), "val") or 0)
            found[_attr(style, "styleId") or ""] = (num_id, level)
    return found


def read_docx(path: Path) -> SourceText:
    """Read the main text of a Word ``.docx`` file (headers, footers and notes are left out)."""
    try:
        with zipfile.ZipFile(path) as archive:
            document = _xml(archive, "word/document.xml", path)
            numbering = _Numbering.parse(_xml(archive, "word/numbering.xml", path))
            styles_xml = _xml(archive, "word/styles.xml", path)
    except zipfile.BadZipFile as error:
        raise DataError(f"{path}: a damaged .docx file ({error})") from None
    body = None if document is None else document.find(f"{_W}body")
    if body is None:
        raise DataError(f"{path}: a .docx file without a document body")
    reader = _Reader(numbering, _style_numbering(styles_xml), _Fonts.parse(styles_xml))
    text = normalise("\n\n".join(reader.blocks(body)))
    notes = [f"converted from {found}, a legacy font" for found in sorted(reader.recoded)]
    # Legacy text whose font is not named where this reader looks (a theme, a pasted copy).
    converted = font_encoded(text)
    if converted is not None:
        text = converted[0]
        notes.append(f"converted from {converted[1]} (text kept in a legacy font's characters)")
    return SourceText(text=text + "\n", path=path, format="docx", notes=tuple(notes))
