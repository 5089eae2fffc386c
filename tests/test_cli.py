"""The nqgraph command: outputs, formats, exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import DATA
from nqgraph.cli import cli
from snippets import write_data

BAD_VALUE = """id:eli/p/tu/2021/1-nq-tu/target/t a nq:Target ;
    rdfs:label "Chỉ tiêu"@vi, "Target"@en ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "đạt 99,89%"@vi ;
    nq:indicator id:indicator/i ; nq:targetYear "2025"^^xsd:gYear ; nq:unit nq:Percent ;
    nq:comparator nq:Equal ; nq:value "99,89" .
"""


def test_build_writes_every_output_and_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--out", str(out), "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    for name in ("nqgraph.trig", "nqgraph.ttl", "validation.ttl", "summary.txt", "summary.json"):
        assert (out / name).stat().st_size > 0, name
    assert "0 violation(s)" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["validation"].get("Violation", 0) == 0


def test_build_with_violations_writes_its_report_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", BAD_VALUE)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1, result.output
    report = (out / "validation.ttl").read_text(encoding="utf-8")
    assert "sh:ValidationReport" in report and "sh:Violation" in report
    assert "snippet.ttl" in (out / "summary.txt").read_text(encoding="utf-8")


def test_the_summaries_name_files_relative_to_the_data_so_any_checkout_writes_the_same_bytes(
    runner: CliRunner, tmp_path: Path
) -> None:
    written = []
    for place in ("one", "two"):
        data = write_data(tmp_path / place / "data", BAD_VALUE)
        out = tmp_path / place / "out"
        args = ["build", "--data", str(data), "--out", str(out), "--today", "2026-11-23"]
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert str(data) in result.output  # the terminal names the file in full
        written.append([(out / name).read_bytes() for name in ("summary.txt", "summary.json")])
    assert written[0] == written[1]
    files = {f["file"] for f in json.loads(written[0][1])["findings"]}
    assert files == {"data/snippet.ttl"}


def test_a_build_that_stops_on_an_error_leaves_the_previous_output_intact(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", "--out", str(out)]).exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = write_data(tmp_path / "broken", "this is not turtle")
    result = runner.invoke(cli, ["build", "--data", str(broken), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "snippet.ttl:" in result.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_query_prints_a_table_by_default(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "shared-document-numbers"])
    assert result.exit_code == 0, result.output
    assert "06-NQ/TU" in result.output and "(2 rows)" in result.output


def test_query_writes_csv_and_sparql_json(runner: CliRunner) -> None:
    csv_out = runner.invoke(cli, ["query", "shared-document-numbers", "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines()[0] == "number,document,documentLabel,province,provinceLabel,issuedOn"
    js = runner.invoke(cli, ["query", "shared-document-numbers", "--format", "json"])
    assert js.exit_code == 0, js.output
    body = json.loads(js.output)
    assert body["head"]["vars"] == [
        "number",
        "document",
        "documentLabel",
        "province",
        "provinceLabel",
        "issuedOn",
    ]
    assert len(body["results"]["bindings"]) == 2


def test_query_runs_inline_sparql_and_construct_as_turtle(runner: CliRunner) -> None:
    text = (
        "PREFIX nq: <https://w3id.org/nqgraph/ontology#> "
        "CONSTRUCT { ?d nq:documentNumber ?n } WHERE { ?d nq:documentNumber ?n }"
    )
    result = runner.invoke(cli, ["query", text, "--format", "ttl"])
    assert result.exit_code == 0, result.output
    assert '"19-NQ/TU"' in result.output


def test_an_unknown_query_name_lists_the_known_ones(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "overdue"])
    assert result.exit_code == 2
    assert "unknown query 'overdue'" in result.output and "overdue-tasks" in result.output


def test_a_malformed_parameter_says_which_and_why(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "overdue-tasks", "--param", "asOf=2026-13-45"])
    assert result.exit_code == 2
    assert (
        "asOf" in result.output
        and "2026-13-45" in result.output
        and "month must be in 1..12" in result.output
    )


def test_a_missing_required_parameter_says_which(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "supersession-chain"])
    assert result.exit_code == 2
    assert "parameter document (iri) is required" in result.output


def test_an_unknown_parameter_lists_the_declared_ones(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "targets", "--param", "yaer=2025"])
    assert result.exit_code == 2
    assert "yaer" in result.output and "document, indicator, year" in result.output


def test_a_syntax_error_in_a_user_query_file_gives_its_position(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    result = runner.invoke(cli, ["query", str(bad)])
    assert result.exit_code == 2
    assert "bad.rq" in result.output and "error at 3:" in result.output


def test_queries_lists_every_saved_query_with_its_summary(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    names = sorted(p.stem for p in (DATA.parents[1] / "queries").glob("*.rq"))
    for name in names:
        assert f"{name}: " in result.output
    assert "--param asOf=<date> (default: today)" in result.output


def test_stats_counts_documents_and_targets(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("Document")


def test_validate_reports_and_exits_0_on_the_bundled_data(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output


def test_every_command_is_documented_in_the_readme(runner: CliRunner) -> None:
    readme = (DATA.parents[1] / "README.md").read_text(encoding="utf-8")
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"nqgraph {name}" in readme, name
