"""The review page, checked by parsing its HTML: every fact's mark covers exactly its span (nested,
overlapping and across lines), the source text comes out verbatim, every in-page link lands on an id,
hostile text stays text, warnings are grouped with what to decide, nothing claims to be checked."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph

from nqgraph.ingest.model import Draft, DraftWarning, SourceText, Span
from nqgraph.ingest.review import DECISIONS, draft_violations, facts_of, render_review, write_review

DOC = "https://w3id.org/nqgraph/id/eli/dien-bien/tu/2026/99-nq-tu"
HOSTILE = 'Tỷ lệ <script>alert("x")</script> & \'trích\' "dẫn" </mark>'

TEXT = (
    "NGHỊ QUYẾT\n"
    "I- MỤC TIÊU\n"
    "(1)- Tỷ lệ lao động qua đào tạo đạt trên 70%; tuổi thọ trung bình đạt 73 tuổi.\n"
    "(2)- Mỗi năm đào tạo nghề cho 8.000 - 8.300\n"
    "lao động.\n"
    f"Ghi chú: {HOSTILE}\n"
    "II- TỔ CHỨC THỰC HIỆN\n"
    "1. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ.\n"
)


def at(phrase: str, *, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return Span(start, start + len(phrase))


ITEM_1 = at("Tỷ lệ lao động qua đào tạo đạt trên 70%; tuổi thọ trung bình đạt 73 tuổi.")
TARGET_A = at("Tỷ lệ lao động qua đào tạo đạt trên 70%")
TARGET_B = at("tuổi thọ trung bình đạt 73 tuổi")
# Crosses the end of ITEM_1 and runs over a line break into item (2).
CROSSING = Span(at("73 tuổi.").start, at("8.000 - 8.300").end)
ACROSS_LINES = at("Mỗi năm đào tạo nghề cho 8.000 - 8.300\nlao động.")
NOTE = at(HOSTILE)
ASSIGNMENT = at("1. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ.")
SAME_AS_B = TARGET_B


def spans(start: Span) -> str:
    return f"nq:spanStart {start.start} ; nq:spanEnd {start.end}"


TURTLE = f"""
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix d: <{DOC}/> .
<{DOC}> a nq:Resolution ; rdfs:label "Nghị quyết số 99-NQ/TU"@vi .
d:text a nq:Expression ; nq:expressionOf <{DOC}> .
d:s-i-1 a nq:Section ; nq:sectionPath "I (1)" ; {spans(ITEM_1)} .
d:target-i-1-a a nq:Target ; rdfs:label "Lao động qua đào tạo trên 70%"@vi ; nq:value 70 ;
    nq:comparator nq:GreaterThan ; nq:unit nq:Percent ; nq:sectionPath "I (1)" ; {spans(TARGET_A)} .
d:target-i-1-b a nq:Target ; rdfs:label "Tuổi thọ 73"@vi ; nq:value 73 ; nq:sectionPath "I (1)" ;
    {spans(TARGET_B)} .
d:target-i-1-c a nq:Target ; rdfs:label "Tuổi thọ (bản sao)"@vi ; {spans(SAME_AS_B)} .
d:crossing a nq:Observation ; rdfs:label "Qua ranh giới"@vi ; {spans(CROSSING)} .
d:target-i-2-a a nq:Target ; rdfs:label "Đào tạo nghề"@vi ; nq:value 8000 ; nq:valueMax 8300 ;
    {spans(ACROSS_LINES)} .
d:hostile a nq:Viewpoint ; rdfs:label {HOSTILE!r}@vi ; rdfs:comment "a \\"quoted\\" <b>value</b>" ;
    {spans(NOTE)} .
d:assignment-ii-1 a nq:Assignment ; rdfs:label "Ban Tổ chức chủ trì"@vi ;
    nq:leadAgency <https://w3id.org/nqgraph/id/agency/dien-bien/ban-to-chuc-tinh-uy> ;
    nq:participant d:new-agency ; {spans(ASSIGNMENT)} .
d:new-agency a nq:Agency ; rdfs:label "Sở Nội vụ"@vi .
d:no-span a nq:KeyTask ; rdfs:label "Không có vị trí"@vi .
"""

WARNINGS = [
    DraftWarning("unresolved-agency", "Which agency is 'Sở Nội vụ'?", at("Sở Nội vụ"), f"{DOC}/new-agency"),
    DraftWarning(
        "missing-english-label", "Write the English label of the target.", None, f"{DOC}/target-i-1-a"
    ),
    DraftWarning("unresolved-agency", 'Is "Ban <Tổ chức>" the board?', at("Ban Tổ chức Tỉnh ủy"), None),
    DraftWarning("number-not-extracted", "A number nobody drafted.", Span(5, 5), None),
]


def make_draft(**changes: object) -> Draft:
    graph = Graph().parse(data=TURTLE, format="turtle")
    source = SourceText(text=TEXT, path=Path("data/sources/test.txt"), format="text")
    draft = Draft(source=source, document=DOC, graph=graph, turtle=TURTLE, warnings=list(WARNINGS))
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


# ---------------------------------------------------------------- the parser


class Page(HTMLParser):
    """The parts of the review page that the tests read."""

    VOID = frozenset({"br", "meta", "link", "img", "input", "hr", "wbr"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.mark_text: dict[str, list[str]] = defaultdict(list)  # data-row -> text of its pieces
        self.mark_ids: dict[str, str] = {}  # data-row -> id of the first piece
        self.source = ""
        self.scripts: list[dict[str, str]] = []
        self.rows: dict[str, list[str]] = {}  # row id -> cell texts
        self.warnings: dict[str, list[str]] = defaultdict(list)  # section id -> item texts
        self.titles: list[str] = []
        self._cell: list[str] | None = None
        self._item: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if "title" in values:
            self.titles.append(values["title"])
        if tag == "script":
            self.scripts.append(values)
        if tag == "mark" and "fact" in values.get("class", "").split():
            row = values["data-row"]
            self.mark_text[row].append("")
            if "id" in values:
                assert row not in self.mark_ids, f"two pieces of {row} carry an id"
                self.mark_ids[row] = values["id"]
        if tag == "tr" and values.get("id", "").startswith("fact-"):
            self.rows[values["id"]] = []
        if tag == "td" and self.rows:
            self._cell = []
        if tag == "li" and values.get("id", "").startswith("warning-"):
            self._item = []
        if tag not in self.VOID:
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        opened, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if tag == "td" and self._cell is not None:
            last = next(reversed(self.rows))
            self.rows[last].append("".join(self._cell).strip())
            self._cell = None
        if tag == "li" and self._item is not None:
            section = next(v["id"] for t, v in reversed(self.stack) if t == "section")
            self.warnings[section].append("".join(self._item))
            self._item = None

    def handle_data(self, data: str) -> None:
        for tag, values in self.stack:
            if tag == "mark" and "fact" in values.get("class", "").split():
                self.mark_text[values["data-row"]][-1] += data
        if any(values.get("id") == "source" for _, values in self.stack):
            self.source += data
        if self._cell is not None:
            self._cell.append(data)
        if self._item is not None:
            self._item.append(data)


@pytest.fixture(scope="module")
def html() -> str:
    return render_review(make_draft(), violations=[])


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


# ---------------------------------------------------------------- marks


def test_every_fact_with_a_span_is_marked_by_exactly_its_span_text(page: Page) -> None:
    draft = make_draft()
    rows = facts_of(draft)
    marked = [r for r in rows if r.span is not None]
    assert len(marked) == 8
    for row in marked:
        assert row.span is not None
        pieces = page.mark_text["#" + row.anchor]
        assert "".join(pieces) == TEXT[row.span.start : row.span.end], row.iri


def test_a_span_crossing_another_comes_out_in_pieces_and_nested_spans_nest(page: Page) -> None:
    crossing = next(r for r in facts_of(make_draft()) if r.iri.endswith("/crossing"))
    # Cut where the two targets holding "73 tuổi" end, and again where item (1) ends.
    assert page.mark_text["#" + crossing.anchor] == [
        "73 tuổi",
        ".",
        "\n(2)- Mỗi năm đào tạo nghề cho 8.000 - 8.300",
    ]
    inner = next(r for r in facts_of(make_draft()) if r.iri.endswith("/target-i-1-a"))
    assert len(page.mark_text["#" + inner.anchor]) == 1


def test_the_source_text_comes_out_verbatim_with_its_line_breaks(page: Page) -> None:
    assert page.source == TEXT


def test_the_source_keeps_its_line_breaks_visible(html: str) -> None:
    assert re.search(r'id="source"[^>]*style="white-space: pre-wrap"', html)


# ---------------------------------------------------------------- links


def test_every_in_page_link_lands_on_an_id_and_ids_are_unique(page: Page) -> None:
    assert len(page.ids) == len(set(page.ids))
    fragments = [link[1:] for link in page.links if link.startswith("#")]
    assert fragments
    assert sorted(set(fragments) - set(page.ids)) == []


def test_each_mark_links_to_its_row_and_each_row_back_to_its_mark(page: Page) -> None:
    for row in facts_of(make_draft()):
        assert row.anchor in page.rows
        if row.span is None:
            assert "#" + row.anchor not in page.mark_ids
            continue
        assert page.mark_ids["#" + row.anchor] == row.mark
        assert "#" + row.mark in page.links


def test_the_links_outside_the_page_are_only_the_sites_own(page: Page) -> None:
    outside = {link for link in page.links if not link.startswith("#")}
    assert all(not re.match(r"[a-z]+:", link) for link in outside), outside


# ---------------------------------------------------------------- escaping


def test_hostile_text_is_shown_as_text_and_never_runs(html: str, page: Page) -> None:
    assert [s.get("src") for s in page.scripts] == ["static/site.js"]
    assert '<script>alert("x")' not in html
    assert HOSTILE in page.source
    assert html.count("<mark") == html.count("</mark>")  # the text's "</mark>" closed nothing
    hostile_row = next(cells for cells in page.rows.values() if HOSTILE in cells[2])
    assert 'a "quoted" <b>value</b>' in hostile_row[3]
    assert any(HOSTILE in title for title in page.titles)


def test_a_warning_message_with_markup_stays_text(page: Page) -> None:
    items = page.warnings["warnings-unresolved-agency"]
    assert any('Is "Ban <Tổ chức>" the board?' in item for item in items)


# ---------------------------------------------------------------- warnings, status, violations


def test_warnings_come_first_grouped_by_kind_with_what_to_decide(html: str, page: Page) -> None:
    assert html.index('id="warnings"') < html.index('id="violations"') < html.index('id="source"')
    assert list(page.warnings) == [
        "warnings-unresolved-agency",
        "warnings-number-not-extracted",
        "warnings-missing-english-label",
    ]
    assert len(page.warnings["warnings-unresolved-agency"]) == 2
    for kind in ("unresolved-agency", "missing-english-label"):
        assert DECISIONS[kind][3] in html


def test_a_warning_links_to_its_passage_and_to_the_row_of_its_fact(page: Page) -> None:
    assert "#passage-1" in page.links and "passage-1" in page.ids
    agency_row = next(r for r in facts_of(make_draft()) if r.iri.endswith("/new-agency"))
    assert "#" + agency_row.anchor in page.links
    assert "passage-4" in page.ids  # an empty span is still a place to land


def test_every_fact_is_not_reviewed_and_no_confidence_is_shown(html: str, page: Page) -> None:
    assert len(page.rows) == len(facts_of(make_draft())) == 11  # all but the expression
    assert all(cells[-1] == "chưa xem xétnot reviewed" for cells in page.rows.values())
    for word in ("confidence", "độ tin cậy", "checked ✓", "verified", "đã kiểm tra"):
        assert word not in html.lower()


def test_facts_without_a_span_are_listed_last(page: Page) -> None:
    rows = facts_of(make_draft())
    assert rows[-1].iri.endswith("/no-span") and rows[-1].span is None
    assert [r.span.start for r in rows if r.span] == sorted(r.span.start for r in rows if r.span)


def test_ocr_passages_are_marked(tmp_path: Path) -> None:
    draft = make_draft()
    draft.source = SourceText(TEXT, Path("scan.png"), "ocr", ocr_spans=(Span(0, len(TEXT)),))
    html = render_review(draft, violations=[])
    assert html.count('class="ocr"') >= 1
    assert "OCR" in html
    assert Page(html).source == TEXT


def test_the_violations_of_the_draft_merged_with_the_data_are_listed() -> None:
    draft = make_draft()
    found = draft_violations(draft)
    focus = {f.focus.rsplit("/", 1)[-1] for f in found}
    # The hand-made targets lack an indicator, a year and a source text: a person must supply them.
    assert {"target-i-1-a", "target-i-1-b", "target-i-2-a"} <= focus
    assert all(f.severity == "Violation" for f in found)
    html = render_review(draft, violations=found)
    page = Page(html)
    assert f"{len(found)})" in html
    assert any(f.message in html for f in found)
    assert "#fact-2" in page.links


def test_write_review_writes_the_page_and_the_sites_static_files_the_same_each_time(tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "99-nq-tu.review.html"
    write_review(make_draft(), out, violations=[])
    first = out.read_bytes()
    write_review(make_draft(), out, violations=[])
    assert out.read_bytes() == first
    assert (out.parent / "static" / "site.css").is_file() and (out.parent / "static" / "site.js").is_file()
    assert sorted(p.name for p in out.parent.iterdir()) == ["99-nq-tu.review.html", "static"]
    assert first.decode("utf-8").startswith("<!DOCTYPE html>")
