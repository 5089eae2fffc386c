"""References to other documents: kind, number, date and issuer as printed, and the kind of link.

A reference names a kind ("Nghị quyết", "Kết luận", "Chỉ thị", "Quy định", "Kế hoạch", "Đề án",
"Chương trình", "Quyết định", "Thông báo", "Công văn", "Nghị định") followed by a number ("số
10-NQ/TU", "số: 134 /KH-UBND"), or a congress ("Nghị quyết Đại hội … lần thứ XV"), or a quoted
or capitalised name ("Đề án “Tăng cường dạy và học ngoại ngữ”"). The date and the issuer
follow ("ngày 29/7/2021 của Ban Chấp hành Đảng bộ tỉnh"). The link follows the wording before
it: "thay thế" supersedes, "tiếp tục thực hiện" continues, "triển khai thực hiện", "thực hiện",
"cụ thể hóa", "quán triệt" implement, anything else cites.

The finder works on spans of the outline (a sentence, a heading) and gives what the draft needs;
``nqgraph.ingest.readers.references`` reads the same wording for the readers' golden tests.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length

KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("nghi quyet", "Resolution"),
    ("ket luan", "Conclusion"),
    ("chi thi", "Directive"),
    ("quy dinh", "Regulation"),
    ("ke hoach", "Plan"),
    ("de an", "Project"),
    ("chuong trinh hanh dong", "Programme"),
    ("chuong trinh", "Programme"),
    ("quyet dinh", "Decision"),
    ("thong bao", "Notice"),
    ("cong van", "OfficialLetter"),
    ("nghi dinh", "Decision"),
    ("thong tu", "Regulation"),
    ("to trinh", "Document"),
    ("van ban", "OfficialLetter"),
    ("luat", "Regulation"),
    ("quy hoach", "Plan"),
)
_KIND = "|".join(w for w, _ in KIND_WORDS)
_NUMBER = r"\d+\s*[-/]\s*(?:\d{4}\s*/\s*)?[a-z&]+(?:\s*[-/]\s*[a-z&]+){0,2}"
_DATE = (
    r"(?:,\s*)?(?:ngay\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|ngay\s+(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
_NUMBERED = re.compile(
    rf"(?<![a-z])(?P<kind>{_KIND})\s+(?:so\s*:?\s*)?(?P<num>{_NUMBER})(?:\s*{_DATE})?"
    r"(?:(?:\s+cua|\s*,\s*cua)\s+(?P<issuer>[^,;.]{3,80}?)(?=\s+(?:ve|khoa|nhiem ky)\b|[,;.]|$))?"
)
_CONGRESS = re.compile(
    r"(?<![a-z])(?:nghi quyet\s+dai hoi\s+(?:dai bieu\s+)?|dai hoi\s+dai bieu\s+(?=toan quoc))"
    r"(?P<scope>toan quoc|dang bo tinh(?:\s+\S+){0,2}?|dang bo thanh pho)?\s*,?\s*(?:lan thu\s+)?"
    r"(?P<roman>[ivxl]+)\b(?P<party>\s+cua dang)?"
)
_NAMED = re.compile(r"(?P<kind>Đề án|Chương trình|Kế hoạch)\s+(?:số\s+)?(?P<name>[“\"][^”\"]{5,120}[”\"])")
_SUPERSEDES = re.compile(r"thay the")
_CONTINUES = re.compile(r"tiep tuc (?:trien khai )?thuc hien")
_IMPLEMENTS = re.compile(r"trien khai thuc hien|thuc hien|cu the hoa|quan triet|trien khai")


@dataclass(frozen=True)
class Reference:
    """One reference as printed."""

    span: Span
    kind: str
    number: str | None
    date: datetime.date | None
    issuer_text: str | None
    link: str
    congress: str | None = None  # roman numeral of a congress, lower case
    central: bool = False
    name: str | None = None


def find_references(text: str, span: Span, sentence: Span) -> list[Reference]:
    """References in ``text[span]``; the link is read from ``text[sentence]`` before each one."""
    chunk = text[span.start : span.end]
    folded = fold_same_length(chunk).replace("\n", " ")
    out: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMBERED.finditer(folded):
        kind = dict(KIND_WORDS)[m.group("kind")]
        number = re.sub(r"\s+", "", chunk[m.start("num") : m.end("num")])
        date = _date(m)
        issuer = chunk[m.start("issuer") : m.end("issuer")].strip() if m.group("issuer") else None
        start, end = span.start + m.start(), span.start + m.end()
        out.append(
            Reference(
                Span(start, end),
                kind,
                number,
                date,
                issuer,
                _link(text, sentence, start),
                central=_central(number, issuer),
            )
        )
        taken.append((m.start(), m.end()))
    for m in _CONGRESS.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        scope = m.group("scope") or ""
        central = "toan quoc" in scope or bool(m.group("party")) or not scope
        start, end = span.start + m.start(), span.start + m.end()
        out.append(
            Reference(
                Span(start, end),
                "CongressResolution",
                None,
                None,
                None,
                _link(text, sentence, start),
                congress=m.group("roman"),
                central=central,
            )
        )
        taken.append((m.start(), m.end()))
    for m in _NAMED.finditer(chunk):
        if any(a <= m.start() < b for a, b in taken):
            continue
        kind = {"Đề án": "Project", "Chương trình": "Programme", "Kế hoạch": "Plan"}.get(
            m.group("kind"), "Programme"
        )
        start, end = span.start + m.start(), span.start + m.end()
        name = m.group("name").strip('“”"')
        out.append(
            Reference(Span(start, end), kind, None, None, None, _link(text, sentence, start), name=name)
        )
    out.sort(key=lambda r: r.span.start)
    return out


def _date(m: re.Match[str]) -> datetime.date | None:
    d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
    if not (d and mo and y):
        return None
    try:
        return datetime.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _link(text: str, sentence: Span, start: int) -> str:
    before = fold_same_length(text[max(sentence.start, start - 80) : start])
    if _SUPERSEDES.search(before):
        return "supersedes"
    if _CONTINUES.search(before):
        return "continues"
    if _IMPLEMENTS.search(before):
        return "implements"
    return "cites"


_CENTRAL = {"tw", "cp", "ttg", "qh", "btctw", "vptw", "bct", "ubtvqh", "btgtw", "ubkttw", "ubtvqh15"}


def _central(number: str, issuer: str | None) -> bool:
    last = fold_same_length(re.split(r"[-/]", number)[-1])
    if last in _CENTRAL or (last.startswith("b") and len(last) > 3 and last not in ("btvtu",)):
        return True
    central = r"trung uong|bo chinh tri|chinh phu|thu tuong|quoc hoi|ban bi thu"
    return bool(issuer and re.search(central, fold_same_length(issuer)))


def issuer_slug(number: str | None, issuer_text: str | None) -> str:
    """The ELI issuer slug: from the issuer named in the sentence, else the number's suffix."""
    if issuer_text:
        folded = fold_same_length(issuer_text)
        if "ban thuong vu" in folded:
            return "btvtu"
        if "ban chap hanh dang bo tinh" in folded or "tinh uy" in folded:
            return "tu"
        if "uy ban nhan dan" in folded or "ubnd" in folded:
            return "ubnd"
    if number:
        last = fold_same_length(re.split(r"[-/]", number)[-1])
        return re.sub(r"[^a-z0-9]+", "-", last).strip("-") or "unknown"
    return "unknown"
