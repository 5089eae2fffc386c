"""From a source text to a draft: the header, outline and components as Turtle, with warnings.

``draft_source`` runs the stages in order: the outline (``structure``), the header (``header``),
then one pass over the outline that turns each heading and numbered item into a section and its
content into components by the part it stands in: viewpoints under "Quan điểm", general
objectives and targets under "Mục tiêu"/"Chỉ tiêu", key tasks and solutions under "Nhiệm vụ" and
"Giải pháp", assignments under "Tổ chức thực hiện", appendix tasks in the appendix table;
citations and reported values wherever they stand. Every component keeps its sentence
(``nq:sourceText``) and span (``nq:spanStart``/``nq:spanEnd``); whatever a person must decide
becomes a :class:`DraftWarning`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set
from dataclasses import dataclass, field

from nqgraph.errors import DataError
from nqgraph.ingest.extract.agencies import Bodies, Mention, is_group
from nqgraph.ingest.extract.sentences import clauses, quote, sentences
from nqgraph.ingest.header import Header, read_header
from nqgraph.ingest.model import Draft, DraftWarning, SourceText, Span
from nqgraph.ingest.readers._text import clause_end, fold_same_length
from nqgraph.ingest.readers.agencies import normalise_name
from nqgraph.ingest.readers.comparators import Relative, read_comparator, read_relative
from nqgraph.ingest.readers.deadlines import read_deadline
from nqgraph.ingest.readers.numbers import Quantity, find_quantities
from nqgraph.ingest.readers.references import GENERIC_BEFORE, DocumentReference, find_references
from nqgraph.ingest.resolve import Resolver, is_central, stub_issuer
from nqgraph.ingest.structure import Node, Outline, parse
from nqgraph.ingest.turtle import Resource, decimal, integer, iri, plain, to_graph, typed, vi, write_turtle
from nqgraph.namespaces import ID
from nqgraph.text import fold

_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("quan diem", "viewpoint"),
    ("muc tieu tong quat", "general"),
    ("muc tieu chung", "general"),
    ("muc tieu", "objective"),
    ("chi tieu", "objective"),
    ("dinh huong", "objective"),
    ("to chuc thuc hien", "assignment"),
    ("nhiem vu", "task"),
    ("giai phap", "solution"),
    ("tinh hinh", "situation"),
    ("ket qua", "situation"),
    ("khai quat", "situation"),
    ("han che", "situation"),
    ("che do bao cao", "assignment"),
)
_ANNUAL = re.compile(r"\b(moi nam|hang nam|hang nam|binh quan moi nam|binh quan hang nam)\b")
_YEAR = re.compile(r"(?<![\d/.-])(?:nam|den|vao|tu nam|nam hoc)\s+((?:19|20)\d\d)(?![\d/])")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
_CUE = re.compile(
    r"\b(phan dau|phan dau|dat|bao dam|dam bao|toi thieu|it nhat|giam|tang|con duoi|tren|duoi)\b"
)
_NOW = re.compile(r"\bhien na[yỳ]\b|\bhien nay\b")
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
_REPORT = re.compile(r"báo cáo(?:\s+kết quả(?:\s+thực hiện)?)?(?:\s+(?:với|về|lên|cho))?\s+", re.IGNORECASE)
_INLINE_ITEM = re.compile(r"\((\d{1,2})\)\s*[-–]")
_MONEY = re.compile(r"\b(dong|usd|ty|trieu dong)\b")
_ONTOLOGY_UNITS = {
    "Percent",
    "PercentPerYear",
    "Persons",
    "PersonsPerYear",
    "PersonsPer10000",
    "Years",
    "Centimetre",
    "Schools",
    "Count",
    "TimesPerYear",
    "Level",
    "BillionDong",
    "MillionDong",
    "BillionUSD",
    "MillionUSD",
    "Hectare",
}
_KIND_LABEL = {
    "Resolution": "Nghị quyết",
    "CongressResolution": "Nghị quyết Đại hội",
    "Conclusion": "Kết luận",
    "Directive": "Chỉ thị",
    "Regulation": "Quy định",
    "Plan": "Kế hoạch",
    "Project": "Đề án",
    "Programme": "Chương trình",
    "Decision": "Quyết định",
    "Notice": "Thông báo",
    "OfficialLetter": "Công văn",
    "Document": "Văn bản",
}


@functools.lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """Lower-case ASCII slug: diacritics stripped (đ → d), anything else → "-"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def path_slug(path: str) -> str:
    if path == "Mở đầu":
        return "preamble"
    return slug(path.replace("Phụ lục, STT", "phu luc"))


@functools.lru_cache(maxsize=1024)
def _categories(text: str) -> frozenset[str]:
    folded = fold(text)
    found: set[str] = set()
    rest = folded
    for word, category in _CATEGORIES:
        if word in rest:
            found.add(category)
            rest = rest.replace(word, " ")
    return frozenset(found)


@dataclass
class _State:
    source: SourceText
    header: Header
    outline: Outline
    resolver: Resolver
    province: str
    document: str
    expression: str
    agencies: Bodies
    resources: list[Resource] = field(default_factory=list)
    extra: list[Resource] = field(default_factory=list)
    warnings: list[DraftWarning] = field(default_factory=list)
    described: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    new_agencies: dict[str, str] = field(default_factory=dict)
    doc_resource: Resource | None = None
    source_file: str | None = None

    @property
    def text(self) -> str:
        return self.source.text

    def next(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def add(self, resource: Resource) -> Resource:
        if resource.iri in self.described:
            n = 2
            while f"{resource.iri}-{n}" in self.described:
                n += 1
            resource.iri = f"{resource.iri}-{n}"
        self.described.add(resource.iri)
        self.resources.append(resource)
        return resource

    def warn(self, kind: str, message: str, span: Span | None = None, subject: str | None = None) -> None:
        self.warnings.append(DraftWarning(kind, message, span, subject))  # type: ignore[arg-type]


def draft_source(
    source: SourceText, *, resolver: Resolver, province: str | None = None, source_file: str | None = None
) -> Draft:
    """Draft ``source``: its header, outline and components as Turtle, and the warnings.

    ``source_file`` is what the expression's ``nq:sourceFile`` says (by default the source's path
    from its ``data/`` folder, or its name).
    """
    text = source.text
    if not text.strip():
        raise DataError(f"{source.path}: the file is empty")
    outline = parse(text)
    header = read_header(source, outline)
    slug_province = province or (slug(header.province_name) if header.province_name else None)
    if slug_province is None:
        raise DataError(f"{source.path}: no province is printed in the header; give one with --province")
    year = str(header.date.year) if header.date else "unknown"
    if header.number:
        local = slug(header.number)
    else:
        local = slug(f"{header.kind_word} {header.title or ''}")[:60].strip("-")
    document = f"{ID}eli/{slug_province}/{header.issuer_slug}/{year}/{local}"
    expression = f"{document}/text"
    state = _State(
        source,
        header,
        outline,
        resolver,
        slug_province,
        document,
        expression,
        Bodies(resolver, slug_province),
    )
    state.source_file = source_file
    if resolver.exists(document):
        state.warn(
            "other",
            f"The graph already describes {document.removeprefix(ID)}: compare the draft with it and"
            " replace the curated file rather than adding a second one (the loader refuses duplicates).",
            subject=document,
        )
    _document(state)
    _walk(state, outline.root, set())
    _gaps(state)
    _ocr(state)
    resources = state.resources + state.extra
    for res in resources:
        labels = [v for p, v in res.props if p == "rdfs:label"]
        if labels and not any(getattr(v, "language", None) == "en" for v in labels):
            state.warn(
                "missing-english-label",
                f"Give an English label to {res.iri.removeprefix(ID)}.",
                subject=res.iri,
            )
    turtle = write_turtle(resources)
    return Draft(source, document, to_graph(resources), turtle, state.warnings)


# --- document, expression, signer, province ------------------------------------------------


def _document(state: _State) -> None:
    h = state.header
    doc = Resource(state.document, [f"nq:{h.kind}"])
    number = f" số {h.number}" if h.number else ""
    title = f" {h.title}" if h.title else ""
    doc.add("rdfs:label", vi(f"{h.kind_word}{number}{title}"))
    if not h.number_span or h.notes:
        # Without a number in the heading, the heading as printed names the document.
        printed = " ".join(x for x in (h.kind_word, h.issuer_line, h.title) if x)
        doc.add("dcterms:title", vi(printed))
    doc.add("nq:documentNumber", plain(h.number) if h.number else None)
    doc.add("nq:issuedOn", typed(h.date.isoformat(), "date") if h.date else None)
    doc.add("nq:issuedAt", plain(h.place) if h.place else None)
    issuer = _issuer_agency(state)
    doc.add("nq:issuedBy", iri(issuer) if issuer else None)
    province_iri = f"{ID}province/{state.province}"
    if not state.resolver.exists(province_iri):
        prov = Resource(province_iri, ["nq:Province"])
        name = h.province_name or state.province
        prov.add("rdfs:label", vi(f"Tỉnh {name}"))
        prov.add("skos:altLabel", vi(name))
        state.extra.append(prov)
        state.warn("other", f"The province {name} is not in the graph; check the proposed resource.")
    doc.add("nq:province", iri(province_iri))
    for prop, years in (
        ("nq:period", h.period),
        ("nq:orientationPeriod", h.orientation),
        ("nq:committeeTerm", h.term),
    ):
        if years:
            doc.add(prop, iri(_period(state, years)))
    notes = []
    if h.number_note:
        notes.append(h.number_note)
    notes.extend(h.notes)
    if not h.number:
        notes.append("No number is printed.")
    if not h.date:
        notes.append("No date is printed.")
    if notes:
        doc.add("nq:metadataNote", plain(" ".join(notes)))
    state.doc_resource = doc
    state.add(doc)
    expr = Resource(state.expression, ["nq:Expression"])
    expr.add("rdfs:label", vi(f"Văn bản {h.kind_word}{number} (bản chép {state.source.path.name})"))
    expr.add("nq:expressionOf", iri(state.document))
    expr.add("nq:document", iri(state.document))
    expr.add("nq:sourceFile", plain(_source_file(state)))
    state.add(expr)
    if h.signer:
        person = f"{ID}person/{slug(h.signer)}"
        doc.add("nq:signer", iri(person))
        if h.signer_role:
            doc.add("nq:signerRole", vi(h.signer_role))
        if not state.resolver.exists(person):
            res = Resource(person, ["nq:Person"])
            res.add("rdfs:label", vi(h.signer))
            state.add(res)


def _source_file(state: _State) -> str:
    if state.source_file:
        return state.source_file
    path = state.source.path
    parts = path.as_posix().split("/")
    if "data" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
    return path.name


def _issuer_agency(state: _State) -> str | None:
    h = state.header
    names = {
        "tu": ("Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh"),
        "btvtu": ("Ban Thường vụ Tỉnh ủy",),
        "ubnd": ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        "hdnd": ("Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
    }.get(h.issuer_slug, ())
    for name in names:
        found = state.resolver.agency(name, province=state.province)
        if found:
            return found
    if names:
        return _new_agency(state, names[0], None)
    return None


def _period(state: _State, years: tuple[int, int]) -> str:
    a, b = years
    period = f"{ID}period/{a}-{b}"
    if not state.resolver.exists(period) and period not in state.described:
        res = Resource(period, ["time:ProperInterval"])
        res.add("rdfs:label", vi(f"Giai đoạn {a} - {b}"))
        res.add("time:hasBeginning", iri(_year(state, a)))
        res.add("time:hasEnd", iri(_year(state, b)))
        state.described.add(period)
        state.extra.append(res)
    return period


def _year(state: _State, y: int) -> str:
    year = f"{ID}year/{y}"
    if not state.resolver.exists(year) and year not in state.described:
        res = Resource(year, ["time:Instant"])
        res.add("rdfs:label", vi(f"Năm {y}"))
        res.add("time:inXSDgYear", typed(str(y), "gYear"))
        state.described.add(year)
        state.extra.append(res)
    return year


# --- outline walk ----------------------------------------------------------------------------


def _section(state: _State, node: Node) -> str:
    return f"{state.expression}/s/{path_slug(node.path)}"


def _heading_text(state: _State, node: Node) -> str:
    return quote(state.text, Span(node.span.start, node.span.end))


def _walk(state: _State, node: Node, inherited: Set[str]) -> None:
    if node.kind == "closing":
        return
    categories: Set[str]
    if node.kind == "root":
        categories = {"situation"}
        if node.paragraphs:
            _add_section(state, node)
    else:
        own: Set[str] = _own_categories(state, node)
        # A heading naming several parts ("QUAN ĐIỂM, MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP") is a container.
        if len(own - {"situation"}) > 1 and own != {"task", "solution"}:
            own = set()
        categories = own if own and (node.paragraphs or node.children) else inherited
        if node.kind == "part" and not own:
            # A part the words do not classify ("NỘI DUNG", "VỐN ĐẦU TƯ") is no situation report.
            categories = set()
        if node.kind == "appendix":
            categories = {"appendix"}
        _add_section(state, node)
    section = _section(state, node) if node.kind != "root" or node.paragraphs else None
    if node.kind == "row":
        _appendix_row(state, node)
    elif node.kind not in ("root", "appendix", "part"):
        parent_own = _own_categories(state, node.parent) if node.parent else frozenset()
        if {"task", "solution"} & categories and node.paragraphs and {"task", "solution"} & parent_own:
            _task(state, node, categories)
        if (
            "assignment" in categories
            and node.kind in ("num", "multi")
            and _directly_under(state, node, "assignment")
        ):
            _assignments(state, node)
        elif "viewpoint" in categories and _directly_under(state, node, "viewpoint"):
            _viewpoint(state, node, _content_spans(state, node))
    content = _content_spans(state, node) if node.kind not in ("row", "appendix") else []
    if node.kind == "root":
        # The header (issuer, number, date, kind, title) states nothing to draft as a component.
        body = next((c.span.start for c in node.children if c.kind == "part"), len(state.text))
        spans = (state.header.title_span, state.header.date_span, state.header.number_span)
        header_end = max((sp.end for sp in spans if sp and sp.end <= body), default=0)
        content = [(p, b) for p, b in content if p.start >= header_end or p.end > header_end + 400]
    # A heading may state a target itself ("6. Tỷ lệ … đạt chuẩn 100%").
    if (
        node.title is not None
        and node.kind in ("num", "multi")
        and _is_heading(state, node)
        and not {"viewpoint", "assignment", "general"} & categories
    ):
        _paragraph(state, node, section, node.title, categories, False, title=True)
    if node.kind == "root" or "viewpoint" not in categories or node.kind == "part":
        for para, is_bullet in content:
            _paragraph(state, node, section, para, categories, is_bullet)
    else:
        for para, _b in content:
            _citations_only(state, node, section, para)
    if (
        "viewpoint" in categories
        and not node.children
        and node.paragraphs
        and "viewpoint" in _own_categories(state, node)
    ):
        for para in node.paragraphs:
            _viewpoint(state, node, [(para, False)])
    for child in node.children:
        _walk(state, child, categories)


def _own_categories(state: _State, node: Node) -> frozenset[str]:
    """What a heading says its part holds ("QUAN ĐIỂM", "Mục tiêu cụ thể", "Tổ chức thực hiện")."""
    if node.title is None or node.kind in ("row", "root", "closing"):
        return frozenset()
    heading = quote(state.text, node.title)
    if node.kind != "part":
        # An item's own words ("Nâng cao … tổ chức thực hiện các chương trình") do not classify
        # it; a heading's first words do ("Mục tiêu cụ thể", "Các chỉ tiêu xã hội").
        heading = " ".join(heading.split()[:4])
    return _categories(heading)


def _directly_under(state: _State, node: Node, category: str) -> bool:
    return node.parent is not None and category in _own_categories(state, node.parent)


def _content_spans(state: _State, node: Node) -> list[tuple[Span, bool]]:
    """The node's own text: the title when it is content (an item), then its paragraphs."""
    out: list[tuple[Span, bool]] = []
    if (
        node.title is not None
        and node.kind in ("num", "multi", "paren", "letter")
        and not _is_heading(state, node)
    ):
        out.append((node.title, False))
    out.extend(zip(node.paragraphs, node.bullets, strict=True))
    return out


def _is_heading(state: _State, node: Node) -> bool:
    """A numbered line that heads paragraphs or items (rather than being the item itself)."""
    if node.title is None:
        return True
    title = state.text[node.title.start : node.title.end]
    if node.kind in ("paren", "letter"):
        return bool(node.children)
    if not (node.paragraphs or node.children):
        return False
    return len(title) < 200


def _add_section(state: _State, node: Node) -> None:
    res = Resource(_section(state, node), ["nq:Section"])
    if node.kind == "root":
        res.add("rdfs:label", vi("Phần mở đầu (trước mục I)"))
        res.add("nq:document", iri(state.document))
        res.add("nq:expression", iri(state.expression))
        res.add("nq:sectionPath", plain("Mở đầu"))
        state.add(res)
        return
    heading = _heading_text(state, node)
    label = heading if len(heading) <= 160 else heading[:157].rsplit(" ", 1)[0] + " …"
    res.add("rdfs:label", vi(label if node.kind != "row" else f"Phụ lục, STT {node.label}"))
    res.add("nq:document", iri(state.document))
    res.add("nq:expression", iri(state.expression))
    if node.parent is not None and node.parent.kind not in ("root", "closing"):
        res.add("nq:partOf", iri(_section(state, node.parent)))
    res.add("nq:sectionPath", plain(node.path))
    res.add("nq:heading", vi(heading if node.kind != "row" else node.label))
    if node.ordinal is not None:
        res.add("nq:ordinal", integer(node.ordinal))
    res.add("nq:spanStart", integer(node.span.start))
    res.add("nq:spanEnd", integer(node.span.end))
    state.add(res)


def _component(state: _State, iri_: str, types: list[str], node: Node, span: Span, label: str) -> Resource:
    res = Resource(iri_, types)
    res.add("rdfs:label", vi(_short(label)))
    res.add("nq:document", iri(state.document))
    section = _section(state, node) if node.kind != "root" else f"{state.expression}/s/preamble"
    res.add("nq:section", iri(section))
    res.add("nq:sectionPath", plain(node.path))
    res.add("nq:statedIn", iri(state.expression))
    if node.ordinal is not None and node.kind not in ("part", "root", "appendix"):
        res.add("nq:ordinal", integer(node.ordinal))
    return res


def _provenance(state: _State, res: Resource, span: Span) -> None:
    res.add("nq:sourceText", vi(quote(state.text, span)))
    res.add("nq:spanStart", integer(span.start))
    res.add("nq:spanEnd", integer(span.end))


def _short(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .;:,")
    if len(text) <= 200:
        return text
    cut = text[:200]
    for mark in (";", ",", " "):
        if mark in cut[80:]:
            return cut[: cut.rindex(mark)].rstrip(" ,;")
    return cut


# --- viewpoints, objectives, tasks -------------------------------------------------------------


def _viewpoint(state: _State, node: Node, spans: list[tuple[Span, bool]]) -> None:
    if not spans:
        return
    span = Span(spans[0][0].start, spans[-1][0].end)
    n = state.next("viewpoint")
    first = sentences(state.text, span)
    label = quote(state.text, first[0]) if first else quote(state.text, span)
    res = _component(state, f"{state.document}/viewpoint/{n}", ["nq:Viewpoint"], node, span, label)
    _provenance(state, res, span)
    state.add(res)


def _task(state: _State, node: Node, categories: Set[str]) -> None:
    if node.title is None:
        return
    types = []
    if "task" in categories:
        types.append("nq:KeyTask")
    if "solution" in categories:
        types.append("nq:Solution")
    kind = "key" if "task" in categories else "solution"
    title = node.title
    res = _component(
        state,
        f"{state.document}/task/{kind}-{path_slug(node.path)}",
        types,
        node,
        title,
        quote(state.text, title),
    )
    _provenance(state, res, title)
    state.add(res)


def _paragraph(
    state: _State,
    node: Node,
    section: str | None,
    para: Span,
    categories: Set[str],
    is_bullet: bool,
    *,
    title: bool = False,
) -> None:
    text = state.text
    for sentence in sentences(text, para):
        _citations(state, node, sentence)
        if "general" in categories and not title:
            _general_objective(state, node, sentence)
            continue
        if "assignment" in categories or "appendix" in categories:
            continue
        situation = "situation" in categories or node.kind == "root"
        found = _quantities(state, sentence)
        made = 0
        if found:
            objective = "objective" in categories
            for clause in clauses(text, sentence):
                qs = [q for q in found if clause.start <= q.span.start < clause.end]
                if not qs:
                    continue
                now = bool(_NOW.search(fold_same_length(text[clause.start : clause.end])))
                if situation or now:
                    made += _observations(state, node, sentence, clause, qs)
                elif objective or _CUE.search(fold_same_length(text[clause.start : clause.end])):
                    if not objective:
                        # Sums of money in a task ("tổng số vốn đầu tư 285 tỷ đồng") are budgets.
                        qs = [q for q in qs if not _MONEY.search(fold_same_length(q.text))]
                    made += _targets(state, node, sentence, clause, qs) if qs else 0
        elif (
            "objective" in categories
            and node.kind in ("paren", "letter", "num", "multi")
            and not is_bullet
            and not title
        ):
            _general_objective(state, node, sentence)
            made += 1
        if found and not made and not title:
            state.warn(
                "number-not-extracted",
                f"This sentence holds {', '.join(repr(q.text) for q in found)} but nothing was drafted"
                " from it:"
                " is it a target or a reported value?",
                sentence,
            )


def _general_objective(state: _State, node: Node, sentence: Span) -> None:
    n = state.next("objective")
    subject = f"{state.document}/objective/{n}"
    res = _component(state, subject, ["nq:GeneralObjective"], node, sentence, quote(state.text, sentence))
    _provenance(state, res, sentence)
    state.add(res)


def _citations_only(state: _State, node: Node, section: str | None, para: Span) -> None:
    for sentence in sentences(state.text, para):
        _citations(state, node, sentence)


# --- quantities: targets and observations -----------------------------------------------------


def _quantities(state: _State, sentence: Span) -> list[Quantity]:
    text = state.text
    chunk = text[sentence.start : sentence.end]
    out: list[Quantity] = []
    for q in find_quantities(chunk, offset=sentence.start):
        folded_after = fold_same_length(text[q.span.start : q.span.end + 8])
        if re.match(r"[\d.,\s]*(thang|ngay|gio|lan thu|lan\s*/\s*nhiem ky)\b", folded_after):
            continue
        tail = fold_same_length(text[q.span.end : q.span.end + 30])
        if q.unit in (None, "Count") and (
            re.match(r"\s*chi tieu\b", tail) or "chi tieu" in fold_same_length(q.text)
        ):
            continue  # how many indicators a heading announces ("13 chỉ tiêu")
        if q.unit in (None, "Count") and (q.value == 1 or re.match(r"\s*(den|-|–)[^,;.]*tuoi", tail)):
            continue
        if (
            q.unit == "Years"
            and "tuoi" in folded_after
            and "tuoi tho" not in fold_same_length(text[max(0, q.span.start - 40) : q.span.start])
        ):
            continue
        out.append(q)
    return out


def _unit(state: _State, q: Quantity, clause: Span) -> str | None:
    """The ``nq:`` unit of a quantity (a count where none is printed), or None when the ontology has none."""
    unit = q.unit or "Count"
    if unit == "Persons" and _ANNUAL.search(fold_same_length(state.text[clause.start : q.span.start])):
        unit = "PersonsPerYear"
    return unit if unit in _ONTOLOGY_UNITS else None


def _target_year(state: _State, node: Node, sentence: Span, q: Quantity) -> tuple[int | None, int | None]:
    """(target year, first year) from the sentence, then the headings above, then the document."""
    text = state.text
    folded = fold_same_length(text[sentence.start : sentence.end])
    pos = q.span.start - sentence.start
    years = [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(folded)
        if not re.search(r"so voi\s*$", folded[max(0, m.start() - 12) : m.start()])
    ]
    starts = [y for at, y in years if folded[at : at + 6] == "tu nam"]
    years = [(at, y) for at, y in years if folded[at : at + 6] != "tu nam"]
    before = [y for at, y in years if at < pos]
    after = [y for at, y in years if at > pos]
    year = before[-1] if before else (after[0] if after else None)
    start: int | None = None
    for ancestor in (node, *node.ancestors()):
        if ancestor.title is None:
            continue
        heading = fold_same_length(text[ancestor.title.start : ancestor.title.end])
        if ancestor is node and not _is_heading(state, node):
            continue
        heading = re.sub(r"so voi\s+nam\s+\d{4}", " ", heading)
        p = _PERIOD.search(heading)
        if p and start is None:
            start = int(p.group(1))
            if year is None:
                year = int(p.group(2))
        m = re.search(r"(?:den|nam)\s+((?:19|20)\d\d)", heading)
        if m and year is None:
            year = int(m.group(1))
    h = state.header
    if year is None and h.period:
        year = h.period[1]
    if year is None and h.horizons:
        year = h.horizons[0]
    if year is None and h.date:
        year = h.date.year
    if start is None and h.period:
        start = h.period[0]
    if starts:
        start = starts[-1]
    return year, start


def _indicator(state: _State, clause: Span, q: Quantity, unit: str) -> str:
    text = state.text
    before = text[clause.start : q.span.start]
    phrase = re.split(r"[:;]|,\s(?=[^,]*$)", before)[-1] if before.strip() else ""
    phrase = re.sub(
        r"^\W*(?:(?:phấn đấu|phần đầu|phân đầu|đến năm \d{4},?|vào năm \d{4},?|năm \d{4},?|trong đó,?|"
        r"nâng|duy trì|bảo đảm|đảm bảo|giảm|tăng|còn|có|đạt)\s+)+",
        "",
        " ".join(phrase.split()),
        flags=re.IGNORECASE,
    )
    phrase = re.sub(
        r"\s+(?:đạt(?: tỷ lệ| mức)?|trên|dưới|từ|ít nhất|tối thiểu|khoảng|chiếm|là|còn|thấp hơn|cao hơn|"
        r"tối đa)\s*$",
        "",
        phrase,
        flags=re.IGNORECASE,
    ).strip(" ,.:(")
    if len(phrase) < 4:
        after = text[q.span.end : clause.end]
        phrase = " ".join(after.split()[:8]).strip(" ,.;:")
    phrase = phrase[:1].upper() + phrase[1:] if phrase else quote(text, clause)[:80]
    found = state.resolver.indicator(phrase)
    if found:
        return found
    key = fold(phrase) + "|" + unit
    if key in state.indicators:
        return state.indicators[key]
    base = f"{ID}indicator/{slug(phrase)[:70].strip('-') or 'indicator'}"
    candidate = base
    n = 2
    while state.resolver.exists(candidate) or candidate in state.described:
        candidate = f"{base}-{n}"
        n += 1
    res = Resource(candidate, ["nq:Indicator"])
    res.add("rdfs:label", vi(phrase))
    res.add("skos:prefLabel", vi(phrase))
    res.add("skos:inScheme", iri(f"{ID}indicator"))
    res.add("nq:unit", iri(f"nq:{unit}"))
    state.described.add(candidate)
    state.extra.append(res)
    state.indicators[key] = candidate
    state.warn(
        "new-indicator",
        f"No indicator of the graph is named '{phrase}': use an existing one or accept the new one.",
        Span(clause.start, q.span.end),
        candidate,
    )
    return candidate


def _targets(state: _State, node: Node, sentence: Span, clause: Span, qs: list[Quantity]) -> int:
    text = state.text
    made = 0
    for q in qs:
        unit, value, value_max = _unit(state, q, clause), q.value, q.value_max
        if unit is None:
            state.warn(
                "unreadable-number", f"The unit of {q.text!r} is not known: add the target by hand.", q.span
            )
            continue
        if unit == "Percent" and (value > 100 or (value_max is not None and value_max > 100)):
            state.warn("other", f"{q.text!r} is a percentage above 100: decide how to record it.", q.span)
            continue
        chunk = text[sentence.start : sentence.end]
        local = Quantity(
            Span(q.span.start - sentence.start, q.span.end - sentence.start),
            q.text,
            q.value,
            q.value_max,
            q.unit,
        )
        comparator = read_comparator(chunk, local)
        if value_max is not None:
            comparator = "Between"
        elif comparator == "Between":
            comparator = "Equal"
        relative = read_relative(chunk, local)
        year, start = _target_year(state, node, sentence, q)
        if year is None:
            state.warn("other", f"No year is printed for {q.text!r}: give the target year.", q.span)
            continue
        before = fold_same_length(text[clause.start : q.span.start])
        if relative is None or relative.reference_year is None:
            # "Giảm tỷ lệ hộ nghèo so với năm trước … đạt 1,5%": a change against the year before.
            change = re.match(r"\W*(giam|tang)\b", before)
            if change and "so voi nam truoc" in fold_same_length(text[clause.start : clause.end]):
                direction = "Decrease" if change.group(1) == "giam" else "Increase"
                relative = Relative(direction, year - 1, "năm trước")
        if unit == "Percent" and "toc do tang" in before:
            unit = "PercentPerYear"  # a growth rate ("Tốc độ tăng trưởng kinh tế đạt trên 10%")
        if unit == "Percent" and re.search(r"tuoi tho|so nam song", before):
            unit = "Years"  # life expectancy printed with "%" (a misprint or an OCR confusion)
        letter = _letter(state.next("target:" + node.path) - 1)
        target = f"{state.document}/target/{path_slug(node.path)}-{letter}"
        is_relative = relative is not None and relative.reference_year is not None
        types = ["nq:RelativeTarget"] if is_relative else ["nq:Target"]
        indicator = _indicator(state, clause, q, unit)
        res = _component(state, target, types, node, sentence, quote(text, clause))
        res.add("nq:indicator", iri(indicator))
        res.add("nq:targetYear", typed(str(year), "gYear"))
        res.add("nq:comparator", iri(f"nq:{comparator}"))
        res.add("nq:value", decimal(value))
        if value_max is not None:
            res.add("nq:valueMax", decimal(value_max))
        res.add("nq:valueText", plain(q.text))
        res.add("nq:unit", iri(f"nq:{unit}"))
        annual = unit in ("PersonsPerYear",) or bool(
            _ANNUAL.search(fold_same_length(text[clause.start : q.span.start]))
        )
        if annual and start is not None and start < year:
            res.add("nq:appliesFrom", typed(str(start), "gYear"))
            res.add("nq:recurrence", iri("nq:Annual"))
        if is_relative and relative is not None:
            res.add("nq:changeDirection", iri(f"nq:{relative.direction}"))
            res.add("nq:referenceYear", typed(str(relative.reference_year), "gYear"))
        _provenance(state, res, sentence)
        state.add(res)
        made += 1
    return made


def _observations(state: _State, node: Node, sentence: Span, clause: Span, qs: list[Quantity]) -> int:
    text = state.text
    made = 0
    for q in qs:
        unit, value = _unit(state, q, clause), q.value
        if unit is None:
            continue
        if unit == "Percent" and value > 100:
            continue
        if unit == "Years" and not re.search(
            r"tuoi tho|nam song", fold_same_length(text[clause.start : q.span.start])
        ):
            continue  # "Sau 09 năm triển khai": a duration, not a reported value
        # The year the value is reported for: printed in its clause and not after the document
        # ("đạt 57% năm 2020"), else the end of a period printed in the sentence ("Giai đoạn
        # 2016 - 2020, … đạt 2,4%/năm"), else the document's year ("hiện nay").
        now = state.header.date.year if state.header.date else None
        folded = fold_same_length(text[clause.start : clause.end])
        years = [int(m.group(1)) for m in _YEAR.finditer(folded) if now is None or int(m.group(1)) <= now]
        whole = fold_same_length(text[sentence.start : sentence.end])
        periods = [int(m.group(2)) for m in _PERIOD.finditer(whole)]
        periods = [y for y in periods if now is None or y <= now]
        year = years[-1] if years else (periods[0] if periods else now)
        if year is None:
            continue
        n = state.next("observation")
        res = _component(
            state,
            f"{state.document}/observation/{n}",
            ["nq:Observation"],
            node,
            sentence,
            quote(text, clause),
        )
        res.add("nq:indicator", iri(_indicator(state, clause, q, unit)))
        res.add("nq:observedYear", typed(str(year), "gYear"))
        res.add("nq:value", decimal(value))
        res.add("nq:valueText", plain(q.text))
        res.add("nq:unit", iri(f"nq:{unit}"))
        _provenance(state, res, sentence)
        state.add(res)
        made += 1
    return made


def _letter(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


# --- citations ---------------------------------------------------------------------------------


def _citations(state: _State, node: Node, sentence: Span) -> None:
    text = state.text
    refs = find_references(text[sentence.start : sentence.end], offset=sentence.start)
    for ref in refs:
        _citation(state, node, sentence, ref)
    # Programmes and projects named without a number ("chương trình đổi mới giáo dục phổ thông")
    # are cited when the graph knows one by that name.
    for named in state.resolver.documents_named(text, sentence):
        if named.iri == state.document or any(r.span.start <= named.span.start < r.span.end for r in refs):
            continue
        printed = text[named.span.start : named.span.end]
        _cite(
            state,
            node,
            sentence,
            DocumentReference(named.span, printed, named.kind, None, None, None, "cites"),
            named.iri,
        )


def _citation(state: _State, node: Node, sentence: Span, ref: DocumentReference) -> None:
    if ref.number is None and ref.ordinal is None and not _QUOTED.search(ref.text):
        # A name neither numbered nor quoted is cited only as a document the graph holds, and not
        # after "các", "những" (a kind of programmes rather than one): the reader takes many plans
        # and projects by their capitals that no curator cites.
        before = fold_same_length(state.text[max(sentence.start, ref.span.start - 12) : ref.span.start])
        if GENERIC_BEFORE.search(before):
            return
        cited = state.resolver.document(ref, province=state.province)
    else:
        cited = _cited_document(state, ref)
    if cited is None or cited == state.document:
        return
    _cite(state, node, sentence, ref, cited)


_QUOTED = re.compile(r"[“”\"]")


def _cite(state: _State, node: Node, sentence: Span, ref: DocumentReference, cited: str) -> None:
    n = state.next("citation")
    citation = f"{state.document}/citation/{n}"
    printed = " ".join(state.text[ref.span.start : ref.span.end].split())
    res = _component(state, citation, ["nq:Citation"], node, sentence, f"Dẫn chiếu {printed}")
    res.add("nq:citingDocument", iri(state.document))
    res.add("nq:citedDocument", iri(cited))
    res.add("nq:citationType", iri(f"nq:{ref.link}"))
    _provenance(state, res, sentence)
    state.add(res)
    if state.doc_resource is not None:
        state.doc_resource.add(f"nq:{ref.link}", iri(cited))
    stub = next((r for r in state.extra if r.iri == cited), None)
    if stub is not None and not any(p == "nq:metadataSource" for p, _ in stub.props):
        stub.add("nq:metadataSource", iri(citation))


def _cited_document(state: _State, ref: DocumentReference) -> str | None:
    found = state.resolver.document(ref, province=state.province)
    if found:
        return found
    scope = "vn" if is_central(ref) else state.province
    if ref.kind == "CongressResolution" and ref.ordinal:
        stub = f"{ID}eli/{scope}/dh/unknown/nq-dai-hoi-{ref.ordinal.lower()}"
        return _stub(state, stub, ref, f"Nghị quyết Đại hội lần thứ {ref.ordinal.upper()}")
    if ref.number:
        year = str(ref.date.year) if ref.date else _year_in_number(ref.number) or "unknown"
        stub = f"{ID}eli/{scope}/{stub_issuer(ref)}/{year}/{slug(ref.number)}"
        label = f"{_KIND_LABEL.get(ref.kind, 'Văn bản')} số {ref.number}"
        if ref.date:
            label += f" ngày {ref.date.day}/{ref.date.month}/{ref.date.year}"
        if ref.issuer_text:
            label += f" của {ref.issuer_text}"
        return _stub(state, stub, ref, label)
    if ref.title:
        stub = f"{ID}eli/{scope}/unknown/unknown/{slug(ref.title)[:60].strip('-')}"
        return _stub(state, stub, ref, ref.title)
    return None


def _year_in_number(number: str) -> str | None:
    m = re.search(r"/((?:19|20)\d\d)/", number)
    return m.group(1) if m else None


def _stub(state: _State, stub: str, ref: DocumentReference, label: str) -> str:
    if state.resolver.exists(stub) or stub in state.described:
        return stub
    kind = ref.kind if ref.kind in _KIND_LABEL else "Document"
    res = Resource(stub, [f"nq:{kind}"])
    res.add("rdfs:label", vi(label))
    if ref.number:
        res.add("nq:documentNumber", plain(ref.number))
    if ref.date:
        res.add("nq:issuedOn", typed(ref.date.isoformat(), "date"))
    if not is_central(ref):
        res.add("nq:province", iri(f"{ID}province/{state.province}"))
    res.add("nq:metadataNote", plain("Drafted from the citing sentence only; check issuer, date and title."))
    state.described.add(stub)
    state.extra.append(res)
    state.warn(
        "unresolved-document",
        f"No document of the graph matches {label!r}: a new document stub is proposed.",
        ref.span,
        stub,
    )
    return stub


# --- agencies, assignments, appendix -----------------------------------------------------------


def _agency(state: _State, mention: Mention) -> str:
    if mention.iri:
        return mention.iri
    known = state.resolver.agency(mention.name, province=state.province)
    return known or _new_agency(state, mention.name, mention.span)


def _new_agency(state: _State, name: str, span: Span | None) -> str:
    name = normalise_name(name)
    key = fold(name)
    if key in state.new_agencies:
        return state.new_agencies[key]
    candidate = f"{ID}agency/{state.province}/{slug(name)[:70].strip('-')}"
    if state.resolver.exists(candidate):
        state.new_agencies[key] = candidate
        return candidate
    res = Resource(candidate, ["nq:AgencyGroup" if is_group(name) else "nq:Agency"])
    res.add("rdfs:label", vi(name[:1].upper() + name[1:]))
    res.add("nq:province", iri(f"{ID}province/{state.province}"))
    state.described.add(candidate)
    state.extra.append(res)
    state.new_agencies[key] = candidate
    state.warn(
        "unresolved-agency",
        f"Which agency is '{name}'? No agency of the province has this name; a new one is proposed.",
        span,
        candidate,
    )
    return candidate


def _own_subject(state: _State, start: int, end: int) -> list[Mention]:
    """The bodies that open ``text[start:end]`` as the subject of a verb ("Văn phòng Tỉnh ủy theo dõi")."""
    opening = _chain(state, Span(start, min(end, start + 200)))
    if not opening or opening[0].span.start - start > 6:
        return []
    verb = _LEAD_VERB.search(state.text, opening[-1].span.end, min(end, opening[-1].span.end + 40))
    return opening if verb is not None and verb.start() == opening[-1].span.end else []


def _segments(state: _State, span: Span) -> list[tuple[Span, list[Mention]]]:
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


def _assignments(state: _State, node: Node) -> None:
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
            letter = _letter(n - 1) if count[id(where)] > 1 else None
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
            _add_section(state, sub)
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
        letter = _letter(i) if len(jobs) > 1 else None
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
    state: _State,
    node: Node,
    duty: Span,
    quoted: Span,
    leads: list[Mention],
    letter: str | None,
    all_leads: list[Mention] | None = None,
) -> None:
    text = state.text
    lead_iris = [_agency(state, m) for m in leads]
    suffix = f"-{letter}" if letter else ""
    res = _component(
        state,
        f"{state.document}/task/assignment-{path_slug(node.path)}{suffix}",
        ["nq:Assignment"],
        node,
        duty,
        (leads[0].name + " " if leads else "") + quote(text, duty)[:150],
    )
    for lead in lead_iris[:1]:
        res.add("nq:leadAgency", iri(lead))
    subject = {_agency(state, m) for m in all_leads or leads}
    reports: list[str] = []
    supervisors: list[str] = []
    for m in _REPORT.finditer(text, duty.start, duty.end):
        for mention in _chain(state, Span(m.end(), min(duty.end, m.end() + 120))):
            reports.append(_agency(state, mention))
    names = state.agencies.known(text, duty)
    for m in _ADVISE.finditer(text, duty.start, duty.end):
        if any(n.span.start <= m.start() < n.span.end for n in names):
            continue
        stop = clause_end(text, m.end(), duty.end)
        clause = fold_same_length(text[m.end() : stop])
        for mention in _chain(state, Span(m.end(), stop)):
            agency = _agency(state, mention)
            if "bao cao" in clause or "so ket" in clause or "tong ket" in clause:
                reports.append(agency)
            elif re.match(r"\s*(to chuc\s+)?kiem tra", clause[mention.span.end - m.end() :]):
                supervisors.append(agency)
    participants: list[str] = []
    for m in _PARTICIPATE.finditer(text, duty.start, duty.end):
        for mention in _chain(state, Span(m.end(), clause_end(text, m.end(), duty.end))):
            agency = _agency(state, mention)
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
    _provenance(state, res, quoted)
    state.add(res)
    if not leads:
        state.warn(
            "unresolved-agency",
            "No body addressed by this item was recognised: name the lead.",
            duty,
            res.iri,
        )


_PARTICIPATE = re.compile(
    r"(?:phối hợp(?:\s+chặt chẽ)?(?:\s+với)?|lãnh đạo(?:,\s*chỉ đạo)?|chỉ đạo|trình)\s+", re.IGNORECASE
)
_ADVISE = re.compile(r"tham mưu(?:\s+giúp|\s+cho|\s+với)?\s+", re.IGNORECASE)
_GLUE = re.compile(r"^[\s,;]*(?:và|với|cùng|các|giao|đề nghị:?)?[\s,]*$", re.IGNORECASE)


def _chain(state: _State, span: Span) -> list[Mention]:
    """The bodies listed right at the start of ``span`` ("phối hợp với A, B và C …")."""
    out: list[Mention] = []
    pos = span.start
    for mention in state.agencies.in_list(state.text, span):
        if not _GLUE.match(state.text[pos : mention.span.start]):
            break
        out.append(mention)
        pos = mention.span.end
    return out


_COLUMN_ROLES: tuple[tuple[str, str], ...] = (
    ("theo doi", "supervisor"),
    ("cap uy", "supervisor"),
    ("chu tri", "lead"),
    ("phoi hop", "participant"),
    ("thuc hien", "participant"),
    ("thoi gian", "deadline"),
    ("thoi han", "deadline"),
    ("hoan thanh", "deadline"),
    ("nhiem vu", "task"),
    ("noi dung", "task"),
    ("stt", "ordinal"),
)


def _roles(columns: list[str], count: int) -> list[str]:
    roles: list[str] = []
    for column in columns:
        for word, role in _COLUMN_ROLES:
            if word in column:
                roles.append(role)
                break
        else:
            roles.append("other")
    if len(roles) != count:
        # No header read: number, task, …, lead, participants, deadline.
        guess = ["ordinal", "task"] + ["other"] * max(0, count - 5) + ["lead", "participant", "deadline"]
        return guess[:count] if count >= 5 else (["ordinal", "task", "lead", "deadline"][:count])
    return roles


def _appendix_row(state: _State, node: Node) -> None:
    text = state.text
    roles = _roles(node.columns, len(node.cells))
    cell = dict(zip(roles, node.cells, strict=False))
    task = cell.get("task")
    if task is None:
        return
    span = node.span
    res = _component(
        state,
        f"{state.document}/task/appendix-{node.label}",
        ["nq:AppendixTask"],
        node,
        span,
        quote(text, task),
    )
    lead: str | None = None
    if "supervisor" in cell:
        for m in state.agencies.in_list(text, cell["supervisor"]):
            res.add("nq:supervisor", iri(_agency(state, m)))
    if "lead" in cell:
        leads = state.agencies.in_list(text, cell["lead"])
        if leads:
            lead = _agency(state, leads[0])
            res.add("nq:leadAgency", iri(lead))
            for extra in leads[1:]:
                res.add("nq:participant", iri(_agency(state, extra)))
        else:
            lead = _new_agency(state, quote(text, cell["lead"]), cell["lead"])
            res.add("nq:leadAgency", iri(lead))
    if "participant" in cell:
        for m in state.agencies.in_list(text, cell["participant"]):
            agency = _agency(state, m)
            if agency != lead:
                res.add("nq:participant", iri(agency))
    if "deadline" in cell:
        printed = quote(text, cell["deadline"])
        res.add("nq:deadlineText", vi(printed))
        deadline = read_deadline(printed)
        if deadline is not None and deadline.due is not None:
            res.add("nq:dueDate", typed(deadline.due.isoformat(), "date"))
        elif deadline is not None and deadline.recurrence:
            res.add("nq:recurrence", iri(f"nq:{deadline.recurrence}"))
    _provenance(state, res, span)
    state.add(res)
    if lead is None:
        state.warn("unresolved-agency", f"Appendix row {node.label} names no lead body.", span, res.iri)
    # Numbers in the task column ("Ký kết 05 biên bản …") are targets of the row.
    found = _quantities(state, task)
    if found:
        _targets(state, node, task, task, found)


# --- warnings about the text as a whole --------------------------------------------------------


def _gaps(state: _State) -> None:
    for node, message in state.outline.gaps:
        state.warn("numbering-gap", f"Numbering does not follow: {message} (section {node.path}).", node.span)


# A token mixing digits with letters OCR confuses with them ("5l triệu", "(0Š", "2Š hằng tháng").
_GARBLED = re.compile(r"(?<![\w/.-])(?:\d+[lIÏŠSOo|]+\d*|[lIÏŠ|]+\d+)(?![\w/-])")


def _ocr(state: _State) -> None:
    text = state.text
    for span in state.source.ocr_spans:
        state.warn(
            "ocr-passage",
            "This passage was read by OCR: check numbers, dates and names against the scan.",
            span,
        )
        for m in _GARBLED.finditer(text, span.start, span.end):
            state.warn(
                "unreadable-number",
                f"{m.group(0)!r} looks like a number OCR misread: read it from the scan.",
                Span(m.start(), m.end()),
            )
