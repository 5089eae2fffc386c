"""Bad input gets a clear error naming the file, line or resource, and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import nqgraph
from nqgraph.errors import DataError
from snippets import PREFIXES, findings_for, write_data

TARGET = """id:eli/p/tu/2021/1-nq-tu/target/t a nq:Target ;
    rdfs:label "Chỉ tiêu"@vi, "Target"@en ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "đạt 99,89%"@vi ;
    nq:indicator id:indicator/i ; nq:targetYear "2025"^^xsd:gYear ; nq:unit nq:Percent ;
    nq:comparator nq:Equal ; nq:value 99.89 .
"""


def test_malformed_turtle_names_file_line_and_column(tmp_path: Path) -> None:
    folder = write_data(tmp_path, TARGET.replace("nq:Equal ;", "nq:Equal ;;;; ]"))
    with pytest.raises(DataError) as exc:
        nqgraph.open_graph(data=folder)
    message = str(exc.value)
    assert "snippet.ttl:" in message
    line = PREFIXES.count("\n") + 5
    assert f"snippet.ttl:{line}:" in message, message


def test_a_typo_in_a_property_name_names_file_resource_and_property(tmp_path: Path) -> None:
    folder = write_data(tmp_path, TARGET.replace("nq:sourceText", "nq:sourceTxt"))
    with pytest.raises(DataError) as exc:
        nqgraph.open_graph(data=folder)
    message = str(exc.value)
    assert "snippet.ttl" in message and "/target/t" in message and "sourceTxt" in message
    assert "unknown property" in message


def test_an_unknown_agency_iri_is_named(tmp_path: Path) -> None:
    task = (
        'id:eli/p/tu/2021/1-nq-tu/task/t a nq:Task ; rdfs:label "Nhiệm vụ"@vi, "Task"@en ;'
        ' nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "x"@vi ; nq:leadAgency id:agency/p/typo .'
    )
    with pytest.raises(DataError) as exc:
        nqgraph.open_graph(data=write_data(tmp_path, task))
    assert "agency/p/typo" in str(exc.value) and "no data file describes" in str(exc.value)


def test_a_duplicate_iri_names_both_files(tmp_path: Path) -> None:
    folder = write_data(tmp_path, TARGET)
    (folder / "again.ttl").write_text((folder / "snippet.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        nqgraph.open_graph(data=folder)
    message = str(exc.value)
    assert "duplicate IRI" in message and "again.ttl" in message and "snippet.ttl" in message


def test_text_that_is_not_nfc_is_refused(tmp_path: Path) -> None:
    decomposed = "Đie\u0302\u0323n Bie\u0302n"
    folder = write_data(tmp_path, TARGET.replace('"Chỉ tiêu"@vi', f'"{decomposed}"@vi'))
    with pytest.raises(DataError) as exc:
        nqgraph.open_graph(data=folder)
    assert "NFC" in str(exc.value)


def test_a_value_written_with_a_decimal_comma_is_a_violation_naming_the_file(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, TARGET.replace("nq:value 99.89", 'nq:value "99,89"'))
    hits = [f for f in findings if f.severity == "Violation" and f.path.endswith("#value")]
    assert hits and hits[0].file.endswith("snippet.ttl") and hits[0].focus.endswith("/target/t")


def test_a_missing_indicator_is_a_violation_naming_the_resource(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, TARGET.replace("nq:indicator id:indicator/i ;", ""))
    hits = [f for f in findings if f.severity == "Violation" and f.path.endswith("#indicator")]
    assert hits and hits[0].focus.endswith("/target/t") and "indicator" in hits[0].message


def test_an_empty_data_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no \.ttl files"):
        nqgraph.open_graph(data=tmp_path)
