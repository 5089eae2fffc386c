"""The header of a resolution or plan: kind, number, date, place, issuer, province, title, signer.

Vietnamese administrative documents open with the issuing body ("TỈNH ỦY LÀO CAI", "ỦY BAN NHÂN
DÂN TỈNH ĐỒNG THÁP"), the number ("Số 26-NQ/TU", "Số: 134 /KH-UBND"), the place and date
("Lào Cai, ngày 05 tháng 12 năm 2025"), the kind in capitals ("NGHỊ QUYẾT", "KẾ HOẠCH"), the
issuer again when it is a committee ("CỦA BAN THƯỜNG VỤ TỈNH ỦY") and the title ("về …"). They
close with the signature block ("T/M TỈNH ỦY" / "BÍ THƯ" / name). Layout differs (columns,
tabs, Markdown), so every field is searched line by line in the view of the text, and each
found value keeps its span.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from nqgraph.errors import DataError
from nqgraph.ingest.model import SourceText, Span
from nqgraph.ingest.readers.references import KIND_CLASSES, DocumentReference, find_references
from nqgraph.ingest.structure import Outline
from nqgraph.text import collapse, fold

# The kinds of document a draft may be, by the word printed in capitals (folded, the longer first);
# the class each names is the reference reader's.
KINDS: tuple[str, ...] = (
    "nghi quyet",
    "ke hoach",
    "ket luan",
    "chi thi",
    "quy dinh",
    "chuong trinh hanh dong",
    "chuong trinh",
    "de an",
    "quyet dinh",
    "thong bao",
)
_NUMBER = re.compile(r"\bSố\s*:?\s*(?P<n>\d+\s*[-/]\s*[A-ZĐa-zđ&]+(?:\s*[-/]\s*[A-ZĐa-zđ&]+)*)")
_PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][^\W\d_]*(?:[ \t]+[A-ZĐÀ-Ỹ][^\W\d_]*){0,3})\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+"
    r"(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
# An appendix heading names the document it belongs to: "(Kèm theo Nghị quyết số … ngày …)".
_ANNEXED = re.compile(r"kèm theo\s+", re.IGNORECASE)
_PERIOD = re.compile(r"giai đoạn\s+(?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)", re.IGNORECASE)
_UNTIL = re.compile(r"đến năm\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_YEAR_TITLE = re.compile(r"năm\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_TERM = re.compile(r"nhiệm kỳ\s+(?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4}$")


@dataclass
class Header:
    """What the header and signature of a document state; ``None`` where the text is silent."""

    kind: str = "Resolution"
    kind_word: str = "Nghị quyết"
    number: str | None = None
    number_span: Span | None = None
    number_note: str | None = None
    date: datetime.date | None = None
    date_span: Span | None = None
    place: str | None = None
    issuer_text: str | None = None
    issuer_slug: str = "tu"
    issuer_span: Span | None = None
    province_name: str | None = None
    title: str | None = None
    title_span: Span | None = None
    signer: str | None = None
    signer_span: Span | None = None
    signer_role: str | None = None
    term: tuple[int, int] | None = None
    period: tuple[int, int] | None = None
    orientation: tuple[int, int] | None = None
    horizons: list[int] = field(default_factory=list)
    issuer_line: str | None = None  # "của Ban Chấp hành Đảng bộ tỉnh", as the heading prints it
    notes: list[str] = field(default_factory=list)


def _line_spans(view: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = start
    for raw in view[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            s = pos + raw.index(stripped[0])
            out.append((s, s + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _issuer(folded: str) -> tuple[str, str] | None:
    """(issuer slug, issuer name) from a folded header line, or None."""
    if re.search(r"ban thuong vu tinh uy|ban thuong vu thanh uy", folded):
        return "btvtu", "Ban Thường vụ Tỉnh ủy"
    if re.search(r"ban chap hanh dang bo tinh|^tinh uy\b|^tinh uy |ban chap hanh dang bo thanh pho", folded):
        return "tu", "Tỉnh ủy"
    if re.search(r"(uy ban nhan dan|ubnd)( tinh)?", folded) and not folded.startswith("t/m"):
        return "ubnd", "Ủy ban nhân dân tỉnh"
    if re.search(r"hoi dong nhan dan", folded):
        return "hdnd", "Hội đồng nhân dân tỉnh"
    if "dai hoi" in folded:
        return "dh", "Đại hội Đảng bộ tỉnh"
    return None


_STOP = {"ĐẢNG", "CỘNG", "ĐỘC", "HÒA", "HOÀ", "SỐ", "NGHỊ", "KẾ", "GIAI", "NĂM", "ĐẾN", "VỀ"}


def _province_in(head: str) -> str | None:
    """The province named in capitals after "TỈNH ỦY" or "TỈNH" in the header."""
    for line in head.split("\n"):
        tokens = line.replace("*", " ").split()
        for i, token in enumerate(tokens):
            if token != "TỈNH":
                continue
            j = i + 1
            if j < len(tokens) and fold(tokens[j]) == "uy":
                j += 1
            name: list[str] = []
            while j < len(tokens) and tokens[j].isupper() and tokens[j].isalpha() and tokens[j] not in _STOP:
                name.append(tokens[j])
                j += 1
                if len(name) == 3:
                    break
            if name:
                return " ".join(w.capitalize() for w in name)
    return None


def _trailing_name(text: str) -> str:
    """The last run of capitalised words ("Số 26-NQ/TU Lào Cai" → "Lào Cai")."""
    words = text.split()
    out: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
            out.append(word)
        else:
            break
    return " ".join(reversed(out)) or text


def read_header(source: SourceText, outline: Outline) -> Header:
    """Read the header and signature; raise :class:`DataError` when the text is no resolution or plan."""
    text = source.text
    view = outline.view
    first_part = next((c for c in outline.root.children if c.kind == "part"), None)
    head_end = first_part.span.start if first_part is not None else min(len(view), 3000)
    header = Header()
    lines = _line_spans(view, 0, head_end)
    kind_index: int | None = None
    for i, (s, e, content) in enumerate(lines[:60]):
        folded = fold(content)
        if kind_index is None and content.upper() == content and any(c.isalpha() for c in content):
            for word in KINDS:
                if folded == word or (folded.startswith(word + " ") and len(folded) < 60):
                    header.kind = KIND_CLASSES[word]
                    header.kind_word = collapse(text[s:e]).replace("*", "").strip().capitalize()
                    kind_index = i
                    break
        m = _NUMBER.search(content)
        if m and header.number is None:
            raw = m.group("n")
            number = re.sub(r"\s+", "", raw)
            header.number = number
            header.number_span = Span(s + m.start("n"), s + m.end("n"))
            if number != raw:
                header.number_note = f'Printed "{raw}"; the stray space is collapsed.'
    m2 = _PLACE_DATE.search(view, 0, head_end)
    if m2:
        try:
            header.date = datetime.date(int(m2.group("y")), int(m2.group("m")), int(m2.group("d")))
            header.date_span = Span(m2.start("d"), m2.end("y"))
            header.place = collapse(m2.group("place"))
        except ValueError:
            pass
    header.province_name = _province_in(view[:head_end])
    if header.place:
        header.place = _trailing_name(header.place)
    if kind_index is None:
        raise DataError(
            f"{source.path}: not a resolution or plan: no document kind (NGHỊ QUYẾT, KẾ HOẠCH, KẾT LUẬN …)"
            " is printed in capitals in the header"
        )
    # Issuer: a header line naming the body (before or just after the kind word).
    for s, e, content in lines[: kind_index + 3]:
        found = _issuer(fold(content))
        if found is not None and "dang cong san" not in fold(content):
            slug, name = found
            if header.issuer_text is None or slug == "btvtu":
                header.issuer_slug, header.issuer_text = slug, name
                header.issuer_span = Span(s, e)
    # Title: the lines after the kind word up to a rule or a blank paragraph.
    title_lines: list[tuple[int, int, str]] = []
    for s, e, content in lines[kind_index + 1 : kind_index + 8]:
        folded = fold(content)
        if (
            title_lines
            and "\n\n" in view[title_lines[-1][1] : s].replace(" ", "")
            and not content[0].islower()
        ):
            break
        if set(content) <= set("-–_*= "):
            break
        if folded.startswith("cua ") and _issuer(folded) is not None:
            header.issuer_line = _sentence_case(collapse(content.replace("*", " ")))
            continue
        if title_lines and (content.endswith(":") or (len(content) > 160 and not content.isupper())):
            break
        if not title_lines and len(content) > 220:
            break
        if folded.startswith(("can cu", "thuc hien ", "quan triet")) and title_lines:
            break
        title_lines.append((s, e, content))
        if content.rstrip().endswith((".", ";")):
            break
    if title_lines:
        header.title_span = Span(title_lines[0][0], title_lines[-1][1])
        title = collapse(" ".join(c for _s, _e, c in title_lines))
        if title.isupper():
            title = title.lower()
            for name in filter(None, (header.province_name,)):
                title = re.sub(re.escape(name.lower()), name, title)
        header.title = title[0].lower() + title[1:] if title[:2].lower() == "về" else title
    if header.province_name is None and header.place:
        header.province_name = header.place
    if header.province_name is None and header.title:
        m = re.search(r"tỉnh\s+([A-ZĐÀ-Ỹ]\S*(?:\s+[A-ZĐÀ-Ỹ]\S*)?)", header.title)
        if m:
            header.province_name = m.group(1)
    # Number and date printed only in an appendix heading ("kèm theo Nghị quyết số … ngày …").
    if header.number is None or header.date is None:
        annexed = _annexed_to(view)
        if annexed is not None and annexed.number is not None:
            where = _number_span(view, annexed)
            if header.number is None:
                header.number = annexed.number
                header.number_span = where
                header.notes.append(
                    "The heading prints no number; the number is read from the appendix heading."
                )
            if header.date is None and annexed.date is not None:
                header.date = annexed.date
                header.date_span = Span(where.end, annexed.span.end)
                header.notes.append("The heading prints no date; the date is read from the appendix heading.")
    _periods(header)
    _signature(header, outline, text)
    return header


def _annexed_to(view: str) -> DocumentReference | None:
    """The numbered document an appendix heading says it belongs to ("kèm theo Kế hoạch số …")."""
    for m in _ANNEXED.finditer(view):
        refs = find_references(view[m.end() : m.end() + 200], offset=m.end())
        if refs and refs[0].span.start == m.end() and refs[0].number:
            return refs[0]
    return None


def _number_span(view: str, ref: DocumentReference) -> Span:
    """Where the reference's number is printed (stray spaces included)."""
    assert ref.number is not None
    digit = re.search(r"\d", ref.text)
    start = ref.span.start + (digit.start() if digit else 0)
    end, seen = start, 0
    while end < ref.span.end and seen < len(ref.number):
        seen += not view[end].isspace()
        end += 1
    return Span(start, end)


def _periods(header: Header) -> None:
    title = header.title or ""
    m = _PERIOD.search(title)
    until = [int(u.group("y")) for u in _UNTIL.finditer(title)]
    header.horizons = sorted(set(until))
    if m:
        header.period = (int(m.group("a")), int(m.group("b")))
        later = [y for y in until if y > header.period[1]]
        if later:
            header.orientation = (header.period[0], max(later))
    elif until and header.date is not None:
        start = header.date.year
        header.period = (start, min(until))
        if len(until) > 1:
            header.orientation = (start, max(until))
    else:
        years = [int(y.group("y")) for y in _YEAR_TITLE.finditer(title)]
        if years:
            header.period = (years[0], years[0])
    t = _TERM.search(title)
    if t:
        header.term = (int(t.group("a")), int(t.group("b")))


def _signature(header: Header, outline: Outline, text: str) -> None:
    closing = next((c for c in outline.root.children if c.kind == "closing"), None)
    if closing is None:
        return
    end = next(
        (
            c.span.start
            for c in outline.root.children
            if c.kind == "appendix" and c.span.start > closing.span.start
        ),
        len(text),
    )
    lines = _line_spans(outline.view, closing.span.start, end)
    roles: list[str] = []
    for s, _e, content in lines:
        # Two columns on one line ("Nơi nhận: T/M TỈNH ỦY", "- Như Điều 3;      KT. CHỦ TỊCH").
        for part in re.split(r"\s{3,}|\t|(?<=:)\s+(?=T/?M\b|KT\.)", content):
            part = part.strip(" *")
            folded = fold(part)
            if not part or folded.startswith(("noi nhan", "-", "luu")):
                continue
            if part.isupper() and re.match(r"(T/?M\.?|KT\.|TM\.|BÍ THƯ|PHÓ|CHỦ TỊCH|Q\.)", part):
                roles.append(collapse(part))
            elif _NAME.match(part) and header.signer is None and roles:
                header.signer = part
                at = text.find(part, s)
                header.signer_span = Span(at, at + len(part)) if at >= 0 else None
    if roles:
        header.signer_role = ", ".join(roles)


def _sentence_case(line: str) -> str:
    """A heading line in capitals as running text.

    "CỦA BAN THƯỜNG VỤ TỈNH ỦY" → "của Ban Thường vụ Tỉnh ủy".
    """
    if not line.isupper():
        return line
    words = line.lower().split()
    out: list[str] = []
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        if (
            previous == "ban"
            or word in ("ban", "đảng")
            or (word == "tỉnh" and words[i + 1 : i + 2] == ["ủy"])
        ):
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)
