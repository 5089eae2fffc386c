"""The outline of a resolution: headings and numbered items with their section paths as printed.

The parser reads a *view* of the source text in which layout residue (Markdown emphasis, heading
hashes, bookmarks, HTML bold, page markers, table pipes) is blanked out character for character,
so that every offset in the view is an offset in ``SourceText.text``. Each line is classified by
its marker: a roman part ("I-", "II."), a number ("1."), a multi-level number ("2.1.", "2.2.1."),
a letter ("a)"), a parenthesised number ("(1)"), a bullet ("-", "+"), an appendix heading
("PHỤ LỤC") or a table row (tab-separated, pipe-table or "STT" layout).

Section paths follow ``docs/data-conventions.md``: the roman part, then the printed number
("II.2.1"), letters with a dot ("I.2.a"), parenthesised items with a space ("II.2.1 (3)");
text before the first part is the preamble ("Mở đầu"); appendix rows are "Phụ lục, STT 7".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from nqgraph.ingest.model import Span
from nqgraph.text import fold

NodeKind = Literal["root", "part", "num", "multi", "letter", "paren", "appendix", "row", "closing"]

# Layout residue blanked in the view (same length, so offsets hold).
_RESIDUE = re.compile(
    r"\[bookmark:[^\]\n]*\]|\*\*|\*|</?b>|^[ \t]*#+[ \t]|^=+ *Trang *\d+ *=+[ \t]*$|^[ \t]*\|[ \t]*$",
    re.MULTILINE,
)
_ROMAN = re.compile(r"(?P<n>[IVX]{1,5})\s*[.\-–:]\s*(?P<t>\S.*)?$")
_MULTI = re.compile(r"(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?:\s+(?P<t>\S.*))?$")
_NUM = re.compile(r"(?P<n>\d{1,2})\s*(?P<m>[.)]|[-–](?=\s*[A-ZĐÀ-Ỹ]))\s*(?P<t>\S.*)?$")
_PAREN = re.compile(r"\((?P<n>\d{1,2})\)\s*[-–.:]?\s*(?P<t>\S.*)?$")
_LETTER = re.compile(r"(?P<n>[a-zđ])(?:\)|\.(?=\s+[A-ZĐÀ-Ỹ]))\s*(?P<t>\S.*)$")
_BULLET = re.compile(r"[-–•+]\s+(?P<t>\S.*)$")
_PAGE_NUMBER = re.compile(r"\d{1,3}|§")
_CLOSING = re.compile(r"(noi nhan|t/m\b|tm\.|kt\.)")
_TERMINAL = (".", ";", ":", "!", "?")

# The depth of each marker: a multi-level number "2.1" sits one level below "2.", "2.2.1" two.
_DEPTH: dict[str, int] = {"part": 1, "num": 2, "letter": 6, "paren": 7}


def view_of(text: str) -> str:
    """The text with layout residue replaced by spaces (same length, same offsets)."""
    return _RESIDUE.sub(lambda m: " " * len(m.group(0)), text)


def _uppercase_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


@dataclass
class Line:
    """One physical line: its span in the text (stripped of blanks) and its view content."""

    start: int
    end: int
    content: str


@dataclass
class Node:
    """A heading or numbered item and the paragraphs that belong to it directly.

    ``label`` is the number as printed ("II", "2.1", "a", "3"), ``path`` the section path.
    ``title`` is the text on the marker line(s) after the marker; ``paragraphs`` are the body
    paragraphs that follow before the next marker, each a span; ``bullets`` marks which of them
    begin with a bullet. A table row keeps its cells in ``cells`` and the table's column names
    in ``columns``.
    """

    kind: NodeKind
    label: str
    path: str
    span: Span
    title: Span | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    bullets: list[bool] = field(default_factory=list)
    cells: list[Span] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    depth: int = 0

    @property
    def ordinal(self) -> int | None:
        digits = re.findall(r"\d+", self.label)
        if digits:
            return int(digits[-1])
        if len(self.label) == 1 and self.label.isalpha():
            return "abcdđefghiklmnopqrstuvxy".find(self.label) + 1 or None
        roman = {"I": 1, "V": 5, "X": 10}
        if self.label and all(c in roman for c in self.label):
            total = 0
            for a, b in zip(self.label, self.label[1:] + " ", strict=False):
                value = roman[a]
                total += -value if b in roman and roman[b] > value else value
            return total
        return None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class Outline:
    """The parsed outline: the root (preamble) node and the gaps in numbering found."""

    root: Node
    view: str
    gaps: list[tuple[Node, str]] = field(default_factory=list)

    def nodes(self) -> Iterator[Node]:
        yield from self.root.walk()


def _lines(view: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in view.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            lines.append(Line(start, start + len(stripped), stripped))
        else:
            lines.append(Line(pos, pos, ""))
        pos += len(raw) + 1
    return lines


def _classify(content: str, in_appendix: bool) -> tuple[str, str, int] | None:
    """(kind, label, offset of the title in ``content``) of a marker line, or None."""
    m = _ROMAN.match(content)
    if m and (m.group("t") is None or _uppercase_share(m.group("t")) > 0.6):
        return "part", m.group("n"), m.start("t") if m.group("t") else len(content)
    m = _MULTI.match(content)
    if m and not in_appendix:
        return "multi", m.group("n"), m.start("t") if m.group("t") else len(content)
    m = _NUM.match(content)
    if m and "\t" not in content[: m.end("n") + 2] and not in_appendix:
        return "num", m.group("n"), m.start("t") if m.group("t") else len(content)
    m = _PAREN.match(content)
    if m:
        return "paren", f"({m.group('n')})", m.start("t") if m.group("t") else len(content)
    m = _LETTER.match(content)
    if m:
        return "letter", m.group("n"), m.start("t")
    return None


def _path(kind: str, label: str, parent: Node) -> str:
    base = "" if parent.kind == "root" else parent.path
    if kind == "part":
        return label
    if kind in ("num", "multi"):
        part = next((a for a in (parent, *parent.ancestors()) if a.kind == "part"), None)
        prefix = part.path if part is not None else ""
        return f"{prefix}.{label}" if prefix else label
    if kind == "letter":
        return f"{base}.{label}" if base else label
    if kind == "paren":
        return f"{base} {label}" if base else label
    return label


def _depth(kind: str, label: str) -> int:
    if kind == "multi":
        return 2 + label.count(".")
    return _DEPTH.get(kind, 9)


_TABLE_HEADER = re.compile(r"^\W*stt\W*$|^\W*stt\s*[\t|]", re.IGNORECASE)


def parse(text: str) -> Outline:
    """Parse ``text`` (NFC) into an outline of parts, numbered items, paragraphs and table rows."""
    view = view_of(text)
    lines = _lines(view)
    root = Node("root", "", "Mở đầu", Span(0, 0))
    outline = Outline(root, view)
    current = root
    in_appendix = False
    closing = False
    columns: list[str] = []
    paragraph: list[int] | None = None  # [start, end] of the open paragraph
    paragraph_bullet = False
    blank_before = False
    last_title_open: Node | None = None
    after_page_marker = False
    pipe_rows = _pipe_rows(text, view)

    def close_paragraph() -> None:
        nonlocal paragraph
        if paragraph is not None:
            current.paragraphs.append(Span(paragraph[0], paragraph[1]))
            current.bullets.append(paragraph_bullet)
            paragraph = None

    def attach(kind: str, label: str, line: Line, title_at: int) -> Node:
        nonlocal current
        depth = _depth(kind, label)
        parent = current
        while parent.kind != "root" and (parent.depth >= depth or parent.kind in ("row", "closing")):
            assert parent.parent is not None
            parent = parent.parent
        if kind == "row":
            parent = next((a for a in (current, *current.ancestors()) if a.kind == "appendix"), root)
        title = Span(line.start + title_at, line.end) if title_at < len(line.content) else None
        node = Node(
            kind,  # type: ignore[arg-type]
            label,
            _path(kind, label, parent) if kind != "row" else f"Phụ lục, STT {label}",
            Span(line.start, line.end),
            title,
            parent,
            depth=depth,
        )
        _check_gap(outline, parent, node)
        parent.children.append(node)
        current = node
        return node

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.content:
            blank_before = True
            if text[line.start : line.start + 5] == "=====":
                after_page_marker = True
            continue
        content = line.content
        if (
            (after_page_marker or blank_before)
            and _PAGE_NUMBER.fullmatch(content)
            and line.start not in pipe_rows
        ):
            after_page_marker = False
            continue
        after_page_marker = False
        folded = fold(content)
        if line.start in pipe_rows:
            close_paragraph()
            row_label, cells, skip_to = pipe_rows[line.start]
            if row_label == "":
                columns = [fold_cell(text, c) for c in cells]
                index = skip_to
                continue
            if row_label is not None and in_appendix:
                node = attach("row", row_label, line, len(content))
                node.cells = cells
                node.columns = columns
                node.span = Span(cells[0].start, cells[-1].end)
            index = skip_to
            continue
        if folded.startswith("phu luc") and _uppercase_share(content) > 0.6 and not in_appendix:
            close_paragraph()
            in_appendix = True
            closing = False
            current = root
            node = attach("appendix", "Phụ lục", line, len(content))
            node.path = "Phụ lục"
            node.depth = 0
            last_title_open = node
            blank_before = False
            continue
        if in_appendix and ("\t" in content or (content.startswith("|") and content.count("|") >= 3)):
            cells = _tab_cells(line) if "\t" in content else _bar_cells(line, text)
            if _TABLE_HEADER.match(content):
                close_paragraph()
                columns = [fold(view[c.start : c.end]) for c in cells]
                continue
            first = view[cells[0].start : cells[0].end].strip()
            if first.isdigit() and len(cells) >= 3:
                close_paragraph()
                node = attach("row", first, line, len(content))
                node.cells = cells
                node.columns = columns
                continue
        if not in_appendix and _CLOSING.match(folded) and _is_closing(content):
            close_paragraph()
            closing = True
            current = root
            node = Node("closing", "", "", Span(line.start, line.end), parent=root, depth=99)
            root.children.append(node)
            current = node
            continue
        if closing:
            continue
        marker = _classify(content, in_appendix)
        if marker is not None:
            kind, label, title_at = marker
            close_paragraph()
            node = attach(kind, label, line, title_at)
            last_title_open = node if not content.rstrip().endswith(_TERMINAL) else None
            blank_before = False
            continue
        # A heading broken over lines ("I. MỤC" / "ĐÍCH, YÊU CẦU") continues on the next line.
        if (
            last_title_open is not None
            and paragraph is None
            and last_title_open is current
            and (
                _bold_open(text, current.span.end)
                or (
                    (not blank_before or content[0].islower() or content[0].isdigit())
                    and _heading_continues(last_title_open, content, view)
                )
            )
        ):
            current.span = Span(current.span.start, line.end)
            if current.title is not None:
                current.title = Span(current.title.start, line.end)
            else:
                current.title = Span(line.start, line.end)
            if content.rstrip().endswith(_TERMINAL):
                last_title_open = None
            continue
        last_title_open = None
        bullet = _BULLET.match(content) is not None
        starts_lower = content[0].islower() or content[0].isdigit()
        if paragraph is not None and not bullet and (not blank_before or starts_lower):
            previous_end = view[paragraph[0] : paragraph[1]].rstrip()
            if not blank_before or not previous_end.endswith((".", ":")) or starts_lower:
                paragraph[1] = line.end
                blank_before = False
                continue
        close_paragraph()
        paragraph = [line.start, line.end]
        paragraph_bullet = bullet
        blank_before = False
    close_paragraph()
    return outline


def fold_cell(text: str, span: Span) -> str:
    return fold(view_of(text[span.start : span.end]))


def _bold_open(text: str, end: int) -> bool:
    """Whether Markdown bold opened on the line ending at ``end`` is still open ("**6. Đề nghị: Hiệp")."""
    start = text.rfind("\n", 0, end) + 1
    stop = text.find("\n", end)
    line = text[start : stop if stop >= 0 else len(text)]
    return line.count("**") % 2 == 1


def _heading_continues(node: Node, content: str, view: str) -> bool:
    """Whether ``content`` continues the heading of ``node`` (a title broken over lines)."""
    if node.kind == "appendix":
        return _uppercase_share(content) > 0.6 or content.startswith("(")
    title = view[node.title.start : node.title.end] if node.title is not None else ""
    if node.kind == "part":
        return _uppercase_share(content) > 0.6
    # A title left open by the layout ("1. Sở Khoa học và Công" / "nghệ") or by a page break.
    return (
        bool(title)
        and not title.rstrip().endswith(_TERMINAL)
        and (content[0].islower() or content[0].isdigit())
    )


def _is_closing(content: str) -> bool:
    folded = fold(content)
    if folded.startswith("noi nhan"):
        return True
    return bool(re.match(r"(t/m|tm\.|kt\.)\s*\S", folded)) and _uppercase_share(content) > 0.6


def _tab_cells(line: Line) -> list[Span]:
    # Cells of a tab-separated row, as spans of the text (blank cells dropped).
    cells: list[Span] = []
    pos = line.start
    for part in line.content.split("\t"):
        stripped = part.strip()
        if stripped:
            start = pos + part.index(stripped[0])
            cells.append(Span(start, start + len(stripped)))
        pos += len(part) + 1
    return cells


_BAR = re.compile(r"(?<!\\)\|")


def _bar_cells(line: Line, text: str) -> list[Span]:
    # Cells of a one-line table row "| 1 | Xây dựng đề án | Sở Nội vụ |" (Word tables as read).
    cells: list[Span] = []
    raw = text[line.start : line.end]
    bars = [m.start() for m in _BAR.finditer(raw)]
    for a, b in itertools.pairwise(bars):
        part = raw[a + 1 : b]
        stripped = part.strip()
        if stripped:
            start = line.start + a + 1 + part.index(stripped[0])
            cells.append(Span(start, start + len(stripped)))
    return cells


_PIPE_LINE = re.compile(r"^[ \t]*\|[ \t]*$", re.MULTILINE)


def _pipe_rows(text: str, view: str) -> dict[int, tuple[str | None, list[Span], int]]:
    """Rows of Markdown pipe tables whose cells are broken over lines.

    The layout puts a line holding only "|" between cells and two such lines between rows. The
    result maps the start offset of a row's first cell line to (row number or "" for the header
    row or None for a group heading, the cell spans, the index of the line after the row).
    """
    rows: dict[int, tuple[str | None, list[Span], int]] = {}
    raw_lines = text.split("\n")
    view_lines = view.split("\n")
    offsets: list[int] = []
    pos = 0
    for raw in raw_lines:
        offsets.append(pos)
        pos += len(raw) + 1
    is_pipe = [raw.strip() == "|" for raw in raw_lines]
    if sum(is_pipe) < 6:
        return rows
    # Group consecutive non-pipe lines into cells; a blank or double pipe ends a row.
    i = 0
    n = len(raw_lines)
    while i < n:
        if not is_pipe[i]:
            i += 1
            continue
        # A row starts after a pipe line that is followed by a cell.
        cells: list[Span] = []
        first_line = -1
        j = i
        while j < n and is_pipe[j]:
            j += 1
        while j < n and raw_lines[j].strip():
            if is_pipe[j]:
                if j + 1 < n and is_pipe[j + 1]:
                    break
                j += 1
                continue
            k = j
            while k < n and raw_lines[k].strip() and not is_pipe[k]:
                k += 1
            start = offsets[j] + (len(view_lines[j]) - len(view_lines[j].lstrip()))
            end = offsets[k - 1] + len(view_lines[k - 1].rstrip())
            cells.append(Span(start, end))
            if first_line < 0:
                first_line = j
            j = k
        if cells and first_line >= 0:
            first = fold(view[cells[0].start : cells[0].end])
            label: str | None
            if first == "stt":
                label = ""
            elif first.isdigit() and len(cells) >= 3:
                label = first
            else:
                label = None
            skip_line = view.count("\n", 0, cells[-1].end) + 1
            lead = len(view_lines[first_line]) - len(view_lines[first_line].lstrip())
            rows[offsets[first_line] + lead] = (
                label,
                cells,
                skip_line,
            )
        i = max(j, i + 1)
    return rows


def _check_gap(outline: Outline, parent: Node, node: Node) -> None:
    siblings = [c for c in parent.children if c.kind == node.kind and c.kind not in ("appendix", "closing")]
    if not siblings or node.ordinal is None:
        return
    previous = siblings[-1].ordinal
    if previous is None:
        return
    if node.kind == "multi":
        prefix_prev = siblings[-1].label.rsplit(".", 1)[0]
        prefix_now = node.label.rsplit(".", 1)[0]
        if prefix_prev != prefix_now:
            outline.gaps.append((node, f"{siblings[-1].label} is followed by {node.label}"))
            return
    if node.ordinal != previous + 1:
        outline.gaps.append((node, f"{siblings[-1].label} is followed by {node.label}"))
