"""Every shape has a minimal valid and a minimal invalid snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets import findings_for

DOC = "id:eli/p/tu/2021/1-nq-tu"
TARGET = f"""id:eli/p/tu/2021/1-nq-tu/target/t a nq:Target ;
    rdfs:label "Chỉ tiêu"@vi, "Target"@en ;
    nq:document {DOC} ; nq:sourceText "đạt 99,89%"@vi ;
    nq:indicator id:indicator/i ; nq:targetYear "2025"^^xsd:gYear ; nq:unit nq:Percent ;
"""
TASK = f"""id:eli/p/tu/2021/1-nq-tu/task/t a nq:Task ;
    rdfs:label "Nhiệm vụ"@vi, "Task"@en ; nq:document {DOC} ; nq:sourceText "Nhiệm vụ"@vi ;
"""
APPENDIX = TASK.replace("a nq:Task", "a nq:AppendixTask") + ' nq:deadlineText "Quý I/2026"@vi ;\n'

# (shape, severity, valid snippet, invalid snippet, words expected in the invalid finding's message)
CASES = [
    (
        "target complete",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 99.89 .",
        TARGET.replace("nq:indicator id:indicator/i ;", "") + "nq:comparator nq:Equal ; nq:value 99.89 .",
        "indicator",
    ),
    (
        "target without year",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 99.89 .",
        TARGET.replace('nq:targetYear "2025"^^xsd:gYear ;', "") + "nq:comparator nq:Equal ; nq:value 99.89 .",
        "target year",
    ),
    (
        "target without comparator",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 99.89 .",
        TARGET + "nq:value 99.89 .",
        "comparator",
    ),
    (
        "target value as a string",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 99.89 .",
        TARGET + 'nq:comparator nq:Equal ; nq:value "99,89" .',
        "xsd:decimal",
    ),
    (
        "target without unit",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 99.89 .",
        TARGET.replace("nq:unit nq:Percent ;", "") + "nq:comparator nq:Equal ; nq:value 99.89 .",
        "unit",
    ),
    (
        "range max below min",
        "Violation",
        TARGET + "nq:comparator nq:Between ; nq:value 65.0 ; nq:valueMax 70.0 .",
        TARGET + "nq:comparator nq:Between ; nq:value 70.0 ; nq:valueMax 65.0 .",
        "below its minimum",
    ),
    (
        "range without max",
        "Violation",
        TARGET + "nq:comparator nq:Between ; nq:value 65.0 ; nq:valueMax 70.0 .",
        TARGET + "nq:comparator nq:Between ; nq:value 65.0 .",
        "nq:valueMax",
    ),
    (
        "percentage above 100",
        "Violation",
        TARGET + "nq:comparator nq:Equal ; nq:value 100.0 .",
        TARGET + "nq:comparator nq:Equal ; nq:value 100.5 .",
        "outside 0–100",
    ),
    (
        "relative target without reference year",
        "Violation",
        TARGET.replace("a nq:Target", "a nq:RelativeTarget")
        + "nq:comparator nq:Equal ; nq:value 7.45 ; nq:changeDirection nq:Increase ; "
        + 'nq:referenceYear "2020"^^xsd:gYear .',
        TARGET.replace("a nq:Target", "a nq:RelativeTarget")
        + "nq:comparator nq:Equal ; nq:value 7.45 ; nq:changeDirection nq:Increase .",
        "reference",
    ),
    (
        "appendix task with one lead",
        "Violation",
        APPENDIX + "nq:leadAgency id:agency/p/a .",
        APPENDIX + "nq:leadAgency id:agency/p/a, id:agency/p/b .",
        "exactly one lead agency",
    ),
    (
        "appendix task without lead",
        "Violation",
        APPENDIX + "nq:leadAgency id:agency/p/a .",
        APPENDIX.rstrip(" ;\n") + " .",
        "exactly one lead agency",
    ),
    (
        "invalid due date",
        "Violation",
        TASK + 'nq:dueDate "2026-06-30"^^xsd:date .',
        TASK + 'nq:dueDate "2026-06-31"^^xsd:date .',
        "valid xsd:date",
    ),
    (
        "component without document",
        "Violation",
        TASK + 'nq:dueDate "2026-06-30"^^xsd:date .',
        TASK.replace(f"nq:document {DOC} ;", "") + 'nq:dueDate "2026-06-30"^^xsd:date .',
        "exactly one document",
    ),
    (
        "document with invalid date",
        "Violation",
        "",
        'id:eli/p/tu/2021/1-nq-tu nq:issuedOn "2021-02-30"^^xsd:date .',
        "issue date",
    ),
    (
        "change event without date or unknown",
        "Violation",
        'id:change/p/c a nq:ChangeEvent ; rdfs:label "Đổi"@vi, "Change"@en ; nq:changeDateStatus "unknown" .',
        'id:change/p/c a nq:ChangeEvent ; rdfs:label "Đổi"@vi, "Change"@en .',
        "unknown",
    ),
    (
        "document citing a later document",
        "Warning",
        "id:eli/p/tu/2025/2-nq-tu nq:cites id:eli/p/tu/2021/1-nq-tu .",
        "id:eli/p/tu/2021/1-nq-tu nq:cites id:eli/p/tu/2025/2-nq-tu .",
        "dated later",
    ),
    (
        "supersession cycle",
        "Warning",
        "id:eli/p/tu/2025/2-nq-tu nq:supersedes id:eli/p/tu/2021/1-nq-tu .",
        "id:eli/p/tu/2025/2-nq-tu nq:supersedes id:eli/p/tu/2021/1-nq-tu . "
        "id:eli/p/tu/2021/1-nq-tu nq:supersedes id:eli/p/tu/2025/2-nq-tu .",
        "cycle",
    ),
    (
        "task due before its document",
        "Warning",
        TASK + 'nq:dueDate "2026-06-30"^^xsd:date .',
        TASK + 'nq:dueDate "2020-06-30"^^xsd:date .',
        "before its document was issued",
    ),
    (
        "target year before issue date",
        "Warning",
        TARGET + "nq:comparator nq:Equal ; nq:value 50.0 .",
        TARGET.replace('"2025"^^xsd:gYear', '"2020"^^xsd:gYear') + "nq:comparator nq:Equal ; nq:value 50.0 .",
        "before the year its document was issued",
    ),
    (
        "reference to a congress held after the document",
        "Warning",
        'id:agency/p/dh a nq:Congress ; rdfs:label "Đại hội"@vi, "Congress"@en ; '
        'nq:congressOpenedOn "2020-10-13"^^xsd:date . '
        'id:eli/p/dh/2020/nq a nq:CongressResolution ; rdfs:label "NQ"@vi, "Resolution"@en ; '
        "nq:issuedBy id:agency/p/dh . id:eli/p/tu/2021/1-nq-tu nq:implements id:eli/p/dh/2020/nq .",
        'id:agency/p/dh a nq:Congress ; rdfs:label "Đại hội"@vi, "Congress"@en ; '
        'nq:congressOpenedOn "2025-10-14"^^xsd:date . '
        'id:eli/p/dh/2025/nq a nq:CongressResolution ; rdfs:label "NQ"@vi, "Resolution"@en ; '
        "nq:issuedBy id:agency/p/dh . id:eli/p/tu/2021/1-nq-tu nq:implements id:eli/p/dh/2025/nq .",
        "congress that opened later",
    ),
    (
        "agency assigned work after it was dissolved",
        "Warning",
        TASK + "nq:leadAgency id:agency/p/a . "
        'id:change/p/c a nq:ChangeEvent ; rdfs:label "Đổi"@vi, "Change"@en ; '
        "org:originalOrganization id:agency/p/a ; "
        'org:resultingOrganization id:agency/p/b ; nq:changeDate "2022-01-01"^^xsd:date .',
        TASK + "nq:leadAgency id:agency/p/a . "
        'id:change/p/c a nq:ChangeEvent ; rdfs:label "Đổi"@vi, "Change"@en ; '
        "org:originalOrganization id:agency/p/a ; "
        'org:resultingOrganization id:agency/p/b ; nq:changeDate "2021-01-01"^^xsd:date .',
        "ceased to exist",
    ),
]


@pytest.mark.parametrize(("name", "severity", "valid", "invalid", "words"), CASES, ids=[c[0] for c in CASES])
def test_shape_accepts_valid_and_flags_invalid_snippet(
    tmp_path: Path, name: str, severity: str, valid: str, invalid: str, words: str
) -> None:
    ok = [f for f in findings_for(tmp_path / "valid", valid) if f.severity in ("Violation", "Warning")]
    assert ok == [], ok
    bad = findings_for(tmp_path / "invalid", invalid)
    hits = [f for f in bad if f.severity == severity and words in f.message]
    assert hits, [(f.severity, f.message) for f in bad]
