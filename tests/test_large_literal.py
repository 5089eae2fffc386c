"""The issue's own case: a 50 MB literal is refused naming the file and line, not "out of memory"."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import DATA
from nqgraph.cli import cli


def test_a_50_mb_literal_is_refused_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "periods.ttl", data / "periods.ttl")
    big = data / "big.ttl"
    with big.open("w", encoding="utf-8") as f:
        f.write("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n")
        f.write('<https://w3id.org/nqgraph/id/x> rdfs:label "x"@en ;\n  rdfs:comment "')
        f.write("a" * 50_000_000)
        f.write('" .\n')
    result = CliRunner().invoke(cli, ["stats", "--data", str(data)])
    assert result.exit_code == 2, result.output
    assert f"{big}:4: a literal or IRI longer than 16 MiB" in result.output
    assert "out of memory" not in result.output
