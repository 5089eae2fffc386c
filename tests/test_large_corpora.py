"""Failing well on large corpora: a bad file among thousands, a corpus too large for memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqgraph.cli import cli
from nqgraph.errors import ResourceError
from nqgraph.pipeline.build import MARKER, MARKER_TEXT
from nqgraph.runtime import budget
from snippets import PREFIXES, turtle, write_data

FILES = 2_000


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid corpus of 2,000 files: the prelude and one agency per file."""
    folder = write_data(tmp_path_factory.mktemp("many") / "data", "")
    for i in range(FILES):
        (folder / f"agency-{i:04d}.ttl").write_text(
            turtle(
                PREFIXES + f'id:agency/p/x{i} a nq:Agency ; rdfs:label "Cơ quan {i}"@vi, "Agency {i}"@en ;\n'
                "    nq:province id:province/p .\n"
            ),
            encoding="utf-8",
        )
    return folder


def test_a_corpus_of_thousands_of_files_builds(many_files: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", "--data", str(many_files), "--out", str(tmp_path / "out"), "--site", "none"]
    )
    assert result.exit_code == 0, result.output
    assert f"{FILES + 2} agencies" in result.output


def test_one_malformed_file_among_thousands_is_named_and_nothing_is_written(
    many_files: Path, runner: CliRunner, tmp_path: Path
) -> None:
    bad = many_files / "agency-1234.ttl"
    good = bad.read_text(encoding="utf-8")
    bad.write_text(good.replace(" ;\n    nq:province", " ;;\n    nq:province nq:province"), encoding="utf-8")
    try:
        out = tmp_path / "out"
        result = runner.invoke(cli, ["build", "--data", str(many_files), "--out", str(out)])
    finally:
        bad.write_text(good, encoding="utf-8")
    assert result.exit_code == 2, result.output
    assert "agency-1234.ttl" in result.output and "line" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def _limit_between(phase_ok: str, phase_too_big: str, size: int) -> int:
    low = budget.BASELINE_BYTES + budget.PEAK_PER_INPUT_BYTE[phase_ok] * size
    high = budget.BASELINE_BYTES + budget.PEAK_PER_INPUT_BYTE[phase_too_big] * size
    assert low < high
    return int((low + high) / 2)


def test_a_corpus_too_large_for_memory_names_the_phase_before_loading(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NQGRAPH_MEMORY_LIMIT", "60M")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "not enough memory for load" in result.output and "NQGRAPH_MEMORY_LIMIT" in result.output
    assert not out.exists()


def test_the_budget_names_a_later_phase_and_keeps_the_previous_output(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kg: object
) -> None:
    from nqgraph.graph.knowledge import KnowledgeGraph

    assert isinstance(kg, KnowledgeGraph)
    out = tmp_path / "out"
    out.mkdir()
    # An earlier output: the build may replace it, but only once it has everything to put there.
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    limit = _limit_between("validation", "site", kg.input_bytes)
    monkeypatch.setenv("NQGRAPH_MEMORY_LIMIT", str(limit))
    result = runner.invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "not enough memory for site" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "previous.txt"])


def test_memory_sizes_read_as_people_write_them() -> None:
    assert budget.parse_size("2G") == 2 * 2**30
    assert budget.parse_size("500M") == 500 * 2**20
    assert budget.parse_size("1.5GiB") == int(1.5 * 2**30)
    assert budget.parse_size("4096") == 4096
    with pytest.raises(ResourceError, match="not a size"):
        budget.parse_size("lots")
