"""Extraction on a small synthetic resolution: targets, relative targets, assignments, citations."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import rdflib

from nqgraph.ingest.draft import draft_source
from nqgraph.ingest.model import SourceText, Span
from nqgraph.ingest.resolve import Resolver

NQ = rdflib.Namespace("https://w3id.org/nqgraph/ontology#")
ROOT = Path(__file__).resolve().parents[2]

TEXT = """TỈNH ỦY ĐIỆN BIÊN
Số 99-NQ/TU
Điện Biên, ngày 10 tháng 1 năm 2027

NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH
về thử nghiệm giai đoạn 2027 - 2030

Tiếp tục thực hiện Nghị quyết số 10-NQ/TU, ngày 29/7/2021 của Ban Chấp hành Đảng bộ tỉnh.

I. MỤC TIÊU
1. Mục tiêu cụ thể
(1) Tỷ lệ hộ dùng nước sạch đạt trên 90% vào năm 2030, tăng 5% so với năm 2026.
(2) Xây dựng nông thôn mới bền vững.

II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì, phối hợp với Sở Y tế xây dựng kế hoạch; định kỳ hằng năm báo cáo Ban Thường vụ Tỉnh ủy.
"""


@functools.cache
def _resolver() -> Resolver:
    return Resolver.from_data(ROOT / "data" / "ttl")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    resolver = _resolver()
    return draft_source(SourceText(TEXT, Path("t.txt"), "text"), resolver=resolver).graph


def test_a_level_target_gets_comparator_value_unit_and_year(graph: rdflib.Graph) -> None:
    targets = list(graph.subjects(rdflib.RDF.type, NQ.Target))
    assert len(targets) == 1
    t = targets[0]
    assert graph.value(t, NQ.comparator) == NQ.GreaterThan
    assert str(graph.value(t, NQ.value)) == "90"
    assert graph.value(t, NQ.unit) == NQ.Percent
    assert str(graph.value(t, NQ.targetYear)) == "2030"


def test_a_change_against_a_year_is_a_relative_target(graph: rdflib.Graph) -> None:
    (t,) = graph.subjects(rdflib.RDF.type, NQ.RelativeTarget)
    assert graph.value(t, NQ.changeDirection) == NQ.Increase
    assert str(graph.value(t, NQ.referenceYear)) == "2026"


def test_an_item_without_a_number_is_a_general_objective_not_a_target(graph: rdflib.Graph) -> None:
    texts = {str(graph.value(o, NQ.sourceText)) for o in graph.subjects(rdflib.RDF.type, NQ.GeneralObjective)}
    assert "Xây dựng nông thôn mới bền vững." in texts


def test_an_assignment_names_lead_participant_recipient_and_recurrence(graph: rdflib.Graph) -> None:
    (a,) = graph.subjects(rdflib.RDF.type, NQ.Assignment)
    agency = "https://w3id.org/nqgraph/id/agency/dien-bien/"
    assert str(graph.value(a, NQ.leadAgency)) == agency + "so-noi-vu"
    assert str(graph.value(a, NQ.participant)) == agency + "so-y-te"
    assert str(graph.value(a, NQ.reportsTo)) == agency + "ban-thuong-vu-tinh-uy"
    assert graph.value(a, NQ.reportingRecurrence) == NQ.Annual


def test_a_cited_resolution_resolves_to_the_graph_and_continues(graph: rdflib.Graph) -> None:
    (c,) = graph.subjects(rdflib.RDF.type, NQ.Citation)
    assert str(graph.value(c, NQ.citedDocument)).endswith("/eli/dien-bien/tu/2021/10-nq-tu")
    assert graph.value(c, NQ.citationType) == NQ.continues


def test_every_component_has_its_span_and_sentence(graph: rdflib.Graph) -> None:
    for c in set(graph.subjects(NQ.statedIn, None)):
        start, end = int(graph.value(c, NQ.spanStart)), int(graph.value(c, NQ.spanEnd))  # type: ignore[arg-type]
        assert " ".join(TEXT[start:end].split()).startswith(str(graph.value(c, NQ.sourceText))[:20])


def test_an_ocr_text_warns_of_its_passage_and_of_numbers_it_misread() -> None:
    resolver = _resolver()
    text = TEXT.replace("đạt trên 90%", "đạt trên 9O%") + "2. Thu nhập bình quân 5l triệu đồng.\n"
    source = SourceText(text, Path("t.txt"), "ocr", ocr_spans=(Span(0, len(text)),))
    kinds = [w.kind for w in draft_source(source, resolver=resolver).warnings]
    assert kinds.count("ocr-passage") == 1
    assert kinds.count("unreadable-number") == 2


def test_a_text_typed_by_hand_gets_no_ocr_warning() -> None:
    resolver = _resolver()
    warnings = draft_source(SourceText(TEXT, Path("t.txt"), "text"), resolver=resolver).warnings
    assert not [w for w in warnings if w.kind in ("ocr-passage", "unreadable-number")]


def test_numbering_that_skips_is_a_warning() -> None:
    resolver = _resolver()
    text = TEXT.replace("(2) Xây dựng", "(4) Xây dựng")
    warnings = draft_source(SourceText(text, Path("t.txt"), "text"), resolver=resolver).warnings
    assert [w.message for w in warnings if w.kind == "numbering-gap"] == [
        "Numbering does not follow: (1) is followed by (4) (section I.1 (4))."
    ]


def test_a_number_from_which_nothing_is_drafted_is_a_warning() -> None:
    resolver = _resolver()
    text = TEXT.replace(
        "II. TỔ CHỨC",
        "II. NHIỆM VỤ\n1. Phát triển mạng lưới\nMở rộng 12 trường học vùng cao.\n\nIII. TỔ CHỨC",
    )
    warnings = draft_source(SourceText(text, Path("t.txt"), "text"), resolver=resolver).warnings
    (found,) = [w for w in warnings if w.kind == "number-not-extracted"]
    assert (
        found.span is not None
        and text[found.span.start : found.span.end] == "Mở rộng 12 trường học vùng cao."
    )


def _targets_of(text: str) -> list[tuple[str, str, str]]:
    resolver = _resolver()
    graph = draft_source(SourceText(text, Path("t.txt"), "text"), resolver=resolver).graph
    out = []
    for t in set(graph.subjects(rdflib.RDF.type, NQ.Target)) | set(
        graph.subjects(rdflib.RDF.type, NQ.RelativeTarget)
    ):
        out.append(
            (
                str(graph.value(t, NQ.value)),
                str(graph.value(t, NQ.unit)).split("#")[1],
                str(graph.value(t, NQ.targetYear)),
            )
        )
    return sorted(out)


def test_a_growth_rate_is_a_percentage_per_year() -> None:
    text = TEXT.replace("(2) Xây dựng nông thôn mới bền vững.", "(2) Tốc độ tăng trưởng kinh tế đạt trên 9%.")
    assert ("9", "PercentPerYear", "2030") in _targets_of(text)


def test_a_sum_of_money_in_a_task_is_a_budget_not_a_target() -> None:
    text = TEXT.replace(
        "II. TỔ CHỨC",
        "II. NHIỆM VỤ\n1. Hạ tầng\nĐầu tư hoàn thiện hạ tầng với tổng vốn đạt 120 tỷ đồng.\n\nIII. TỔ CHỨC",
    )
    assert [t for t in _targets_of(text) if t[1] == "BillionDong"] == []


def test_a_sum_of_money_among_the_objectives_is_a_target() -> None:
    text = TEXT.replace(
        "(2) Xây dựng nông thôn mới bền vững.", "(2) Thu ngân sách đạt 2.500 tỷ đồng năm 2028."
    )
    assert ("2500", "BillionDong", "2028") in _targets_of(text)
