"""Assignments under "Tổ chức thực hiện": which body leads each duty, who takes part, reports, checks.

An item is either a body followed by its duties ("1. Sở Công Thương" then paragraphs) or a duty
whose first words name the bodies ("Sở Nội vụ chủ trì …"); both become ``nq:Assignment``s, one
per lead body.
"""

from __future__ import annotations

import re

from nqgraph.ingest.extract.agencies import Mention
from nqgraph.ingest.extract.agency_iris import agency_iri
from nqgraph.ingest.extract.components import component, nth_letter, provenance
from nqgraph.ingest.extract.sections import add_section
from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState, path_slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import clause_end, fold_same_length
from nqgraph.ingest.readers.agencies import normalise_name
from nqgraph.ingest.readers.deadlines import read_deadline
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import iri, typed, vi
from nqgraph.text import fold

# Verbs that end the subject of a duty ("Sở Nội vụ chủ trì …"); "tổ chức" and "tham mưu" are also
# nouns ("các tổ chức chính trị - xã hội", "các cơ quan tham mưu"), hence the look-arounds.
_LEAD_VERB = re.compile(
    r"(?<!các)(?<!Các)(?<!cơ quan)\s(?:tổ chức(?! đảng| chính trị| cơ sở|,)|lãnh đạo|chỉ đạo|chủ trì|"
    r"chủ động|"
    r"phối hợp|xây dựng|hướng dẫn|tham mưu|thực hiện|triển khai|có trách nhiệm|là cơ quan|ban hành|"
    r"tăng cường|theo dõi|đôn đốc|nghiên cứu|định hướng|trực tiếp|quán triệt|phổ biến|tuyên truyền|"
    r"cụ thể hóa|cụ thể hoá|kiểm tra|giám sát|rà soát|bố trí|đẩy mạnh|phát huy|tập trung|khẩn trương|"
    r"thường xuyên|vận động|nâng cao|tích cực|căn cứ|cần|phải|sớm|chịu trách nhiệm)\b|:"
)
# "báo cáo (kết quả thực hiện) với/về/lên …": the bodies after it are reported to.
_REPORT = re.compile(r"báo cáo(?:\s+kết quả(?:\s+thực hiện)?)?(?:\s+(?:với|về|lên|cho))?\s+", re.IGNORECASE)
# "(1)- … (2)- …": several duties printed in one paragraph, each its own assignment.
_INLINE_ITEM = re.compile(r"\((\d{1,2})\)\s*[-–]")
# The bodies after these verbs take part in the duty ("phối hợp với", "chỉ đạo").
_PARTICIPATE = re.compile(
    r"(?:phối hợp(?:\s+chặt chẽ)?(?:\s+với)?|lãnh đạo(?:,\s*chỉ đạo)?|chỉ đạo|trình)\s+", re.IGNORECASE
)
# "tham mưu cho X": X is reported to when the advice is to report, or supervises when it is to check.
_ADVISE = re.compile(r"tham mưu(?:\s+giúp|\s+cho|\s+với)?\s+", re.IGNORECASE)
# The verbs of a body whose duty is to watch the others carry the text out ("theo dõi, giám sát việc
# thực hiện"): printed right after the subject, they make it the supervisor of that duty too.
_MONITOR = re.compile(
    r"\s+(?:theo dõi|kiểm tra|giám sát|đôn đốc)(?:,?\s*(?:theo dõi|kiểm tra|giám sát|đôn đốc))*"
    r"\s+(?:việc\s+)?(?:thực hiện|triển khai)",
    re.IGNORECASE,
)
# What may stand between the bodies of one list ("A, B và C", "giao các …").
_GLUE = re.compile(r"^[\s,;]*(?:và|với|cùng|các|giao|đề nghị:?)?[\s,]*$", re.IGNORECASE)


def _own_subject(state: DraftState, start: int, end: int) -> list[Mention]:
    """The bodies that open ``text[start:end]`` as the subject of a verb ("Văn phòng Tỉnh ủy theo dõi")."""
    opening = _chain(state, Span(start, min(end, start + 200)))
    if not opening or opening[0].span.start - start > 6:
        return []
    verb = _LEAD_VERB.search(state.text, opening[-1].span.end, min(end, opening[-1].span.end + 40))
    return opening if verb is not None and verb.start() == opening[-1].span.end else []


def _segments(state: DraftState, span: Span) -> list[tuple[Span, list[Mention]]]:
    """``span`` cut before each "; " or paragraph that starts with a body of its own."""
    text = state.text
    cuts: list[tuple[int, list[Mention]]] = []
    for m in re.finditer(r";\s+|\n\s*\n\s*", text[span.start : span.end]):
        at = span.start + m.end()
        subject = _own_subject(state, at, span.end)
        if subject:
            cuts.append((at, subject))
    out: list[tuple[Span, list[Mention]]] = []
    start = span.start
    leads: list[Mention] = []
    for at, subject in cuts:
        out.append((Span(start, at), leads))
        start, leads = at, subject
    out.append((Span(start, span.end), leads))
    return [(Span(a.start, a.end), ls) for a, ls in out if a.end > a.start]


def add_assignments(state: DraftState, node: Node) -> None:
    """The assignments of one numbered item under "Tổ chức thực hiện"."""
    text = state.text
    title = node.title
    if title is None:
        return
    kept = [p for p in node.paragraphs if not _closing_sentence(text, p)]
    if (
        (node.paragraphs or any(c.kind in ("letter", "paren") for c in node.children))
        and len(text[title.start : title.end]) < 160
        and not _LEAD_VERB.search(" " + normalise_name(text[title.start : title.end]))
    ):
        # "1. Sở Công Thương" followed by the duties, one assignment per paragraph (or clause
        # with a body of its own).
        heading_leads = list(state.agencies.in_list(text, title))
        duties: list[tuple[Node, Span, list[Mention]]] = []
        bullet_of = dict(zip(node.paragraphs, node.bullets, strict=True))
        merged = False  # the last duty is a run of bullets of the heading's body
        for para in kept:
            for segment, own in _segments(state, para):
                if own:
                    duties.append((node, segment, own))
                    merged = False
                elif bullet_of.get(para) and merged:
                    # The bullets under a body's heading are one duty of that body.
                    where, first, leads = duties[-1]
                    duties[-1] = (where, Span(first.start, segment.end), leads)
                else:
                    duties.append((node, segment, heading_leads))
                    merged = bool(bullet_of.get(para))
        for child in node.children:
            # Duties printed as lettered or parenthesised items ("a) Là cơ quan đầu mối …").
            if child.title is None or child.kind not in ("letter", "paren"):
                continue
            end = child.paragraphs[-1].end if child.paragraphs else child.title.end
            duties.append((child, Span(child.title.start, end), heading_leads))
        shared = [d for _w, d, leads in duties if leads is heading_leads]
        if len(heading_leads) > 1 and shared:
            # Several bodies addressed together: one assignment per body for all their duties.
            whole = Span(min(d.start for d in shared), max(d.end for d in shared))
            duties = [(node, whole, heading_leads)] + [x for x in duties if x[2] is not heading_leads]
        tasks: list[tuple[Node, Span, Mention | None, list[Mention]]] = [
            (where, duty, lead, leads)
            for where, duty, leads in duties
            for lead in (list[Mention | None](leads) or [None])
        ]
        count: dict[int, int] = {}
        for task in tasks:
            count[id(task[0])] = count.get(id(task[0]), 0) + 1
        seen: dict[int, int] = {}
        for where, duty, lead, leads in tasks:
            n = seen[id(where)] = seen.get(id(where), 0) + 1
            letter = nth_letter(n - 1) if count[id(where)] > 1 else None
            _assignment(state, where, duty, duty, [lead] if lead else [], letter, leads)
        return
    item = Span(title.start, kept[-1].end if kept else title.end)
    subject_end = _LEAD_VERB.search(text, title.start, min(title.end, title.start + 250))
    subject = Span(title.start, subject_end.start() if subject_end else title.start)
    # A known name may hold a verb ("Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy").
    opening = state.agencies.known(text, Span(title.start, min(title.end, title.start + 300)))
    if opening and opening[0].span.start - title.start <= 6 and opening[0].span.end > subject.end:
        after = _LEAD_VERB.search(text, opening[0].span.end, min(title.end, opening[0].span.end + 250))
        subject = Span(title.start, after.start() if after else opening[0].span.end)
    leads = _chain(state, subject) if subject.end > subject.start else []
    inline = list(_INLINE_ITEM.finditer(text, item.start, item.end))
    if len(inline) >= 2:
        for i, m in enumerate(inline):
            end = inline[i + 1].start() if i + 1 < len(inline) else item.end
            sub = Node(
                "paren", f"({m.group(1)})", f"{node.path} ({m.group(1)})", Span(m.start(), end), parent=node
            )
            sub.title = Span(m.end(), end)
            add_section(state, sub)
            _assignment(state, sub, Span(m.end(), end), item, leads, None)
        return
    segments = _segments(state, item)
    jobs: list[tuple[Span, Mention | None, list[Mention]]] = []
    for n, (segment, own) in enumerate(segments):
        group = own if n else leads
        for lead in group:
            jobs.append((segment, lead, group))
        if not group:
            jobs.append((segment, None, []))
    for i, (segment, lead, group) in enumerate(jobs):
        letter = nth_letter(i) if len(jobs) > 1 else None
        _assignment(
            state,
            node,
            segment,
            segment if len(segments) > 1 else item,
            [lead] if lead else [],
            letter,
            group,
        )


def _closing_sentence(text: str, span: Span) -> bool:
    """ "Nghị quyết này phổ biến đến chi bộ.", "Trên đây là Kế hoạch …": the text's last words."""
    return fold_same_length(text[span.start : span.start + 20]).startswith(
        ("nghi quyet nay", "ke hoach nay", "tren day")
    )


def _assignment(
    state: DraftState,
    node: Node,
    duty: Span,
    quoted: Span,
    leads: list[Mention],
    letter: str | None,
    all_leads: list[Mention] | None = None,
) -> None:
    text = state.text
    lead_iris = [agency_iri(state, m) for m in leads]
    suffix = f"-{letter}" if letter else ""
    res = component(
        state,
        f"{state.document}/task/assignment-{path_slug(node.path)}{suffix}",
        ["nq:Assignment"],
        node,
        duty,
        _label(text, duty, leads),
    )
    for lead in lead_iris[:1]:
        res.add("nq:leadAgency", iri(lead))
    subject = {agency_iri(state, m) for m in all_leads or leads}
    reports: list[str] = []
    supervisors: list[str] = []
    for m in _REPORT.finditer(text, duty.start, duty.end):
        for mention in _chain(state, Span(m.end(), min(duty.end, m.end() + 120))):
            reports.append(agency_iri(state, mention))
    names = state.agencies.known(text, duty)
    for m in _ADVISE.finditer(text, duty.start, duty.end):
        if any(n.span.start <= m.start() < n.span.end for n in names):
            continue
        stop = clause_end(text, m.end(), duty.end)
        clause = fold_same_length(text[m.end() : stop])
        for mention in _chain(state, Span(m.end(), stop)):
            agency = agency_iri(state, mention)
            if "bao cao" in clause or "so ket" in clause or "tong ket" in clause:
                reports.append(agency)
            elif re.match(r"\s*(to chuc\s+)?kiem tra", clause[mention.span.end - m.end() :]):
                supervisors.append(agency)
    subject_end = max((m.span.end for m in all_leads or leads), default=duty.end)
    if duty.start <= subject_end < duty.end and _MONITOR.match(text, subject_end):
        supervisors.extend(lead_iris)
    participants: list[str] = []
    for m in _PARTICIPATE.finditer(text, duty.start, duty.end):
        for mention in _chain(state, Span(m.end(), clause_end(text, m.end(), duty.end))):
            agency = agency_iri(state, mention)
            if agency not in subject and agency not in reports and agency not in participants:
                participants.append(agency)
    # The Party body of X that "lãnh đạo" (leads) has X carry the duty out: "Đảng đoàn HĐND tỉnh
    # lãnh đạo, chỉ đạo …" involves the People's Council even where it is not named again.
    folded_duty = fold_same_length(text[duty.start : duty.end])
    for opener in leads[:1]:
        body = re.match(r"(?:dang doan|ban can su dang|dang uy)\s+(.+)$", fold_same_length(opener.name))
        if body and "lanh dao" in folded_duty:
            name = opener.name[len(opener.name) - len(body.group(1)) :]
            led = state.resolver.agency(name, province=state.province)
            if led and led not in participants and led not in subject:
                participants.append(led)
    for p in participants:
        res.add("nq:participant", iri(p))
    for r in dict.fromkeys(reports):
        res.add("nq:reportsTo", iri(r))
    for r in dict.fromkeys(supervisors):
        res.add("nq:supervisor", iri(r))
    folded = fold_same_length(text[duty.start : duty.end])
    if "bao cao" in folded:
        if re.search(r"(dinh ky|dinh ki)\s+(hang|hang) nam|(hang|hang) nam\s+bao cao", folded):
            res.add("nq:reportingRecurrence", iri("nq:Annual"))
        elif "dinh ky" in folded or "hang thang" in folded:
            res.add("nq:reportingRecurrence", iri("nq:Periodic"))
    deadline = (
        read_deadline(text[duty.start : duty.end])
        if re.search(r"quy|truoc ngay|trong nam|hoan thanh", folded)
        else None
    )
    if deadline is not None and deadline.due is not None:
        res.add("nq:deadlineText", vi(deadline.text))
        res.add("nq:dueDate", typed(deadline.due.isoformat(), "date"))
    provenance(state, res, quoted)
    state.add(res)
    if not leads:
        state.warn(
            "unresolved-agency",
            "No body addressed by this item was recognised: name the lead.",
            duty,
            res.iri,
        )


def _label(text: str, duty: Span, leads: list[Mention]) -> str:
    """The duty's words, led by its lead's name unless they already open with it."""
    words = quote(text, duty)[:150]
    if not leads or fold(words).startswith(fold(leads[0].name)):
        return words
    return leads[0].name + " " + words


def _chain(state: DraftState, span: Span) -> list[Mention]:
    """The bodies listed right at the start of ``span`` ("phối hợp với A, B và C …")."""
    out: list[Mention] = []
    pos = span.start
    for mention in state.agencies.in_list(state.text, span):
        if not _GLUE.match(state.text[pos : mention.span.start]):
            break
        out.append(mention)
        pos = mention.span.end
    return out
