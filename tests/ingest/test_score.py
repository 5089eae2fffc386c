"""The scorer on small hand-made graphs: exact matches, missed and extra facts, a wrong comparator,
a range, an agency proposed by the draft and found by its label, and the `score` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from nqgraph.cli.score import score_command
from nqgraph.ingest.score import Places, ScoreError, document_number, f1, score, table

PREFIXES = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix doc: <https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu/> .
@prefix ag: <https://w3id.org/nqgraph/id/agency/test/> .
"""

TEXT = """NGHỊ QUYẾT số 7-NQ/TU, ngày 05/3/2026

I- MỤC TIÊU
(1)- Tỷ lệ lao động qua đào tạo đạt trên 70%; tuổi thọ trung bình đạt 73 tuổi.
(2)- Mỗi năm đào tạo nghề cho 8.000 - 8.300 lao động.
Năm 2025 tỷ lệ này là 60%.

II- TỔ CHỨC THỰC HIỆN
1. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ theo dõi việc thực hiện.
Căn cứ Kết luận số 02 -KL/TU, ngày 20/5/2016.
"""
SOURCE = "data/sources/test.txt"

CURATED = (
    PREFIXES
    + """
<https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu> a nq:Resolution ;
    nq:documentNumber "7-NQ/TU" ; nq:issuedOn "2026-03-05"^^xsd:date ;
    nq:issuedBy ag:tinh-uy .
doc:text a nq:Expression ; nq:expressionOf <https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu> ;
    nq:sourceFile "data/sources/test.txt" .
doc:s-i a nq:Section ; nq:expression doc:text ; nq:sectionPath "I" .
doc:s-ii a nq:Section ; nq:expression doc:text ; nq:sectionPath "II" .
doc:target-1-a a nq:Target ; nq:statedIn doc:text ;
    nq:sourceText "Tỷ lệ lao động qua đào tạo đạt trên 70%"@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:GreaterThan ; nq:value 70.0 ; nq:unit nq:Percent .
doc:target-1-b a nq:Target ; nq:statedIn doc:text ;
    nq:sourceText "tuổi thọ trung bình đạt 73 tuổi."@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:Equal ; nq:value 73 ; nq:unit nq:Years .
doc:target-2-a a nq:Target ; nq:statedIn doc:text ;
    nq:sourceText "Mỗi năm đào tạo nghề cho 8.000 - 8.300 lao động."@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:Between ; nq:value 8000 ; nq:valueMax 8300 ;
    nq:unit nq:PersonsPerYear .
doc:observation-1 a nq:Observation ; nq:statedIn doc:text ;
    nq:sourceText "Năm 2025 tỷ lệ này là 60%."@vi ;
    nq:observedYear "2025"^^xsd:gYear ; nq:value 60 ; nq:unit nq:Percent .
doc:assignment-ii-1 a nq:Assignment ; nq:statedIn doc:text ;
    nq:sourceText "Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ theo dõi việc thực hiện."@vi ;
    nq:leadAgency ag:ban-to-chuc-tinh-uy ; nq:participant ag:so-noi-vu .
doc:citation-1 a nq:Citation ; nq:statedIn doc:text ;
    nq:sourceText "Căn cứ Kết luận số 02 -KL/TU, ngày 20/5/2016."@vi ;
    nq:citedDocument <https://w3id.org/nqgraph/id/eli/test/btvtu/2016/02-kl-tu> .
<https://w3id.org/nqgraph/id/eli/test/btvtu/2016/02-kl-tu> a nq:Conclusion ;
    nq:documentNumber "02-KL/TU" ; nq:issuedOn "2016-05-20"^^xsd:date .
ag:tinh-uy a nq:Agency ; rdfs:label "Tỉnh ủy"@vi .
ag:ban-to-chuc-tinh-uy a nq:Agency ; rdfs:label "Ban Tổ chức Tỉnh ủy"@vi .
ag:so-noi-vu a nq:Agency ; rdfs:label "Sở Nội vụ tỉnh"@vi ; skos:altLabel "Sở Nội vụ"@vi .
"""
)

# The draft as a perfect extractor would write it: other IRIs, the same facts.
DRAFT_HEAD = (
    PREFIXES
    + """
@prefix d: <https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu/draft/> .
<https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu> a nq:Resolution ;
    nq:documentNumber "7-NQ/TU" ; nq:issuedOn "2026-03-05"^^xsd:date ; nq:issuedBy ag:tinh-uy .
d:text a nq:Expression ; nq:expressionOf <https://w3id.org/nqgraph/id/eli/test/tu/2026/7-nq-tu> .
d:s1 a nq:Section ; nq:sectionPath "I" .
d:s2 a nq:Section ; nq:sectionPath "II" .
d:c1 a nq:Citation ; nq:sourceText "Căn cứ Kết luận số 02 -KL/TU, ngày 20/5/2016."@vi ;
    nq:citedDocument d:kl .
d:kl a nq:Conclusion ; nq:documentNumber "02 -KL/TU" ; nq:issuedOn "2016-05-20"^^xsd:date .
d:o1 a nq:Observation ; nq:sourceText "Năm 2025 tỷ lệ này là 60%."@vi ;
    nq:observedYear "2025"^^xsd:gYear ; nq:value 60.0 ; nq:unit nq:Percent .
"""
)
TARGET_1A = """
d:t1 a nq:Target ;
    nq:sourceText "Tỷ lệ lao động qua đào tạo đạt trên 70%; tuổi thọ trung bình đạt 73 tuổi."@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:GreaterThan ; nq:value 70 ; nq:unit nq:Percent .
"""
LIFE = "tuổi thọ trung bình đạt 73 tuổi"
SPAN = f"nq:spanStart {TEXT.index(LIFE)} ; nq:spanEnd {TEXT.index(LIFE) + len(LIFE)}"
TARGET_1B = f"""
d:t2 a nq:Target ; {SPAN} ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:Equal ; nq:value 73.00 ; nq:unit nq:Years .
"""
TARGET_2A = """
d:t3 a nq:Target ; nq:sourceText "Mỗi năm đào tạo nghề cho 8.000 - 8.300 lao động."@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:Between ; nq:value 8000 ; nq:valueMax 8300 ;
    nq:unit nq:PersonsPerYear .
"""
ASSIGNMENT = """
d:a1 a nq:Assignment ;
    nq:sourceText "Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ theo dõi việc thực hiện."@vi ;
    nq:leadAgency ag:ban-to-chuc-tinh-uy ; nq:participant d:agency-so-noi-vu .
d:agency-so-noi-vu a nq:Agency ; rdfs:label "Sở Nội Vụ"@vi .
"""


def graph(turtle: str) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def scored(*parts: str) -> dict[str, tuple[int, int, int]]:
    result = score(graph(DRAFT_HEAD + "".join(parts)), graph(CURATED), source_file=SOURCE, text=TEXT)
    return {k.kind: (k.curated, k.drafted, k.matched) for k in result.kinds}


def test_a_draft_with_every_fact_scores_one_on_every_kind() -> None:
    result = score(
        graph(DRAFT_HEAD + TARGET_1A + TARGET_1B + TARGET_2A + ASSIGNMENT),
        graph(CURATED),
        source_file=SOURCE,
        text=TEXT,
    )
    for kind in result.kinds:
        if kind.kind == "appendix":
            assert (kind.curated, kind.drafted, kind.f1) == (0, 0, None)
            continue
        assert (kind.precision, kind.recall, kind.f1) == (1.0, 1.0, 1.0), kind
        assert not kind.missed and not kind.extra


def test_a_target_the_draft_lacks_is_listed_as_missed_with_its_sentence() -> None:
    result = score(graph(DRAFT_HEAD + TARGET_1A + TARGET_2A), graph(CURATED), source_file=SOURCE, text=TEXT)
    targets = result.kind("target")
    assert (targets.curated, targets.drafted, targets.matched) == (3, 2, 2)
    assert targets.precision == 1.0 and targets.recall == pytest.approx(2 / 3)
    assert [(f.text, f.sentence) for f in targets.missed] == [
        ("2030: Equal 73 Years", "tuổi thọ trung bình đạt 73 tuổi.")
    ]


def test_a_target_the_curators_did_not_record_is_listed_as_extra() -> None:
    invented = """
d:t9 a nq:Target ; nq:sourceText "Mỗi năm đào tạo nghề cho 8.000 - 8.300 lao động."@vi ;
    nq:targetYear "2030"^^xsd:gYear ; nq:comparator nq:Equal ; nq:value 8300 ; nq:unit nq:Persons .
"""
    result = score(
        graph(DRAFT_HEAD + TARGET_1A + TARGET_1B + TARGET_2A + invented),
        graph(CURATED),
        source_file=SOURCE,
        text=TEXT,
    )
    targets = result.kind("target")
    assert [f.iri.rsplit("/", 1)[-1] for f in targets.extra] == ["t9"]
    assert targets.recall == 1.0 and targets.precision == 0.75


def test_a_wrong_comparator_is_one_missed_and_one_extra_fact() -> None:
    wrong = TARGET_1A.replace("nq:GreaterThan", "nq:AtLeast")
    result = score(
        graph(DRAFT_HEAD + wrong + TARGET_1B + TARGET_2A), graph(CURATED), source_file=SOURCE, text=TEXT
    )
    targets = result.kind("target")
    assert [f.text for f in targets.missed] == ["2030: GreaterThan 70 Percent"]
    assert [f.text for f in targets.extra] == ["2030: AtLeast 70 Percent"]


def test_a_range_matches_only_with_both_ends() -> None:
    assert scored(TARGET_1A, TARGET_1B, TARGET_2A)["target"] == (3, 3, 3)
    one_end = TARGET_2A.replace("; nq:valueMax 8300", "")
    assert scored(TARGET_1A, TARGET_1B, one_end)["target"] == (3, 3, 2)


def test_a_target_with_the_right_values_in_another_sentence_does_not_match() -> None:
    elsewhere = TARGET_1B.replace(SPAN, 'nq:sourceText "Năm 2025 tỷ lệ này là 60%."@vi')
    assert scored(TARGET_1A, elsewhere, TARGET_2A)["target"] == (3, 3, 2)


def test_an_agency_the_draft_proposes_matches_the_curated_agency_of_the_same_folded_name() -> None:
    assert scored(ASSIGNMENT)["assignment"] == (2, 2, 2)
    stranger = ASSIGNMENT.replace('"Sở Nội Vụ"@vi', '"Sở Tài chính"@vi')
    result = score(graph(DRAFT_HEAD + stranger), graph(CURATED), source_file=SOURCE, text=TEXT)
    assignments = result.kind("assignment")
    assert [f.text for f in assignments.missed] == ["participant: agency/test/so-noi-vu"]
    assert [f.text for f in assignments.extra] == ["participant: new: so tai chinh"]


def test_the_role_of_an_agency_counts() -> None:
    swapped = ASSIGNMENT.replace(
        "nq:leadAgency ag:ban-to-chuc-tinh-uy", "nq:supervisor ag:ban-to-chuc-tinh-uy"
    )
    assert scored(swapped)["assignment"] == (2, 2, 1)


def test_citations_match_by_number_as_printed_less_spaces_and_by_date() -> None:
    assert scored()["citation"] == (1, 1, 1)
    assert scored().get("observation") == (1, 1, 1)
    other_date = DRAFT_HEAD.replace('"2016-05-20"^^xsd:date', '"2016-05-21"^^xsd:date')
    result = score(graph(other_date), graph(CURATED), source_file=SOURCE, text=TEXT)
    assert result.kind("citation").matched == 0
    no_date = DRAFT_HEAD.replace(' ; nq:issuedOn "2016-05-20"^^xsd:date', "")
    result = score(graph(no_date), graph(CURATED), source_file=SOURCE, text=TEXT)
    assert result.kind("citation").matched == 1


def test_header_fields_not_printed_in_the_text_are_not_scored() -> None:
    text = TEXT.replace("số 7-NQ/TU, ngày 05/3/2026", "")
    draft = DRAFT_HEAD.replace('nq:documentNumber "7-NQ/TU" ; nq:issuedOn "2026-03-05"^^xsd:date ; ', "")
    result = score(graph(draft), graph(CURATED), source_file=SOURCE, text=text)
    header = result.kind("header")
    assert (header.curated, header.drafted, header.matched) == (1, 1, 1)
    assert sorted(f.text for f in header.not_printed) == ["date: 2026-03-05", "number: 7-NQ/TU"]


def test_header_fields_the_curated_data_does_not_record_are_not_scored() -> None:
    titled = DRAFT_HEAD.replace(
        "nq:issuedBy ag:tinh-uy .", 'nq:issuedBy ag:tinh-uy ; dcterms:title "Nghị quyết"@vi .'
    )
    result = score(graph(titled), graph(CURATED), source_file=SOURCE, text=TEXT)
    header = result.kind("header")
    assert (header.curated, header.drafted, header.matched) == (3, 3, 3)
    assert [f.text for f in header.not_recorded] == ["title: Nghị quyết"]


def test_section_paths_compare_as_strings() -> None:
    extra = '\nd:s3 a nq:Section ; nq:sectionPath "III" .\n'
    assert scored(extra)["section"] == (2, 3, 2)


def test_an_unknown_source_file_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(ScoreError, match=r"data/sources/other\.txt: no expression .*data/sources/test\.txt"):
        score(graph(DRAFT_HEAD), graph(CURATED), source_file="data/sources/other.txt", text=TEXT)


def test_places_are_found_across_markdown_residue_and_line_breaks() -> None:
    text = "**Tỷ lệ** lao động\n  đạt 70%."
    places = Places(text)
    assert places.find("Tỷ lệ lao động đạt 70%.") == ((2, len(text)),)
    assert places.find("không có") == ()


def test_numbers_fold_stray_spaces_and_f1_is_undefined_without_facts() -> None:
    assert document_number("134 /KH-UBND") == "134/KH-UBND"
    assert f1(0, 0, 0) is None
    assert f1(1, 2, 2) == 0.5


def test_the_table_lists_each_kind_and_the_missed_facts() -> None:
    result = score(graph(DRAFT_HEAD), graph(CURATED), source_file=SOURCE, text=TEXT)
    text = table(result)
    assert "target             3       0       0     –  0.00  0.00" in text.splitlines()
    assert "target, missed (3):" in text


# ---------------------------------------------------------------- the command


def write(tmp_path: Path) -> tuple[Path, Path, Path]:
    data = tmp_path / "data" / "ttl"
    data.mkdir(parents=True)
    (data / "curated.ttl").write_text(CURATED, encoding="utf-8")
    sources = tmp_path / "data" / "sources"
    sources.mkdir()
    (sources / "test.txt").write_text(TEXT, encoding="utf-8")
    draft = tmp_path / "draft.ttl"
    draft.write_text(DRAFT_HEAD + TARGET_1A, encoding="utf-8")
    return data, sources / "test.txt", draft


def test_the_score_command_prints_a_table_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, source, draft = write(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(score_command, [str(draft), "--source", str(source), "--data", str(data)])
    assert done.exit_code == 0, done.output
    assert "target, missed (2):" in done.output
    done = runner.invoke(
        score_command,
        [str(draft), "--source", "data/sources/test.txt", "--data", str(data), "--format", "json"],
    )
    assert done.exit_code == 0, done.output
    answer = json.loads(done.output)
    assert answer["kinds"]["target"]["matched"] == 1
    assert answer["kinds"]["target"]["recall"] == pytest.approx(0.3333)


def test_the_score_command_refuses_a_draft_that_is_not_turtle(tmp_path: Path) -> None:
    data, source, draft = write(tmp_path)
    draft.write_text("this is not turtle <", encoding="utf-8")
    done = CliRunner().invoke(score_command, [str(draft), "--source", str(source), "--data", str(data)])
    assert done.exit_code == 2
    assert f"{draft}: cannot read Turtle" in done.output


# ---------------------------------------------------------------- the benchmark's table in the docs


def test_the_drafting_accuracy_doc_holds_the_tables_of_the_saved_run() -> None:
    root = Path(__file__).resolve().parents[2]
    saved = root / "benchmarks" / "results" / "drafting.json"
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "score_drafts.py"), "--show", str(saved), "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    doc = (root / "docs" / "drafting-accuracy.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in done.stdout.splitlines() if line.startswith(("|", "Produced by", "Time:"))]
    assert len(rows) > 10
    missing = [row for row in rows if row not in doc]
    assert not missing, (
        "docs/drafting-accuracy.md differs from score_drafts.py --show --markdown:\n" + "\n".join(missing)
    )
