"""References to other documents: kind, number, date and issuer as printed, and the kind of link.

Three forms are read:

- a numbered document: "Nghị quyết số 10-NQ/TU, ngày 29/7/2021 của Ban Chấp hành Đảng bộ tỉnh",
  "Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Uỷ ban nhân dân Tỉnh", "Nghị định số 80/2021/NĐ-CP";
  stray spaces and line breaks inside the number are dropped ("134 /KH-UBND" → "134/KH-UBND");
- a congress resolution: "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025-2030",
  "Nghị quyết Đại hội XIII của Đảng", and the national congress named for what it decided without
  the word "Nghị quyết" ("… được Đại hội đại biểu toàn quốc lần thứ XIII của Đảng xác định là …");
- a named programme, project or plan without a number, capitalised inside a sentence ("thực hiện có
  hiệu quả Đề án Giảm thiểu tình trạng tảo hôn …", "Đề án “Tăng cường dạy và học ngoại ngữ”"), and
  national target programmes ("các chương trình mục tiêu quốc gia giai đoạn 2021 - 2025").

"Nghị quyết này", "xây dựng kế hoạch" and a kind word with nothing after it are not references.

The link follows the wording before the reference in its clause: "thay thế" and the successor's
opening "Sau 5 năm triển khai thực hiện …" → ``supersedes``; "tiếp tục thực hiện" → ``continues``;
"thực hiện", "triển khai thực hiện", "cụ thể hóa", "theo yêu cầu tại" → ``implements``; otherwise
``cites``. Wording inside another document's title ("… về thực hiện Nghị quyết số 57-NQ/TW") does not
make the citing document implement it.

>>> ref, = find_references("Sau 5 năm triển khai thực hiện Nghị quyết số 10-NQ/TU, ngày 29/7/2021 của "
...                        "Ban Chấp hành Đảng bộ tỉnh về phát triển nguồn nhân lực")
>>> (ref.kind, ref.number, ref.date.isoformat(), ref.issuer_text, ref.link)
('Resolution', '10-NQ/TU', '2021-07-29', 'Ban Chấp hành Đảng bộ tỉnh', 'supersedes')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import clause_start, fold_same_length, prepare
from nqgraph.ingest.readers.dates import find_dates
from nqgraph.text import collapse


@dataclass(frozen=True)
class DocumentReference:
    """A reference to a document as printed.

    ``kind`` is the local name of the ``nq:`` class ("Resolution", "CongressResolution", "Plan" …;
    "Document" for decrees, circulars and laws, which have no class of their own). ``number`` is as
    printed without stray spaces; ``issuer_text`` is the issuer as printed (whitespace collapsed).
    For a congress resolution ``ordinal`` is the congress number as printed ("XV") and ``term`` the
    term ("2025-2030"); for a named document ``title`` is its name.
    """

    span: Span
    text: str
    kind: str
    number: str | None
    date: dt.date | None
    issuer_text: str | None
    link: str
    ordinal: str | None = None
    term: str | None = None
    title: str | None = None


# Folded kind words, longest first; the class each names.
_KINDS: tuple[tuple[str, str], ...] = (
    ("nghi quyet", "Resolution"),
    ("ket luan", "Conclusion"),
    ("chi thi", "Directive"),
    ("quy dinh", "Regulation"),
    ("chuong trinh hanh dong", "Programme"),
    ("chuong trinh", "Programme"),
    ("ke hoach", "Plan"),
    ("quy hoach", "Plan"),
    ("de an", "Project"),
    ("quyet dinh", "Decision"),
    ("thong bao", "Notice"),
    ("cong van", "OfficialLetter"),
    ("van ban", "OfficialLetter"),
    ("nghi dinh", "Document"),
    ("thong tu", "Document"),
    ("luat", "Document"),
    ("to trinh", "Document"),
)
# The class each folded kind word names (also for the header's kind and for names in lower case).
KIND_CLASSES: dict[str, str] = dict(_KINDS)
# A kind word may be broken over a line ("Quyết\nđịnh số 898/QĐ-UBND").
_KIND_WORDS = "|".join(k.replace(" ", r"\s+") for k, _ in _KINDS)
_KIND = re.compile(r"(?<![a-z])(?P<kind>" + _KIND_WORDS + r")(?![a-z])")
_KIND_AHEAD = re.compile(r"\s*(?:" + _KIND_WORDS + r")(?![a-z])")

# A document number: digits, then segments joined by "-" or "/" (a year or a code such as NQ, TU,
# KH-UBND, NĐ-CP, QH15), with stray spaces or a line break around the joins.
_NUMBER = re.compile(r"\d+(?:[ \t]*\n?[ \t]*[-/][ \t]*\n?[ \t]*(?:\d{4}(?!\d)|[A-ZĐ][A-ZĐa-z&]*\d*))+")
# OCR splits a one-letter segment from the rest of its code: "72-NQ/T W" is "72-NQ/TW".
_SPLIT_CODE = re.compile(r"(?<=[-/][A-ZĐ]) (?P<rest>[A-ZĐ]{1,3})(?![^\W\d_])")
_NUMBER_INTRO = re.compile(r"\s+(?:so(?![a-z])|so hieu)?\s*:?\s*")
_BARE_NUMBER = re.compile(r"\d+(?![\d.,/-])")
# The national congress by itself stands for its resolution; a provincial one ("Đại hội Đảng bộ
# tỉnh lần thứ I thành công tốt đẹp") is an event.
_NATIONAL_CONGRESS = re.compile(
    r"(?<![a-z])dai\s+hoi\s+dai\s+bieu\s+toan\s+quoc\s*,?\s*(?:lan\s+thu\s+)?(?P<ordinal>[ivxlc]+)(?![a-z\d])"
    r"(?:\s+cua\s+\.?\s*dang(?![a-z]))?"
)
_CONGRESS = re.compile(
    r"\s+(?:cua\s+)?(?P<congress>dai\s+hoi)(?:\s+dai\s+bieu)?"
    r"(?:\s+toan\s+quoc|\s+dang\s+bo(?:\s+tinh)?(?:\s+[a-z]+){0,3}?)?,?\s*(?:lan\s+thu\s+)?"
    r"(?P<ordinal>[ivxlc]+|\d{1,2})(?![a-z\d])"
    r"(?:\s+cua\s+\.?\s*dang(?![a-z]))?"
    r"(?:\s*,?\s*nhiem\s+ky\s+(?P<term>\d{4}\s*[-–]\s*\d{4}))?"
)
_ISSUER_STOP = re.compile(
    r"\s+(?:ve|ngay|da|de|tai|nham|theo|thi|la|duoc|voi|trong|tren|nay|so|gui|ban hanh|quy dinh)(?![a-z])"
    r"|\s*[,;:()“”\"*]|\.(?=\s|$)|\s*$"
)
_LINK_CUES: tuple[tuple[str, str], ...] = (
    (r"thay the|sau\s+\d+\s+nam\s+(?:trien khai\s*,?\s*)?thuc hien", "supersedes"),
    (r"tiep tuc (?:trien khai )?thuc hien|tiep tuc trien khai|tiep tuc quan triet", "continues"),
    (
        r"trien khai thuc hien|quan triet thuc hien|thuc hien|cu the hoa|theo yeu cau (?:tai|cua)"
        r"|trien khai",
        "implements",
    ),
)
_LINK = re.compile("|".join(rf"(?P<l{i}>(?<![a-z])(?:{p})(?![a-z]))" for i, (p, _) in enumerate(_LINK_CUES)))
_CITING_WORDS = re.compile(r"(?<![a-z])(?:theo|can cu|phu hop voi|dam bao)(?![a-z])")
_TITLE_WORD = re.compile(r"(?:\bve|\bve viec)\s+$")
_COORDINATION = re.compile(r"\s*(?:,|;|va|và)?\s*")
_SELF_OR_GENERIC = re.compile(
    r"\s*(?:nay|cua|duoc|da|se|do|cac|cu the|chi tiet|trien khai|thuc hien|hanh dong (?:thuc hien|trien khai)"
    r"|phai|can|co|la|cung|va|hoac|,|;|\.|\)|$)(?![a-z])"
)
_NATIONAL_PROGRAMME = re.compile(r"(?<![a-z])chuong trinh muc tieu quoc gia(?![a-z])")
# Where a name ends: a sign, a blank line, or a word that starts the rest of the sentence. A comma
# before "tầm nhìn" or "định hướng" continues a plan's name ("thời kỳ 2021 - 2030, tầm nhìn …").
_TITLE_END = re.compile(
    r"\s*,(?!\s*(?:tam nhin|dinh huong)\b)|\s*[;:()“”\"*|\t]|\.(?=\s|$)|\n[ \t]*\n"
    r"|\s+(?:nham|de|gan voi|theo|tai|nhu|duoc|da|se|dang|dam bao|va cac|va nhung|va khoan|va dieu|va diem)\s"
)
# Before a kind word (folded): a kind of documents, not one ("các Đề án trọng tâm").
GENERIC_BEFORE = re.compile(r"(?<![a-z])(?:cac|nhung|mot so|moi|tung)\s+$")


def find_references(text: str, *, offset: int = 0) -> list[DocumentReference]:
    """Every document reference in ``text``, in order; spans are shifted by ``offset``."""
    text = prepare(text)
    folded = fold_same_length(text)
    found: list[_Found] = []
    taken_until = 0
    starts = sorted([*_KIND.finditer(folded), *_NATIONAL_CONGRESS.finditer(folded)], key=lambda m: m.start())
    for match in starts:
        if match.start() < taken_until:
            continue
        if match.re is _NATIONAL_CONGRESS:
            item = _national_congress(text, match)
        else:
            item = (
                _numbered(text, folded, match)
                or _congress(text, folded, match)
                or _named(text, folded, match)
            )
        if item is not None:
            found.append(item)
            taken_until = item.end
    references: list[DocumentReference] = []
    for index, item in enumerate(found):
        link = _link(text, folded, item, found[:index], [r.link for r in references])
        references.append(
            DocumentReference(
                Span(offset + item.start, offset + item.end),
                text[item.start : item.end],
                item.kind,
                item.number,
                item.date,
                item.issuer,
                link,
                item.ordinal,
                item.term,
                item.title,
            )
        )
    return references


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    ordinal: str | None = None
    term: str | None = None
    title: str | None = None


def _kind_word(kind: re.Match[str]) -> str:
    return " ".join(kind.group("kind").split())


def _numbered(text: str, folded: str, kind: re.Match[str]) -> _Found | None:
    intro = _NUMBER_INTRO.match(folded, kind.end())
    position = intro.end() if intro else kind.end()
    said_number = intro is not None and "so" in intro.group()
    number = _NUMBER.match(text, position) or (_BARE_NUMBER.match(text, position) if said_number else None)
    if number is None:
        return None
    end = number.end()
    split = _SPLIT_CODE.match(text, end)
    if split:
        end = split.end()
    printed = re.sub(r"\s+", "", text[number.start() : end])
    item = _Found(kind.start(), end, KIND_CLASSES[_kind_word(kind)], printed)
    _date_and_issuer(text, folded, item)
    if item.issuer and fold_same_length(item.issuer).startswith("dai hoi") and item.kind == "Resolution":
        item.kind = "CongressResolution"
    return item


def _date_and_issuer(text: str, folded: str, item: _Found) -> None:
    """Read ", ngày …" and "của …" after the number, in either order."""
    for _ in range(2):
        date = _date_at(text, item.end)
        if date is not None and item.date is None:
            item.date, item.end = date
            continue
        issuer = re.match(r"\s*,?\s*cua\s+", folded[item.end :])
        if issuer is not None and item.issuer is None:
            start = item.end + issuer.end()
            stop = _issuer_end(text, folded, start)
            if stop > start:
                item.issuer = collapse(text[start:stop]).strip(" .")
                item.end = stop
                continue
        break


def _date_at(text: str, position: int) -> tuple[dt.date, int] | None:
    window = text[position : position + 40]
    lead = re.match(r"[ \t]*\n?[ \t]*,?\s*", window)
    skip = lead.end() if lead else 0
    for mention in find_dates(window):
        if mention.span.start == skip:
            return mention.date, position + mention.span.end
    return None


def _issuer_end(text: str, folded: str, start: int) -> int:
    """Where an issuer printed from ``start`` ends: at a word or sign that begins something else."""
    limit = min(len(text), start + 90)
    position = start
    while position < limit:
        stop = _ISSUER_STOP.search(folded, position, limit)
        end = stop.start() if stop else limit
        conjunction = re.search(r"\s+va\s+", folded[position:end])
        if conjunction:
            after = position + conjunction.end()
            # "Ban Tuyên giáo và Dân vận" goes on; "Chính phủ và Chương trình …", "… và các …" stop.
            if not text[after : after + 1].isupper() or _KIND_AHEAD.match(folded, after):
                return position + conjunction.start()
            position = after
            continue
        return end
    return limit


def _congress(text: str, folded: str, kind: re.Match[str]) -> _Found | None:
    if _kind_word(kind) != "nghi quyet":
        return None
    match = _CONGRESS.match(folded, kind.end())
    if match is None:
        return None
    ordinal = text[match.start("ordinal") : match.end("ordinal")]
    if not (ordinal.isdigit() or ordinal.isupper()):
        return None  # a lowercase "i" or "v" is a word, not a numeral
    term = match.group("term")
    issuer_start = match.start("congress")
    return _Found(
        kind.start(),
        match.end(),
        "CongressResolution",
        ordinal=ordinal,
        term=re.sub(r"\s*[-–]\s*", "-", term) if term else None,
        issuer=collapse(text[issuer_start : match.end("ordinal")]),
    )


def _national_congress(text: str, match: re.Match[str]) -> _Found | None:
    ordinal = text[match.start("ordinal") : match.end("ordinal")]
    if not ordinal.isupper():
        return None  # "lần thứ i" is no numeral
    issuer = collapse(text[match.start() : match.end("ordinal")])
    return _Found(match.start(), match.end(), "CongressResolution", ordinal=ordinal, issuer=issuer)


def _named(text: str, folded: str, kind: re.Match[str]) -> _Found | None:
    word = _kind_word(kind)
    printed = text[kind.start() : kind.end()]
    national = _NATIONAL_PROGRAMME.match(folded, kind.start())
    if word not in ("chuong trinh", "chuong trinh hanh dong", "de an", "ke hoach", "quy hoach", "luat"):
        return None
    if national is None:
        if not printed[0].isupper() or printed.isupper():
            return None
        if not re.search(r"\w[ \t]*$", text[text.rfind("\n", 0, kind.start()) + 1 : kind.start()]):
            return None  # at the start of a sentence or a line it is the subject, not a name
        if re.search(r"[.!?:]\s*$", text[max(0, kind.start() - 3) : kind.start()]):
            return None
        if GENERIC_BEFORE.search(folded, max(0, kind.start() - 12), kind.start()):
            return None  # "các Đề án trọng tâm": a kind of document, not one document
    after = kind.end()
    if _SELF_OR_GENERIC.match(folded, after):
        return None
    quoted = re.match(r"\s*[“\"]([^”\"]{3,200})[”\"]", text[after:])
    if quoted:
        end = after + quoted.end()
        title = quoted.group(1)
    else:
        limit = min(len(text), after + 150)
        stop = _TITLE_END.search(folded, after, limit)
        end = stop.start() if stop else limit
        joined = re.search(r"\s+va\s+(?=" + _KIND_AHEAD.pattern[3:] + ")", folded[after:end])
        if joined:
            end = after + joined.start()  # "… giai đoạn 2026-2035 và Kế hoạch kiên cố hóa …": two names
        nested = _KIND.search(folded, after + 1, end)
        if nested and (_NUMBER_INTRO.match(text, nested.end()) or _CONGRESS.match(folded, nested.end())):
            end = nested.start()
        end = len(text[:end].rstrip(" \t\n,"))
        title = collapse(text[after:end])
    if len(title.split()) < 2:
        return None
    return _Found(kind.start(), end, KIND_CLASSES[word], title=collapse(text[kind.start() : end]))


def _link(text: str, folded: str, item: _Found, before: list[_Found], links: list[str]) -> str:
    """The kind of link from the wording before the reference (see the module's description)."""
    tail = folded[item.end : item.end + 60]
    if re.match(r"[^;.]*?het hieu luc", tail):
        return "supersedes"
    begin = clause_start(text, item.start)
    cues = list(_LINK.finditer(folded, begin, item.start))
    if not cues:
        return "cites"
    cue = cues[-1]
    if _CITING_WORDS.search(folded, cue.end(), item.start):
        return "cites"  # "triển khai thực hiện theo quy định của Nghị định …": done under it, not of it
    between = [
        (i, other) for i, other in enumerate(before) if cue.end() <= other.start and other.end <= item.start
    ]
    if between:
        index, previous = between[-1]
        if _COORDINATION.fullmatch(folded, previous.end, item.start):
            return links[index]  # "Nghị quyết … I và Nghị quyết … XIV": one wording for both
        return "cites"
    if _TITLE_WORD.search(folded, max(0, cue.start() - 10), cue.start()):
        return "cites"  # "… về thực hiện Nghị quyết số 57-NQ/TW": words of another title
    assert cue.lastgroup is not None
    return _LINK_CUES[int(cue.lastgroup[1:])][1]
