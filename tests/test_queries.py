"""Every saved query on the bundled data, with expected rows written by hand from the texts."""

from __future__ import annotations

import shutil

import pytest
from rdflib.term import Node

import nqgraph
from conftest import DATA, ROOT
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import load_queries, read_query
from nqgraph.graph.store import QueryResult
from nqgraph.publish.output import compact

ID = "https://w3id.org/nqgraph/id/"
DB10 = "eli/dien-bien/tu/2021/10-nq-tu"
DB19 = "eli/dien-bien/tu/2025/19-nq-tu"
DB06 = "eli/dien-bien/tu/2012/06-nq-tu"
LC06 = "eli/lai-chau/tu/2026/06-nq-tu"
HY15 = "eli/hung-yen/btvtu/2026/15-nq-tu"
DT617 = "eli/dong-thap/ubnd/2025/617-kh-ubnd"
LC134 = "eli/lao-cai/ubnd/2026/134-kh-ubnd"
# Đồng Tháp 617/KH-UBND appendix rows 4, 5, 6, 8 and 11 are due "Quí IV-2025" (2025-12-31).
DT617_OVERDUE = [
    (
        f"id:{DT617}/task/appendix-{n}",
        "617/KH-UBND",
        "Quí IV-2025",
        "2025-12-31",
        f"id:agency/dong-thap/{lead}",
    )
    for n, lead in [
        (11, "so-khoa-hoc-va-cong-nghe"),
        (4, "so-khoa-hoc-va-cong-nghe"),
        (5, "so-cong-thuong"),
        (6, "so-khoa-hoc-va-cong-nghe"),
        (8, "so-khoa-hoc-va-cong-nghe"),
    ]
]


def run(kg: KnowledgeGraph, name: str, **params: str) -> QueryResult:
    return nqgraph.run_query(kg.store, name, params)


def rows(result: QueryResult, *columns: str) -> list[tuple[str, ...]]:
    """The named columns of every row, in compact text form (prefixed IRIs, lexical literals)."""
    index = [result.variables.index(c) for c in columns]
    return [tuple(compact(row[i]) for i in index) for row in result.rows]


def test_overdue_tasks_as_of_the_build_day(kg: KnowledgeGraph) -> None:
    result = run(kg, "overdue-tasks", asOf="2026-11-23")
    assert rows(result, "task", "documentNumber", "deadlineText", "dueDate", "leadAgency") == [
        *DT617_OVERDUE,
        (
            f"id:{DB19}/task/appendix-1",
            "19-NQ/TU",
            "Quý I/2026",
            "2026-03-31",
            "id:agency/dien-bien/ban-tuyen-giao-va-dan-van-tinh-uy",
        ),
        (
            f"id:{DB19}/task/appendix-2",
            "19-NQ/TU",
            "Quý I/2026",
            "2026-03-31",
            "id:agency/dien-bien/so-noi-vu",
        ),
        (
            f"id:{DB19}/task/appendix-9",
            "19-NQ/TU",
            "Quý II/2026",
            "2026-06-30",
            "id:agency/dien-bien/ban-to-chuc-tinh-uy",
        ),
    ]


def test_overdue_tasks_at_the_start_of_2027_include_the_2026_year_end_deadlines(kg: KnowledgeGraph) -> None:
    result = run(kg, "overdue-tasks", asOf="2027-01-01")
    assert sorted(rows(result, "task", "deadlineText", "leadAgency")) == [
        (f"id:{DB19}/task/appendix-1", "Quý I/2026", "id:agency/dien-bien/ban-tuyen-giao-va-dan-van-tinh-uy"),
        (f"id:{DB19}/task/appendix-12", "Năm 2026", "id:agency/dien-bien/so-tai-chinh"),
        (f"id:{DB19}/task/appendix-13", "Năm 2026", "id:agency/dien-bien/so-noi-vu"),
        (f"id:{DB19}/task/appendix-15", "Quý IV/2026", "id:agency/dien-bien/ban-to-chuc-tinh-uy"),
        (f"id:{DB19}/task/appendix-2", "Quý I/2026", "id:agency/dien-bien/so-noi-vu"),
        (f"id:{DB19}/task/appendix-6", "Quý IV/2026", "id:agency/dien-bien/so-giao-duc-va-dao-tao"),
        (f"id:{DB19}/task/appendix-9", "Quý II/2026", "id:agency/dien-bien/ban-to-chuc-tinh-uy"),
        *sorted((task, deadline, lead) for task, _, deadline, _, lead in DT617_OVERDUE),
        (
            f"id:{LC134}/task/assignment-v-9-b",
            "hoàn thành phê duyệt phương án trong năm 2026",
            "id:agency/lao-cai/ubnd-phuong-yen-bai",
        ),
        (
            f"id:{LC134}/task/key-ii-4",
            "hoàn thành trong quý IV năm 2026",
            "id:agency/lao-cai/ubnd-phuong-lao-cai",
        ),
        (
            f"id:{LC134}/task/key-ii-5",
            "hoàn thành trong năm 2026",
            "id:agency/lao-cai/ban-quan-ly-khu-kinh-te",
        ),
        (
            f"id:{LC134}/task/key-ii-6",
            "hoàn thành trong năm 2026",
            "id:agency/lao-cai/ban-quan-ly-cac-khu-cong-nghiep",
        ),
        (
            f"id:{LC134}/task/key-ii-6",
            "hoàn thành trong năm 2026",
            "id:agency/lao-cai/ban-quan-ly-khu-kinh-te",
        ),
    ]


def test_nothing_is_overdue_on_the_day_of_the_first_deadline(kg: KnowledgeGraph) -> None:
    assert run(kg, "overdue-tasks", asOf="2025-12-31").rows == ()
    on_19_nq_tu_first_deadline = run(kg, "overdue-tasks", asOf="2026-03-31")
    assert [r[0] for r in rows(on_19_nq_tu_first_deadline, "task")] == [r[0] for r in DT617_OVERDUE]


def test_no_agency_leads_every_overdue_task_at_the_build_day(kg: KnowledgeGraph) -> None:
    assert run(kg, "agencies-leading-every-overdue-task", asOf="2026-11-23").rows == ()
    assert run(kg, "agencies-leading-every-overdue-task", asOf="2026-11-23", document=DB19).rows == ()


PROGRESS = f"""@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{ID}progress/19-nq-tu/appendix-1> a nq:ProgressRecord ;
    rdfs:label "Đã hoàn thành nhiệm vụ 1"@vi, "Task 1 completed"@en ;
    nq:progressOf <{ID}{DB19}/task/appendix-1> ;
    nq:status nq:Completed ; nq:completedOn "2026-03-20"^^xsd:date .

<{ID}{DB19}/task/appendix-9> nq:completedOn "2026-08-15"^^xsd:date .
"""


@pytest.fixture(scope="module")
def with_progress(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The bundled data plus a progress record for appendix task 1 and a completion date on task 9."""
    data = tmp_path_factory.mktemp("progress") / "ttl"
    shutil.copytree(DATA, data)
    (data / "progress.ttl").write_text(PROGRESS, encoding="utf-8")
    return nqgraph.open_graph(data=data)


def test_a_progress_record_takes_its_task_out_of_overdue_tasks(with_progress: KnowledgeGraph) -> None:
    result = run(with_progress, "overdue-tasks", asOf="2026-11-23")
    assert rows(result, "task") == [*((r[0],) for r in DT617_OVERDUE), (f"id:{DB19}/task/appendix-2",)]


def test_a_completion_after_as_of_still_counts_as_overdue(with_progress: KnowledgeGraph) -> None:
    result = run(with_progress, "overdue-tasks", asOf="2026-07-01")
    assert [r[0] for r in rows(result, "task")] == [
        *(r[0] for r in DT617_OVERDUE),
        f"id:{DB19}/task/appendix-2",
        f"id:{DB19}/task/appendix-9",
    ]


def test_the_only_agency_left_leading_every_overdue_task(with_progress: KnowledgeGraph) -> None:
    result = run(with_progress, "agencies-leading-every-overdue-task", asOf="2026-11-23", document=DB19)
    assert rows(result, "agency", "agencyLabel") == [
        ("id:agency/dien-bien/so-noi-vu", "Sở Nội vụ tỉnh Điện Biên")
    ]


def test_supersession_chain_of_10_nq_tu(kg: KnowledgeGraph) -> None:
    result = run(kg, "supersession-chain", document=DB10)
    assert rows(result, "related", "number", "issuedOn", "relation") == [
        (f"id:{DB06}", "06-NQ/TU", "2012-03-23", "predecessor"),
        (f"id:{DB19}", "19-NQ/TU", "2025-02-27", "successor"),
    ]


def test_supersession_chain_of_19_nq_tu_reaches_2012_by_transitivity(kg: KnowledgeGraph) -> None:
    result = run(kg, "supersession-chain", document=DB19)
    assert rows(result, "number", "relation") == [("06-NQ/TU", "predecessor"), ("10-NQ/TU", "predecessor")]


def test_the_lai_chau_06_nq_tu_is_not_in_the_dien_bien_chain(kg: KnowledgeGraph) -> None:
    assert run(kg, "supersession-chain", document=LC06).rows == ()


def test_targets_of_the_trained_labour_rate(kg: KnowledgeGraph) -> None:
    result = run(kg, "targets", indicator="indicator/trained-labour-rate")
    assert rows(result, "documentNumber", "year", "comparator", "value", "valueMax", "baselineValue") == [
        ("10-NQ/TU", "2025", "nq:Between", "65", "70", "57"),
        ("10-NQ/TU", "2030", "nq:GreaterThan", "70", "", "57"),
        ("19-NQ/TU", "2030", "nq:GreaterThan", "70", "", ""),
        ("19-NQ/TU", "2035", "nq:GreaterThan", "73", "", ""),
        ("26-NQ/TU", "2026", "nq:Equal", "71", "", ""),
    ]


def test_targets_of_hung_yen_carry_their_footnote_baselines(kg: KnowledgeGraph) -> None:
    result = run(kg, "targets", document=HY15)
    assert len(result.rows) == 12
    baselines = sorted(
        r for r in rows(result, "comparator", "value", "baselineValue", "baselineYear") if r[2]
    )
    assert baselines == [
        ("nq:GreaterThan", "20", "11.19", "2026"),
        ("nq:GreaterThan", "25", "22.03", "2026"),
        ("nq:GreaterThan", "25", "23.17", "2026"),
    ]


def test_targets_for_2035_are_19_nq_tu_orientation_and_a_dong_thap_milestone(kg: KnowledgeGraph) -> None:
    result = run(kg, "targets", year="2035")
    got = {(r[0], r[1], r[2]) for r in rows(result, "indicator", "comparator", "value")}
    assert got == {
        ("id:indicator/vocational-trainees-per-year", "nq:AtLeast", "18000"),
        ("id:indicator/trained-labour-rate", "nq:GreaterThan", "73"),
        ("id:indicator/certified-trained-labour-rate", "nq:GreaterThan", "65"),
        ("id:indicator/new-jobs-per-year", "nq:AtLeast", "15500"),
        ("id:indicator/overseas-contract-workers-per-year", "nq:AtLeast", "1000"),
        ("id:indicator/employed-workers", "nq:GreaterThan", "500000"),
        ("id:indicator/researchers-per-10000", "nq:Equal", "20"),
        ("id:indicator/sme-coop-household-business-digital-adoption-share", "nq:AtLeast", "85"),
    }


def test_relative_targets_keep_their_reference_year_and_are_never_absolutes(kg: KnowledgeGraph) -> None:
    result = run(kg, "targets", document=DB10, indicator="indicator/labour-force")
    assert rows(result, "year", "value", "unit", "changeDirection", "referenceYear") == [
        ("2025", "387544", "nq:Persons", "", ""),
        ("2025", "7.45", "nq:Percent", "nq:Increase", "2020"),
        ("2030", "9.83", "nq:Percent", "nq:Increase", "2025"),
    ]


def test_target_revisions_in_dien_bien_2021_to_2025_and_in_lao_cai_2025_to_2026(kg: KnowledgeGraph) -> None:
    result = run(kg, "target-revisions")
    assert rows(
        result,
        "indicator",
        "year",
        "earlierNumber",
        "earlierComparator",
        "earlierValue",
        "laterNumber",
        "laterComparator",
        "laterValue",
    ) == [
        (
            "id:indicator/certified-trained-labour-rate",
            "2030",
            "10-NQ/TU",
            "nq:GreaterThan",
            "45",
            "19-NQ/TU",
            "nq:GreaterThan",
            "55",
        ),
        (
            "id:indicator/labour-share-agriculture",
            "2030",
            "10-NQ/TU",
            "nq:LessThan",
            "58",
            "19-NQ/TU",
            "nq:Equal",
            "65.96",
        ),
        (
            "id:indicator/labour-share-industry-construction",
            "2030",
            "10-NQ/TU",
            "nq:GreaterThan",
            "16",
            "19-NQ/TU",
            "nq:Equal",
            "14.72",
        ),
        (
            "id:indicator/labour-share-services",
            "2030",
            "10-NQ/TU",
            "nq:AtLeast",
            "26",
            "19-NQ/TU",
            "nq:Equal",
            "19.31",
        ),
        (
            "id:indicator/population",
            "2030",
            "10-NQ/TU",
            "nq:Equal",
            "720000",
            "19-NQ/TU",
            "nq:GreaterThan",
            "716000",
        ),
        (
            "id:indicator/industrial-parks-central-wastewater-treatment-share",
            "2026",
            "26-NQ/TU",
            "nq:Equal",
            "41.7",
            "134/KH-UBND",
            "nq:Equal",
            "100",
        ),
    ]


def test_indicator_timeline_of_the_trained_labour_rate(kg: KnowledgeGraph) -> None:
    result = run(kg, "indicator-timeline", indicator="indicator/trained-labour-rate")
    assert rows(result, "year", "kind", "documentNumber", "comparator", "value", "valueMax") == [
        ("2020", "baseline", "10-NQ/TU", "", "57", ""),
        ("2020", "baseline", "10-NQ/TU", "", "57", ""),
        ("2020", "reported", "10-NQ/TU", "", "57", ""),
        ("2025", "target", "10-NQ/TU", "nq:Between", "65", "70"),
        ("2026", "target", "26-NQ/TU", "nq:Equal", "71", ""),
        ("2030", "target", "10-NQ/TU", "nq:GreaterThan", "70", ""),
        ("2030", "target", "19-NQ/TU", "nq:GreaterThan", "70", ""),
        ("2035", "target", "19-NQ/TU", "nq:GreaterThan", "73", ""),
    ]


def test_indicator_timeline_lines_up_population_across_resolutions(kg: KnowledgeGraph) -> None:
    result = run(kg, "indicator-timeline", indicator="indicator/population")
    assert rows(result, "year", "documentNumber", "comparator", "value") == [
        ("2025", "10-NQ/TU", "nq:Equal", "668030"),
        ("2030", "10-NQ/TU", "nq:Equal", "720000"),
        ("2030", "19-NQ/TU", "nq:GreaterThan", "716000"),
    ]


def test_agency_workload_counts_the_19_nq_tu_appendix(kg: KnowledgeGraph) -> None:
    result = run(kg, "agency-workload")
    table = {
        (r[0], r[1]): r[2:] for r in rows(result, "agency", "documentNumber", "leads", "joins", "supervises")
    }
    assert table[("id:agency/dien-bien/so-noi-vu", "19-NQ/TU")] == ("7", "0", "0")
    assert table[("id:agency/dien-bien/ban-to-chuc-tinh-uy", "19-NQ/TU")][0] == "2"
    assert table[("id:agency/dien-bien/dang-uy-ubnd-tinh", "19-NQ/TU")][2] == "12"
    assert table[("id:agency/dien-bien/dang-uy-cac-co-quan-dang-tinh", "19-NQ/TU")][2] == "2"
    assert table[("id:agency/dien-bien/dang-uy-hdnd-tinh", "19-NQ/TU")][2] == "1"
    assert int(table[("id:agency/dien-bien/ubnd-xa-phuong", "19-NQ/TU")][1]) >= 15


def test_documents_citing_the_2012_resolution(kg: KnowledgeGraph) -> None:
    result = run(kg, "documents-citing", document=DB06)
    got = rows(result, "number", "relation")
    assert ("02-KL/TU", "nq:continues") in got
    assert got.count(("10-NQ/TU", "nq:supersedes")) == 2  # one sentence in each text variant
    assert {r[0] for r in got} == {"02-KL/TU", "10-NQ/TU"}


def test_documents_citing_10_nq_tu_is_its_successor(kg: KnowledgeGraph) -> None:
    result = run(kg, "documents-citing", document=DB10)
    (row,) = rows(result, "number", "relation", "sourceText")
    assert row[:2] == ("19-NQ/TU", "nq:supersedes")
    assert row[2].startswith("Sau 5 năm triển khai thực hiện Nghị quyết số 10-NQ/TU, ngày 29/7/2021")


def test_shared_document_numbers_are_the_two_06_nq_tu(kg: KnowledgeGraph) -> None:
    result = run(kg, "shared-document-numbers")
    assert rows(result, "number", "document", "province", "issuedOn") == [
        ("06-NQ/TU", f"id:{DB06}", "id:province/dien-bien", "2012-03-23"),
        ("06-NQ/TU", f"id:{LC06}", "id:province/lai-chau", "2026-03-04"),
    ]


def test_variant_differences_of_10_nq_tu(kg: KnowledgeGraph) -> None:
    result = run(kg, "variant-differences", document=DB10)
    only_b = sorted(r[1:] for r in rows(result, "statedIn", "indicator", "value") if r[0].endswith("text-b"))
    assert only_b == [
        ("id:indicator/kindergarten-enrolment-age5", "99.9"),
        ("id:indicator/kindergarten-enrolment-rate", "99.6"),
        ("id:indicator/nursery-enrolment-rate", "55"),
    ]
    only_a = rows(result, "target", "statedIn")
    assert (f"id:{DB10}/target/i-3-1-1-b", f"id:{DB10}/text-a") in only_a  # population 668.030 (text-a only)
    assert all(not t.endswith("/i-3-1-6-a") for t, _ in only_a)  # 99,89% is in both variants
    assert len(result.rows) == 43


def test_variant_differences_is_empty_for_single_variant_documents(kg: KnowledgeGraph) -> None:
    assert run(kg, "variant-differences", document=HY15).rows == ()


def _normalised(result: QueryResult, ordered: bool) -> list[tuple[str, ...]]:
    out = [tuple(_canon(t) for t in row) for row in result.rows]
    return out if ordered else sorted(out)


def _canon(term: Node | None) -> str:
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None and term.value is not None:
        return f"{term.value!r}^^{term.datatype}"
    return "" if term is None else term.n3()


PARAMS: dict[str, dict[str, str]] = {
    "overdue-tasks": {"asOf": "2027-01-01"},
    "agencies-leading-every-overdue-task": {"asOf": "2026-11-23"},
    "supersession-chain": {"document": DB19},
    "indicator-timeline": {"indicator": "indicator/trained-labour-rate"},
    "documents-citing": {"document": DB06},
}


@pytest.fixture(scope="module")
def rdflib_kg() -> KnowledgeGraph:
    return nqgraph.open_graph(data=DATA, engine="rdflib")


@pytest.mark.parametrize("name", sorted(load_queries(ROOT / "queries")))
def test_every_saved_query_gives_the_same_rows_on_rdflib_and_oxigraph(
    kg: KnowledgeGraph, rdflib_kg: KnowledgeGraph, name: str
) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    ox_result = run(kg, name, **PARAMS.get(name, {}))
    rd_result = run(rdflib_kg, name, **PARAMS.get(name, {}))
    assert ox_result.variables == rd_result.variables
    assert _normalised(ox_result, query.ordered) == _normalised(rd_result, query.ordered)


@pytest.mark.parametrize("name", sorted(load_queries(ROOT / "queries")))
def test_every_saved_query_has_a_header_with_summary_and_typed_parameters(name: str) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    assert query.summary and query.description
    for param in query.params:
        assert param.description, (name, param.name)


def test_both_engines_hold_the_same_reasoned_dataset(kg: KnowledgeGraph, rdflib_kg: KnowledgeGraph) -> None:
    assert len(kg.store) == len(rdflib_kg.store)
