"""Names of agencies and groups of agencies, as printed in assignments, appendix tables and lists.

A mention starts at a capitalised head — "Ban", "Sở", "Bộ", "Ủy ban", "UBND", "HĐND", "Đảng ủy",
"Đảng đoàn", "Ban cán sự đảng", "Văn phòng", "Tỉnh ủy", "Thường trực", "Mặt trận Tổ quốc", "Hội",
"Hiệp hội", "Trường", "Báo" … ("ban hành", "cơ sở", "Bảo đảm", "Bản Phung" are not heads) — or at a
group: "các sở, ban, ngành", "các cơ quan, đơn vị liên quan", "các đảng ủy trực thuộc Tỉnh ủy",
"chính quyền các cấp".

A name goes on over capitalised words, a level ("tỉnh", "cấp xã", "xã, phường") with its place
name, another head inside it ("Đảng ủy UBND tỉnh"), and at most two lower-case words after a
capitalised one ("Sở Nội vụ", "Ban Quản lý Khu kinh tế"); it ends at a verb ("chủ trì", "phối hợp" …),
at a sign (";", "(", ":"), after "Tỉnh ủy" or a level unless a place name follows, and at a comma or
"và" before the next mention. A comma or "và" before a capitalised word that is no head stays inside
("Sở Văn hoá, Thể thao và Du lịch", "Ban Tuyên giáo và Dân vận Tỉnh ủy").

>>> [m.name for m in find_agencies("Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với các ban Đảng tỉnh "
...                                "và các cơ quan liên quan theo dõi")]
['Ban Tổ chức Tỉnh ủy', 'các ban Đảng tỉnh', 'các cơ quan liên quan']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length, prepare
from nqgraph.text import collapse, nfc


@dataclass(frozen=True)
class AgencyMention:
    """A body named in the text: ``text`` as printed, ``name`` normalised (NFC, one space)."""

    span: Span
    text: str
    name: str


# Heads in lower case with the tone marks placed the new way ("ủy", "hóa"), longest first.
_HEADS = (
    "ban cán sự đảng",
    "ban bí thư",
    "ủy ban nhân dân",
    "ủy ban mặt trận tổ quốc",
    "ủy ban mttq",
    "ủy ban kiểm tra",
    "cơ quan ủy ban kiểm tra",
    "hội đồng nhân dân",
    "mặt trận tổ quốc",
    "bảo hiểm xã hội",
    "bộ chỉ huy",
    "bộ chính trị",
    "ban",
    "ủy ban",
    "ubnd",
    "hđnd",
    "mttq",
    "đảng ủy",
    "đảng đoàn",
    "văn phòng",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "thường trực",
    "sở",
    "bộ",
    "chính phủ",
    "quốc hội",
    "hiệp hội",
    "hội đồng",
    "hội",
    "liên minh",
    "liên đoàn",
    "tỉnh đoàn",
    "trường",
    "trung tâm",
    "báo",
    "đài",
    "công an",
    "chi cục",
    "cục",
    "kho bạc",
    "thống kê",
    "ngân hàng",
    "thanh tra",
    "tòa án",
    "viện kiểm sát",
    "cơ quan",
)
_HEAD = re.compile(r"(?<![^\W\d_])(?<![-/])(?:" + "|".join(_HEADS) + r")(?![^\W\d_])")
# Heads that need a capitalised word after them: "Sở Y tế", "Ban Tổ chức"; not "Ban hành", "Sở".
_NEEDS_NAME = frozenset(
    [
        "ban",
        "sở",
        "bộ",
        "hội",
        "trường",
        "báo",
        "đài",
        "cục",
        "chi cục",
        "văn phòng",
        "trung tâm",
        "ủy ban",
        "ngân hàng",
        "hội đồng",
        "cơ quan",
    ]
)
# Heads that name a body by themselves.
_STANDALONE = frozenset(
    [
        "tỉnh ủy",
        "thành ủy",
        "huyện ủy",
        "chính phủ",
        "quốc hội",
        "mttq",
        "mặt trận tổ quốc",
        "bộ chính trị",
        "hđnd",
        "ubnd",
    ]
)
# Party heads name the body they lead: "Đảng ủy UBND tỉnh", "Đảng ủy các cơ quan Đảng tỉnh".
# Heads that end a name rather than start one: "Ban Tổ chức Tỉnh ủy", "các sở thuộc UBND tỉnh".
_SUFFIX_HEADS = frozenset(["tỉnh ủy", "thành ủy", "huyện ủy", "ubnd", "hđnd"])
_PARTY_HEADS = frozenset(
    ["đảng ủy", "đảng đoàn", "ban cán sự đảng", "thường trực", "cơ quan ủy ban kiểm tra"]
)
_ABBREVIATIONS = frozenset(["ubnd", "hđnd", "mttq"])

# Groups addressed together, lower case in the text (folded).
_GROUP = re.compile(
    r"(?<![a-z])(?:cac|toan the cac)\s+(?:so|ban can su dang|ban|co quan(?: tham muu| chuyen mon)?|don vi"
    r"|dia phuong|dang uy|dang doan"
    r"|cap uy|to chuc (?:chinh tri\s*-\s*xa hoi|dang|doan the)|huyen|co so (?:dao tao|giao duc)|chu dau tu"
    r"|bo|doan the|doanh nghiep|to chuc tin dung|co so y te)(?![a-z])"
    r"|(?<![a-z])chinh quyen(?:\s+dia phuong)?(?:\s+(?:cac cap|cung cap|cap (?:tinh|xa)))(?![a-z])"
)
# The lower-case words a group goes on with (folded); any other lower-case word ends it.
_GROUP_GOES_ON = re.compile(
    r"(?:co lien quan|lien quan|truc thuoc|chuyen mon|thong tan|bao chi|don vi|dia phuong"
    r"|co quan|ban can su dang|ban|nganh|doan the|so|khac|thi xa|thanh pho|tinh|huyen|xa|phuong|thi|uong"
    r"|thanh uy|dang uy|dang doan|dang|cung cap|cac cap|cap|cac|chinh tri\s*-\s*xa hoi|dao tao|giao duc"
    r"|nghe nghiep|y te|tren dia ban|trong (?:va ngoai )?(?:tinh|nuoc)|ngoai (?:tinh|nuoc)|nhan dan"
    r"|ha tang ky thuat|khu|cum cong nghiep|cong nghiep|du an|chu dau tu|nha dau tu|bo|hoi)(?![a-z])"
)
# "tổ chức" goes on a group only as a listed item ("các cấp ủy, tổ chức đảng"); elsewhere it is a verb.
_LISTED_AFTER_COMMA = re.compile(r"to chuc(?![a-z])")
# "xã hội" (society) and "hợp tác xã" (a cooperative) are no level: "Liên minh Hợp tác xã tỉnh".
_LEVEL = re.compile(
    r"(?<!hop tac )(?:cac\s+)?(?:cap\s+)?"
    r"(?:tinh|huyen|xa(?!\s+hoi(?![a-z]))|phuong|thanh pho|thi xa|thi tran)"
    r"(?:\s*[,/]\s*(?:xa|phuong|thi tran|thi xa|thanh pho))*(?![a-z])|cac cap(?![a-z])|cung cap(?![a-z])"
)
# Words after which the sentence says what the body does (lower case, marks as printed).
_PREDICATE_WORDS = (
    r"(?:chủ trì|phối hợp|lãnh đạo|chỉ đạo|xây dựng|chủ động|tăng cường|theo dõi|tham mưu|hướng dẫn"
    r"|thực hiện|có trách nhiệm|có|là|được|định kỳ|báo cáo|nghiên cứu|ban hành|triển khai|tổ chức|đôn đốc"
    r"|kiểm tra|giám sát|căn cứ|đề xuất|rà soát|cập nhật|lập|thẩm định|hỗ trợ|phát huy|đẩy mạnh|quán triệt"
    r"|tuyên truyền|phổ biến|gửi|về|với|trong|để|nhằm|theo|tại|đến|cho|đầu tư|cụ thể hóa|cụ thể hoá"
    r"|tiếp tục|khẩn trương|thường xuyên|phân công|giúp|chịu trách nhiệm|trực tiếp|tổng hợp|trình|xem xét"
    r"|quyết định|đang|cần|phải|sẽ|đã|nghiêm túc|không|mới|tiếp nhận|bố trí|ưu tiên|cùng|đều|từ|trên|sau"
    r"|trước|hằng năm|hàng năm|hằng tháng|năm|làm|đồng thời|nếu|viên|cuối|đầu|nâng cao|ký|đánh giá"
    r"|yêu cầu|trở thành|tiến hành|khen thưởng|ngày|số|thu hồi|danh mục|phê duyệt|nhiệm kỳ|khóa|khoá"
    r"|thúc đẩy|giải quyết|bảo đảm|đảm bảo|xử lý|vận động|tập trung|nơi|thuộc|định hướng|thu hút|mở rộng"
    r"|thành lập|hoàn thiện|hoàn thành|sắp xếp|kiện toàn|bồi dưỡng|cung cấp|vận hành|quản lý|quý|quí|mỗi"
    r"|hằng quý|thường niên|liên tục)(?![^\W\d_])"
)
_PREDICATE = re.compile(_PREDICATE_WORDS.replace(" ", r"\s+"))
_PERSON_TITLE = re.compile(
    r"(?:phó bí thư|bí thư|phó giám đốc|giám đốc|phó chủ tịch|chủ tịch|phó trưởng ban|trưởng ban|trưởng"
    r"|ủy viên|đồng chí|thủ trưởng|người đứng đầu|lãnh đạo)(?![^\W\d_])"
)
_DOCUMENT_WORD = re.compile(
    r"(?:nghi quyet|ket luan|chi thi|quy dinh|chuong trinh|ke hoach|de an|quyet dinh|thong bao|cong van)"
    r"(?![a-z])"
)
_SIGN_END = re.compile(r"[;:()“”\"|\t*]|\./|\.(?:\s|$)|\n[ \t]*\n|\n[ \t]*(?:[-+*•]|\d+[.)/]|\(\d)")
# Before a name: a bullet, an item number, a person's title, the words that address a body ("Giao",
# "Đề nghị:").
_LEADING = re.compile(
    r"^(?:[-+*•·]\s*|\d+[.)]\s*|(?:các\s+)?đồng chí\s+|đ/c\s+|(?:giao|đề nghị)(?:\s*:\s*|\s+))+",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s*")
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])(?![^\W\d_])")


def normalise_name(text: str) -> str:
    """A name as compared and shown: NFC, one space, no bullet, number, "đồng chí" or "Giao" before it.

    >>> normalise_name("- đồng chí  Ủy ban nhân dân\\n tỉnh,")
    'Ủy ban nhân dân tỉnh'
    >>> normalise_name("Đề nghị: Hiệp hội Doanh nghiệp tỉnh")
    'Hiệp hội Doanh nghiệp tỉnh'
    """
    name = collapse(nfc(text))
    name = _LEADING.sub("", name)
    return name.strip(" ,;.:-–/")


def _new_tone(match: re.Match[str]) -> str:
    """ "oá" → "óa", "uỷ" → "ủy": the mark moves to the first vowel, the length stays the same."""
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + decomposed[1:]) + decomposed[0]


def _lowered(text: str) -> str:
    lowered = _OLD_TONE.sub(_new_tone, text).lower()
    return lowered if len(lowered) == len(text) else text.lower()


@dataclass
class _Reading:
    text: str
    lowered: str
    folded: str


def find_agencies(text: str, *, offset: int = 0) -> list[AgencyMention]:
    """Every agency or group mentioned in ``text``, in order; spans are shifted by ``offset``.

    >>> [m.name for m in find_agencies("Đảng ủy UBND tỉnh, các sở, ban, ngành; UBND xã, phường")]
    ['Đảng ủy UBND tỉnh', 'các sở, ban, ngành', 'UBND xã, phường']
    """
    text = prepare(text)
    reading = _Reading(text, _lowered(text), fold_same_length(text))
    mentions: list[AgencyMention] = []
    position = 0
    for start in _starts(reading):
        if start < position:
            continue  # inside the mention before
        end = _extent(reading, start)
        name = normalise_name(text[start:end])
        if end > start and _is_name(reading, start, end):
            mentions.append(AgencyMention(Span(offset + start, offset + end), text[start:end], name))
        position = max(end, start + 1)
    return mentions


def _head_at(reading: _Reading, position: int) -> re.Match[str] | None:
    """A capitalised head starting at ``position`` (see the module's description)."""
    head = _HEAD.match(reading.lowered, position)
    if head is None:
        return None
    word = reading.text[head.start() : head.end()]
    if not word[:1].isupper():
        return None
    if word.isupper() and len(word) > 1 and head.group() not in _ABBREVIATIONS:
        return None  # a heading in capitals ("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH") is the header's business
    if head.group() in _NEEDS_NAME and not _capital_follows(reading.text, head.end()):
        return None
    if head.group() == "thống kê" and not re.match(r"\s+tinh(?![a-z])", reading.folded[head.end() :]):
        return None
    if head.group() in ("tỉnh ủy", "thành ủy", "huyện ủy") and re.match(
        r"\s*vien", reading.folded[head.end() :]
    ):
        return None  # "Tỉnh ủy viên" is a member, not the committee
    return head


def _capital_follows(text: str, position: int) -> bool:
    match = re.match(r"[ \t]*\n?[ \t]*(?:và\s+)?(\S)", text[position : position + 16])
    return match is not None and (match.group(1).isupper() or match.group(1) == "&")


def _starts(reading: _Reading) -> list[int]:
    """Every place where a mention may start, in order: capitalised heads and groups."""
    heads = (m.start() for m in _HEAD.finditer(reading.lowered) if _head_at(reading, m.start()) is not None)
    groups = (m.start() for m in _GROUP.finditer(reading.folded))
    return sorted(set(heads) | set(groups))


def _starts_mention(reading: _Reading, position: int) -> bool:
    """Whether a new mention begins at ``position`` (after spaces): a head, a group, "các …"."""
    space = _SPACE.match(reading.text, position)
    at = space.end() if space else position
    if _GROUP.match(reading.folded, at) or re.match(r"cac(?![a-z])", reading.folded[at : at + 4]):
        return True
    return _head_at(reading, at) is not None or _DOCUMENT_WORD.match(reading.folded, at) is not None


def _extent(reading: _Reading, start: int) -> int:
    """Where the mention starting at ``start`` ends."""
    text, folded = reading.text, reading.folded
    limit = min(len(text), start + 160)
    sign = _SIGN_END.search(text, start, limit)
    limit = sign.start() if sign else limit
    group = _GROUP.match(folded, start)
    head = None if group else _head_at(reading, start)
    position = end = group.end() if group else head.end() if head else start
    in_group = group is not None
    # What the name ended with: head, capital, lower, level, final ("Tỉnh ủy" is complete by itself).
    state = "final" if head is not None and head.group() in _STANDALONE else "head"
    lower_run = 0
    after_comma = False
    while True:
        position += len(text[position:limit]) - len(text[position:limit].lstrip(" \t\n"))
        if position >= limit:
            break
        if text[position] == ",":
            nxt = position + 1 + len(text[position + 1 : limit]) - len(text[position + 1 : limit].lstrip())
            if state == "level" and _LEVEL.match(folded, nxt):
                position = nxt  # "xã, phường"
                continue
            if _starts_mention(reading, position + 1):
                break
            short = _words(text, start, end) <= 4
            named = state in ("capital", "lower") and short and _capital_follows(text, position + 1)
            if in_group or named:
                position += 1
                after_comma = True
                continue
            break
        word = re.match(r"[^\s,;:()]+", text[position:limit])
        if word is None:
            break
        word_end = position + word.end()
        token = folded[position:word_end]
        if token == "va":
            if _starts_mention(reading, word_end):
                break
            if in_group or _capital_follows(text, word_end):
                position = word_end
                continue
            break
        if _PERSON_TITLE.match(reading.lowered, position) or _DOCUMENT_WORD.match(folded, position):
            break
        party = state == "head" and head is not None and head.group() in _PARTY_HEADS
        if _GROUP.match(folded, position) and not party:
            break  # "Sở Nội vụ Các sở, ban, ngành": cells of a table row run together
        nested = _head_at(reading, position)
        if nested is not None:
            # A body inside a name: "Ban Tổ chức Tỉnh ủy", "Đảng ủy UBND tỉnh"; after a complete name
            # ("UBND tỉnh Sở Nội vụ") or inside a group ("… Đảng tỉnh Ban Tổ chức …") it is the next one.
            suffix = nested.group() in _SUFFIX_HEADS
            if not suffix and (state in ("level", "final") or in_group):
                break
            position = end = nested.end()
            state = "final" if nested.group() in _STANDALONE else "head"
            lower_run = 0
            continue
        first = text[position]
        if first.isdigit():
            if state == "capital" and re.fullmatch(r"\d{1,2}", token):
                position = end = word_end  # "Đại học Sư phạm Hà Nội 2"
                continue
            break
        if first.isupper() or first == "&":
            if (_at_line_start(text, position) or state in ("level", "final")) and _PREDICATE.match(
                reading.lowered, position
            ):
                break  # "… Sở Khoa học và Công nghệ\nChủ trì …", "UBND xã, phường Thường xuyên"
            position = end = word_end
            state = "final" if token in ("uy", "uong") else "capital"
            lower_run = 0
            after_comma = False
            continue
        level = _LEVEL.match(folded, position)
        if not in_group and state == "head" and head is not None and head.group() in _PARTY_HEADS:
            in_group = True  # "Đảng ủy các cơ quan Đảng tỉnh", "Đảng ủy cấp xã": the body it leads
        if in_group:
            if token == "thuoc" and (
                _capital_follows(text, word_end) or re.match(r"\s+tinh\b", folded[word_end:])
            ):
                position = end = word_end  # "các sở, ban, ngành thuộc UBND tỉnh", "… trực thuộc tỉnh"
                continue
            goes_on = _GROUP_GOES_ON.match(folded, position) or (
                _LISTED_AFTER_COMMA.match(folded, position) if after_comma else None
            )
            if goes_on is None:
                break
            position = end = max(word_end, goes_on.end())
            after_comma = False
            continue
        if _PREDICATE.match(reading.lowered, position) and level is None:
            break
        if level is not None:
            if state in ("level",):
                break
            position = end = level.end()
            state = "level"
            continue
        if token in ("uy",):
            position = end = word_end
            state = "final"
            continue
        if state in ("final", "level") or lower_run >= 2:
            break
        position = end = word_end
        state = "lower"
        lower_run += 1
    return end


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _at_line_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip()


_NOT_ALONE = (
    _NEEDS_NAME
    | _PARTY_HEADS
    | {
        "liên minh",
        "liên đoàn",
        "hiệp hội",
        "công an",
        "kho bạc",
        "bộ chỉ huy",
        "thanh tra",  # "Thanh tra, kiểm tra …" is a duty; "Thanh tra tỉnh" a body
        "tòa án",
        "viện kiểm sát",
    }
)


def _is_name(reading: _Reading, start: int, end: int) -> bool:
    """Whether a mention names a body: a head alone ("Sở", "Đảng ủy") does not."""
    head = _HEAD.match(reading.lowered, start)
    if head is not None and head.end() >= end:
        return head.group() not in _NOT_ALONE
    group = _GROUP.match(reading.folded, start)
    return not (group is not None and group.end() >= end and group.group().split()[-1] in ("bo", "huyen"))
