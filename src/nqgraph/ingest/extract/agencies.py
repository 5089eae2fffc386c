"""Bodies named in a passage: known agencies by their folded names, unknown ones by their head word.

Known names (labels and alternative labels of the province's and the central agencies, with
"UBND"/"Ủy ban nhân dân", "HĐND", "MTTQ" printed either way) are matched longest first on a
same-length folded copy of the text, so that a match is a span of the text. What is left of a
list of bodies ("Sở Nội vụ, các sở, ban, ngành; UBND xã, phường") and starts with the head word
of a body ("Sở", "Ban", "Ủy ban", "Đảng ủy", "Trường" …) is proposed as an unknown agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.resolve import Resolver, printed_key

_HEADS = (
    "so",
    "ban",
    "uy ban",
    "ubnd",
    "dang uy",
    "dang doan",
    "ban can su",
    "hoi dong",
    "hdnd",
    "truong",
    "van phong",
    "bao",
    "hiep hoi",
    "hoi",
    "lien minh",
    "lien doan",
    "cong an",
    "bo chi huy",
    "bo",
    "co quan",
    "trung tam",
    "chi cuc",
    "cuc",
    "kho bac",
    "ngan hang",
    "thanh tra",
    "toa an",
    "vien kiem sat",
    "tinh doan",
    "mat tran",
    "mttq",
    "cac so",
    "cac ban",
    "cac co quan",
    "cac dang uy",
    "cac cap uy",
    "cac to chuc",
    "cac don vi",
    "cac doanh nghiep",
    "cac co so",
)
_HEAD = re.compile(r"^(?:" + "|".join(re.escape(h) for h in sorted(_HEADS, key=len, reverse=True)) + r")\b")


_DUTY = re.compile(
    r"\s(?:tổ chức(?! đảng| chính trị| cơ sở)|triển khai|thực hiện|xây dựng|đề xuất|hướng dẫn|tham mưu|"
    r"chủ trì|phối hợp|chỉ đạo|lãnh đạo|theo dõi|kiểm tra|trong|để|nhằm|đối với|về việc|có trách nhiệm|"
    r"tiến hành|chủ động|căn cứ|rà soát|báo cáo)\b"
)


@dataclass(frozen=True)
class Mention:
    """A body named in the text: its span, its name as printed, and its IRI when known."""

    span: Span
    name: str
    iri: str | None


class AgencyFinder:
    """Finds the agencies of one province in passages of one text."""

    def __init__(self, resolver: Resolver, province: str) -> None:
        self.province = province
        variants = resolver.agency_names(province)
        self.names = variants
        # A one-word name ("Đảng") is too common a word to mark a body.
        alternatives = sorted((v for v in variants if " " in v), key=len, reverse=True)
        pattern = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in alternatives if v)
        self.pattern = re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])") if pattern else None

    def known(self, text: str, span: Span) -> list[Mention]:
        """Known agencies named in ``text[span]``, left to right, longest match first."""
        if self.pattern is None:
            return []
        folded = _normalise(fold_same_length(text[span.start : span.end]))
        out: list[Mention] = []
        for m in self.pattern.finditer(folded):
            key = " ".join(m.group(0).split())
            iri = self.names.get(key)
            start, end = span.start + m.start(), span.start + m.end()
            out.append(Mention(Span(start, end), " ".join(text[start:end].split()), iri))
        return out

    def in_list(self, text: str, span: Span) -> list[Mention]:
        """Bodies in a list ("A, B; các sở, ban, ngành"): known ones, then the rest by head word."""
        known = self.known(text, span)
        out = list(known)
        pos = span.start
        gaps: list[tuple[int, int]] = []
        for mention in known:
            gaps.append((pos, mention.span.start))
            pos = mention.span.end
        gaps.append((pos, span.end))
        for a, b in gaps:
            for piece in re.finditer(r"[^;,\n]+", text[a:b]):
                raw = piece.group(0)
                name = " ".join(raw.split()).strip(" .:-–()")
                name = re.sub(r"^(?:và|với|cùng|giao|đề nghị:?)\s+", "", name, flags=re.IGNORECASE)
                name = re.sub(r"\s+(?:và|với|cùng)$", "", name, flags=re.IGNORECASE)
                # A body's name ends where its duty begins ("các đơn vị liên quan triển khai …").
                cut = _DUTY.search(name)
                if cut:
                    name = name[: cut.start()].rstrip()
                if len(name) < 4:
                    continue
                key = fold_same_length(name)
                head = _HEAD.match(key)
                # A body's name is capitalised ("Sở …", "Ban …"); "các sở, ban, ngành" is a group.
                if head is None or len(name) > 90 or not (name[0].isupper() or key.startswith("cac ")):
                    continue
                second = name.split()[1:2]
                if head.group(0) in ("ban", "bo", "hoi", "so") and second and not second[0][:1].isupper():
                    continue
                offset = a + piece.start() + raw.index(name.split()[0])
                out.append(Mention(Span(offset, offset + len(name)), name, None))
        out.sort(key=lambda m: m.span.start)
        return out


def _normalise(folded: str) -> str:
    # "Sở KH&CN" is indexed with its long form; tabs and line ends are spaces.
    # Quotes, brackets and dots are dropped from the indexed names (``printed_key``); blanking them
    # keeps the offsets.
    return re.sub(r"[\t\n\r\"“”'().]", " ", folded)


def is_group(name: str) -> bool:
    """Whether a name addresses several bodies together ("các sở, ban, ngành")."""
    return printed_key(name).startswith("cac ")
