"""The build never replaces anything but an output folder, and ends cleanly on signals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import nqgraph
from conftest import BUILD_DAY, DATA, ROOT
from nqgraph.cli import cli
from nqgraph.pipeline.build import MARKER, OutputError


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A small valid data folder (the periods file) that a build may be pointed at."""
    copy = tmp_path / "d"
    copy.mkdir()
    shutil.copy(DATA / "periods.ttl", copy / "periods.ttl")
    return copy


def test_build_refuses_the_data_folder_as_output_and_leaves_it_untouched(
    runner: CliRunner, data_copy: Path
) -> None:
    before = _tree(data_copy)
    result = runner.invoke(
        cli, ["build", "--data", str(data_copy), "--out", str(data_copy), "--site", "none"]
    )
    assert result.exit_code == 2, result.output
    assert "data folder" in result.output
    assert _tree(data_copy) == before


def test_build_refuses_an_output_that_holds_the_data_or_lies_inside_it(
    runner: CliRunner, data_copy: Path
) -> None:
    before = _tree(data_copy.parent)
    for out in (data_copy.parent, data_copy / "out", data_copy / "sub" / "out"):
        result = runner.invoke(cli, ["build", "--data", str(data_copy), "--out", str(out), "--force"])
        assert result.exit_code == 2, (out, result.output)
        assert "data folder" in result.output
    assert _tree(data_copy.parent) == before


def test_build_refuses_the_current_folder_and_a_folder_holding_git_even_with_force(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (checkout / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(checkout)
    before = _tree(checkout)
    for out in (".", str(checkout), ".."):
        result = runner.invoke(cli, ["build", "--data", str(DATA), "--out", out, "--force"])
        assert result.exit_code == 2, (out, result.output)
        assert "current folder" in result.output
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build", "--data", str(DATA), "--out", str(checkout), "--force"])
    assert result.exit_code == 2
    assert ".git" in result.output
    assert _tree(checkout) == before


def test_build_refuses_the_project_root_and_its_parents(data_copy: Path) -> None:
    for out in (ROOT, ROOT.parent):
        with pytest.raises(OutputError, match="project root"):
            nqgraph.build(out=out, data=data_copy)


def test_build_refuses_a_foreign_non_empty_folder_unless_forced(
    runner: CliRunner, tmp_path: Path, data_copy: Path
) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    result = runner.invoke(cli, ["build", "--data", str(data_copy), "--out", str(out), "--site", "none"])
    assert result.exit_code == 2, result.output
    assert "--force" in result.output and "thesis.docx" in result.output
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    args = ["build", "--data", str(data_copy), "--out", str(out), "--site", "none", "--force"]
    forced = runner.invoke(cli, [*args, "--today", "2026-11-23"])
    assert forced.exit_code == 0, forced.output
    assert not (out / "thesis.docx").exists()
    assert (out / MARKER).is_file()


def test_build_replaces_its_own_earlier_output_byte_identically(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    nqgraph.build(out=out, data=data_copy, today=BUILD_DAY)
    first = _tree(out)
    assert MARKER in first
    nqgraph.build(out=out, data=data_copy, today=BUILD_DAY)
    assert _tree(out) == first
