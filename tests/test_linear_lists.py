"""The site labels the blank nodes of an RDF list, and the whole build runs, in time linear in the
list's length (issue 14: 1,000 items took 13 s, 2,000 took 87 s). Measured as ratios, so a loaded
machine does not fail them."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import Node

from nqgraph.cli import cli
from nqgraph.namespaces import ID
from nqgraph.publish.site.context import stable_bnodes


def _list(items: int) -> list[tuple[Node, Node, Node]]:
    cells = [BNode() for _ in range(items)]
    triples: list[tuple[Node, Node, Node]] = [(URIRef(ID + "test/x"), RDFS.comment, cells[0])]
    for i, cell in enumerate(cells):
        following = cells[i + 1] if i + 1 < items else RDF.nil
        triples += [(cell, RDF.first, Literal(f"item {i % 7}")), (cell, RDF.rest, following)]
    return triples


def _seconds(items: int) -> float:
    triples = _list(items)
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        stable_bnodes(triples)
        best = min(best, time.perf_counter() - started)
    return best


def test_labelling_a_list_four_times_as_long_takes_about_four_times_as_long() -> None:
    short, long = _seconds(25_000), _seconds(100_000)
    # Linear: about 4; quadratic: 16. A list of 100,000 items is labelled in seconds.
    assert long / short < 8, (short, long)
    assert long < 60, long


def _build_seconds(tmp_path: Path, items: int) -> float:
    data = tmp_path / f"data-{items}"
    data.mkdir()
    listed = " ".join(f'"item {i}"' for i in range(items))
    (data / "x.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{ID}test/x> rdfs:label "x"@en ;\n  rdfs:comment ( {listed} ) .\n',
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = CliRunner().invoke(
        cli, ["build", "--quiet", "--data", str(data), "--out", str(tmp_path / f"out-{items}")]
    )
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started


def test_a_whole_build_of_a_list_four_times_as_long_takes_at_most_about_four_times_as_long(
    tmp_path: Path,
) -> None:
    short, long = _build_seconds(tmp_path, 10_000), _build_seconds(tmp_path, 40_000)
    assert long / short < 8, (short, long)
