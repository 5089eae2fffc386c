"""The review page of a draft: what a person must decide, the source text with every drafted fact
marked at its span, and the facts in a table, each mark and row linked to the other.

The page opens with the warnings, grouped by kind, each naming what a person must decide and
linking to its passage; then the SHACL Violations of the draft merged with the project's data
(what a person must still supply); then the source text, verbatim, with every fact that carries
``nq:spanStart``/``nq:spanEnd`` marked, OCR'd passages marked, and the passages of the warnings
anchored; then the table of facts. Nothing on the page says a fact is right: every row is "not
reviewed", and no confidence figure appears, because nothing measured one.

Spans may overlap. The text is cut at every span boundary; marks are nested where one span holds
another, and a span that crosses another's end is split into pieces, so the marks' text is always
the span's text. The page is rendered by the site's Jinja environment (autoescape on) with the
ingest templates first, and links to the site's stylesheet and script in ``static/`` beside it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from nqgraph.graph.validation import Finding
from nqgraph.ingest.model import Draft, DraftWarning, Span
from nqgraph.namespaces import ID, NQ
from nqgraph.publish.site.environment import make_env
from nqgraph.runtime.atomic import write_file
from nqgraph.text import nfc

# What a person must decide, per kind of warning (Vietnamese, English).
DECISIONS: dict[str, tuple[str, str, str, str]] = {
    "unresolved-agency": (
        "Cơ quan chưa xác định",
        "Unresolved agency",
        "Chọn cơ quan đã có trong dữ liệu, hoặc xác nhận cơ quan mới với tên và cơ quan cấp trên.",
        "Choose the existing agency meant, or confirm a new agency with its name and parent body.",
    ),
    "unresolved-document": (
        "Văn bản chưa xác định",
        "Unresolved document",
        "Chọn văn bản đã có, hoặc xác nhận văn bản mới với số, ngày và cơ quan ban hành như in.",
        "Choose the existing document cited, or confirm the new one with number, date and issuer as printed.",
    ),
    "new-indicator": (
        "Chỉ số mới",
        "New indicator",
        "Chọn chỉ số đã có phù hợp, hoặc xác nhận chỉ số mới với nhãn tiếng Anh và đơn vị.",
        "Choose an existing indicator that fits, or confirm the new one with an English label and unit.",
    ),
    "unreadable-number": (
        "Số không đọc được",
        "Unreadable number",
        "Đọc số trong đoạn văn và nhập giá trị của nó.",
        "Read the number in the passage and enter its value.",
    ),
    "number-not-extracted": (
        "Câu có số chưa được trích xuất",
        "Number not extracted",
        "Quyết định câu này có nêu mục tiêu hay số liệu không; nếu có, thêm vào.",
        "Decide whether the sentence states a target or a reported value, and add it if it does.",
    ),
    "numbering-gap": (
        "Đánh số không liên tục",
        "Numbering does not follow",
        "So với văn bản in: mục thiếu hoặc trùng có thể che một nội dung.",
        "Check the numbering against the printed text: a missing or repeated item may hide a fact.",
    ),
    "ocr-passage": (
        "Đoạn văn nhận dạng quang học (OCR)",
        "OCR'd passage",
        "So đoạn văn với bản quét: OCR có thể đọc sai chữ hoặc số.",
        "Compare the passage with the scan: OCR may have misread letters or numbers.",
    ),
    "missing-english-label": (
        "Thiếu nhãn tiếng Anh",
        "Missing English label",
        "Viết nhãn tiếng Anh.",
        "Write the English label.",
    ),
    "encoding-converted": (
        "Đã chuyển mã",
        "Encoding converted",
        "Kiểm tra văn bản đã chuyển mã đọc đúng.",
        "Check that the converted text reads correctly.",
    ),
    "other": ("Khác", "Other", "Quyết định như thông báo nêu.", "Decide as the message says."),
}

# Properties shown in columns of their own, or not at all (they say where, not what).
_AGENCY_ROLES = (
    ("leadAgency", "chủ trì", "lead"),
    ("participant", "phối hợp", "participant"),
    ("supervisor", "theo dõi", "supervisor"),
    ("reportsTo", "báo cáo", "reports to"),
    ("issuedBy", "ban hành", "issuer"),
)
_HIDDEN = {
    str(RDF.type),
    str(RDFS.label),
    NQ + "spanStart",
    NQ + "spanEnd",
    NQ + "sourceText",
    NQ + "sectionPath",
    NQ + "document",
    NQ + "section",
    NQ + "statedIn",
    NQ + "partOf",
    NQ + "expression",
    *(NQ + role for role, _, _ in _AGENCY_ROLES),
}
# Resources that are the frame of the draft, not facts drawn from a passage.
_FRAME = {"Expression", "Attestation"}


# ---------------------------------------------------------------- the page's values


@dataclass(frozen=True)
class Piece:
    """One step of the marked source text: text, or the opening or closing of a mark.

    ``kind`` is ``text``, ``open`` or ``close``; an opening says what it opens (``what``: ``fact``,
    ``ocr`` or ``passage``), its ``anchor`` (the id, on the first piece of a mark only) and its
    ``href``; a text piece inside a fact links to the innermost fact's row (``href``).
    """

    kind: str
    text: str = ""
    what: str = ""
    anchor: str = ""
    href: str = ""
    title: str = ""
    depth: int = 0


@dataclass(frozen=True)
class Cell:
    vi: str
    en: str
    value: str


@dataclass
class FactRow:
    """A row of the facts table."""

    number: int
    iri: str
    types: list[str]
    label: str
    label_en: str
    values: list[Cell]
    agencies: list[Cell]
    paths: list[str]
    span: Span | None
    text: str = ""  # the span's text

    @property
    def anchor(self) -> str:
        return f"fact-{self.number}"

    @property
    def mark(self) -> str:
        return f"mark-{self.number}"


@dataclass
class WarningRow:
    number: int
    warning: DraftWarning
    fact: FactRow | None
    passage: str  # the text of its span

    @property
    def anchor(self) -> str:
        return f"warning-{self.number}"

    @property
    def passage_anchor(self) -> str:
        return f"passage-{self.number}"


@dataclass
class WarningGroup:
    kind: str
    title_vi: str
    title_en: str
    decide_vi: str
    decide_en: str
    rows: list[WarningRow] = field(default_factory=list)


@dataclass(frozen=True)
class ViolationRow:
    focus: str
    path: str
    message: str
    fact: FactRow | None


# ---------------------------------------------------------------- facts


def _local(node: Node) -> str:
    text = str(node)
    for base in (NQ, ID):
        if text.startswith(base):
            return text[len(base) :]
    return text.rsplit("#", 1)[-1] if "#" in text else text


def _label(graph: Graph, node: Node, lang: str) -> str:
    for prop in (RDFS.label, SKOS.prefLabel):
        for o in sorted(graph.objects(node, prop), key=str):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
    return ""


def _shown(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    label = _label(graph, node, "vi")
    return f"{label} ({_local(node)})" if label else _local(node)


def _span(graph: Graph, node: Node, length: int) -> Span | None:
    start, end = graph.value(node, URIRef(NQ + "spanStart")), graph.value(node, URIRef(NQ + "spanEnd"))
    if start is None or end is None:
        return None
    try:
        s, e = int(str(start)), int(str(end))
    except ValueError:
        return None
    if not 0 <= s <= e <= length:
        return None
    return Span(s, e)


def facts_of(draft: Draft) -> list[FactRow]:
    """Every drafted resource (the document, its components, proposed agencies, indicators and
    document stubs) but the draft's frame (expressions, attestations): in the order of the text,
    those without a span last, numbered from 1."""
    g = draft.graph
    text = draft.source.text
    found: list[tuple[tuple[int, int, int, str], Node, Span | None]] = []
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)}
    for subject in subjects:
        types = {_local(t) for t in g.objects(subject, RDF.type)}
        place = _span(g, subject, len(text))
        if types & _FRAME and place is None:
            continue
        key = (0, place.start, -place.end, str(subject)) if place else (1, 0, 0, str(subject))
        found.append((key, subject, place))
    rows = []
    for number, (_, node, span) in enumerate(sorted(found, key=lambda f: f[0]), 1):
        values = []
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if str(p) in _HIDDEN:
                continue
            name = _local(p)
            values.append(Cell(name, name, _shown(g, o)))
        agencies = [
            Cell(vi, en, _shown(g, o))
            for role, vi, en in _AGENCY_ROLES
            for o in sorted(g.objects(node, URIRef(NQ + role)), key=str)
        ]
        rows.append(
            FactRow(
                number=number,
                iri=str(node),
                types=sorted(_local(t) for t in g.objects(node, RDF.type)),
                label=_label(g, node, "vi"),
                label_en=_label(g, node, "en"),
                values=values,
                agencies=agencies,
                paths=sorted(str(p) for p in g.objects(node, URIRef(NQ + "sectionPath"))),
                span=span,
                text=text[span.start : span.end] if span else "",
            )
        )
    return rows


# ---------------------------------------------------------------- marking the text


@dataclass(frozen=True)
class _Range:
    start: int
    end: int
    what: str  # fact, ocr, passage
    anchor: str
    href: str
    title: str
    order: int


def mark_text(text: str, ranges: Sequence[_Range]) -> list[Piece]:
    """Cut ``text`` at every range boundary into properly nested openings, texts and closings.

    Where one range holds another, the inner one opens inside the outer. A range still open when a
    range opened before it ends is closed there and reopened after, so it comes out in pieces;
    only its first piece carries its anchor. Empty ranges become empty anchors at their place.
    """
    points = sorted({0, len(text), *(r.start for r in ranges), *(r.end for r in ranges)})
    empty = sorted((r for r in ranges if r.start == r.end), key=lambda r: (r.start, r.order))
    spans = [r for r in ranges if r.start < r.end]
    pieces: list[Piece] = []
    stack: list[_Range] = []
    opened: set[_Range] = set()

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            pieces.append(Piece("close", what=stack.pop().what))

    def anchors_at(point: int) -> None:
        for r in empty:
            if r.start == point:
                pieces.append(Piece("open", what=r.what, anchor=r.anchor, title=r.title))
                pieces.append(Piece("close", what=r.what))

    for a, b in itertools.pairwise(points):
        anchors_at(a)
        active = [r for r in spans if r.start <= a and b <= r.end]
        keep = 0
        while keep < len(stack) and stack[keep] in active:
            keep += 1
        close_to(keep)
        # Outer (longer) ranges open first, so that a range held by another nests inside it.
        for r in sorted((r for r in active if r not in stack), key=lambda r: (r.start, -r.end, r.order)):
            first = r not in opened
            opened.add(r)
            stack.append(r)
            depth = sum(1 for s in stack if s.what == "fact")
            anchor = r.anchor if first else ""
            pieces.append(Piece("open", what=r.what, anchor=anchor, href=r.href, title=r.title, depth=depth))
        facts = [s for s in stack if s.what == "fact"]
        href, title = (facts[-1].href, facts[-1].title) if facts else ("", "")
        pieces.append(Piece("text", text=text[a:b], href=href, title=title))
    close_to(0)
    anchors_at(len(text))
    return pieces


# ---------------------------------------------------------------- the page


def _groups(draft: Draft, rows: Sequence[FactRow]) -> list[WarningGroup]:
    by_iri = {r.iri: r for r in rows}
    groups: dict[str, WarningGroup] = {}
    for number, w in enumerate(draft.warnings, 1):
        kind = w.kind if w.kind in DECISIONS else "other"
        if kind not in groups:
            groups[kind] = WarningGroup(kind, *DECISIONS[kind])
        passage = draft.source.text[w.span.start : w.span.end] if w.span else ""
        groups[kind].rows.append(WarningRow(number, w, by_iri.get(w.subject or ""), passage))
    order = list(DECISIONS)
    return sorted(groups.values(), key=lambda g: order.index(g.kind))


def _ranges(draft: Draft, rows: Sequence[FactRow], warnings: Iterable[WarningGroup]) -> list[_Range]:
    length = len(draft.source.text)
    ranges = []
    order = 0
    for span in draft.source.ocr_spans:
        if span.end <= length:
            ranges.append(_Range(span.start, span.end, "ocr", "", "", "OCR", order))
            order += 1
    for group in warnings:
        for w in group.rows:
            place = w.warning.span
            if place is not None and place.end <= length:
                anchor, title = w.passage_anchor, group.title_en
                ranges.append(_Range(place.start, place.end, "passage", anchor, "", title, order))
                order += 1
    for row in rows:
        if row.span is not None:
            title = " · ".join(filter(None, [", ".join(row.types), row.label]))
            anchor, href = row.mark, "#" + row.anchor
            ranges.append(_Range(row.span.start, row.span.end, "fact", anchor, href, title, order))
            order += 1
    return ranges


def _violations(findings: Iterable[Finding], rows: Sequence[FactRow]) -> list[ViolationRow]:
    by_iri = {r.iri: r for r in rows}
    return [
        ViolationRow(f.focus, _local(URIRef(f.path)) if f.path else "", f.message, by_iri.get(f.focus))
        for f in findings
        if f.severity == "Violation"
    ]


def review_env() -> jinja2.Environment:
    """The site's environment with the ingest templates looked up first."""
    env = make_env()
    env.loader = jinja2.ChoiceLoader(
        [jinja2.PackageLoader("nqgraph.ingest", "templates"), env.loader]  # type: ignore[list-item]
    )
    return env


def render_review(
    draft: Draft, *, violations: Sequence[Finding] | None = None, data: Path | None = None
) -> str:
    """The review page of ``draft`` as HTML.

    ``violations`` are the SHACL findings to list; by default the draft is validated merged with
    the project's data (or the data folder ``data``), which takes a few seconds.
    """
    if violations is None:
        violations = draft_violations(draft, data=data)
    rows = facts_of(draft)
    groups = _groups(draft, rows)
    pieces = mark_text(draft.source.text, _ranges(draft, rows, groups))
    doc = URIRef(draft.document)
    context: dict[str, Any] = {
        "root": "",
        "today": "—",
        "crumbs": [],
        "backlinks": [],
        "jsonld": None,
        "draft": draft,
        "document_label": _label(draft.graph, doc, "vi") or draft.document,
        "document_label_en": _label(draft.graph, doc, "en") or draft.document,
        "source_name": draft.source.path.name,
        "groups": groups,
        "warning_count": len(draft.warnings),
        "violations": _violations(violations, rows),
        "pieces": pieces,
        "rows": rows,
        "marked": sum(1 for r in rows if r.span is not None),
        "ocr": bool(draft.source.ocr_spans) or draft.source.format == "ocr",
    }
    return review_env().get_template("review.html").render(**context)


def write_review(
    draft: Draft, path: Path, *, violations: Sequence[Finding] | None = None, data: Path | None = None
) -> None:
    """Write the review page to ``path`` atomically, with the site's ``static/`` files beside it."""
    html = render_review(draft, violations=violations, data=data)
    static = resources.files("nqgraph.publish").joinpath("static")
    for name in ("site.css", "site.js"):
        content = static.joinpath(name).read_bytes()
        target = path.parent / "static" / name
        if not target.is_file() or target.read_bytes() != content:
            write_file(target, content)
    write_file(path, nfc(html).encode("utf-8"))


# ---------------------------------------------------------------- validation


def draft_violations(draft: Draft, *, data: Path | None = None) -> list[Finding]:
    """The SHACL Violations of the draft merged with the project's data, about the draft's resources.

    Curated statements about a resource the draft describes (the drafted document itself, when a
    curated text is drafted again) are left out, so that the draft is judged as it stands.
    """
    import pyoxigraph as ox

    from nqgraph.graph.loader import load
    from nqgraph.graph.reasoner import reason
    from nqgraph.graph.store import to_ox
    from nqgraph.graph.validation import load_shapes, validate_store
    from nqgraph.namespaces import GRAPH_ASSERTED
    from nqgraph.paths import Inputs

    inputs = Inputs.default(data=data)
    loaded = load(data_dir=inputs.data, ontology_path=inputs.ontology)
    store = loaded.store
    asserted = ox.NamedNode(GRAPH_ASSERTED)
    mine = {s for s in draft.graph.subjects() if isinstance(s, URIRef)}
    native = store.native
    for s in sorted(mine, key=str):
        for quad in list(native.quads_for_pattern(to_ox(s), None, None, asserted)):
            native.remove(quad)
    store.add((s, p, o, URIRef(GRAPH_ASSERTED)) for s, p, o in draft.graph)
    reason(store)
    result = validate_store(store, load_shapes(inputs.shapes))
    names = {str(s) for s in mine}
    return [f for f in result.findings if f.severity == "Violation" and f.focus in names]
