"""The side-by-side phases of benchmarks/scale.py run on a tiny corpus, so that their code cannot rot.

No time is asserted: the figures are the benchmark's to report. What is checked is that each phase
of the stack (pyoxigraph's bulk load, reasonable, pyrudof) runs in its own process and that the
comparison of their results with nqgraph's says what the benchmarks README explains.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import OWL, Graph

from conftest import ROOT
from nqgraph.corpora.synth import synthesize

SCALE = ROOT / "benchmarks" / "scale.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    """One side-by-side run of load, reasoning and validation on a corpus of about 2,000 triples."""
    folder = tmp_path_factory.mktemp("scale")
    corpus = folder / "corpus"
    synthesize(triples=2000, seed=7, out=corpus)
    out = folder / "scale.json"
    command = [sys.executable, str(SCALE), "--corpora", str(corpus), "--phases", "load", "reason"]
    command += ["validate", "--no-reference", "--work", str(folder / "work"), "--out", str(out)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    )
    return json.loads(out.read_text(encoding="utf-8")), done.stdout, out


def test_each_phase_of_the_stack_runs_beside_nqgraphs_and_the_table_gives_its_ratio(
    run: tuple[dict[str, Any], str, Path],
) -> None:
    report, printed, _ = run
    (entry,) = report["sizes"]
    for phase in ("load", "reason", "compare", "validate"):
        assert entry["stack"][phase]["status"] == "ok", entry["stack"][phase]
    for phase in ("load", "reason", "validate"):
        assert entry["nqgraph"][phase]["status"] == "ok"
        assert entry["stack"][phase]["seconds"] > 0
    lines = [line.split() for line in printed.splitlines()]
    for name in ("`Store.bulk_load`", "`reason()`", "`validate_shacl()`"):
        (row,) = [cells for cells in lines if name in cells]
        float(row[-1])  # the ratio stack / nqgraph


def test_the_bulk_load_reads_the_same_triples_as_nqgraphs_load(run: tuple[dict[str, Any], str, Path]) -> None:
    (entry,) = run[0]["sizes"]
    ontology_and_data = entry["stack"]["load"]["triples"]
    assert ontology_and_data > entry["nqgraph"]["load"]["asserted"] == entry["triples"]
    assert set(entry["nqgraph"]["load"]["breakdown"]) >= {"Oxigraph load of the data files"}


def test_reasonable_derives_every_triple_nqgraph_infers_but_those_of_property_chains(
    run: tuple[dict[str, Any], str, Path],
) -> None:
    (entry,) = run[0]["sizes"]
    compare = entry["stack"]["compare"]
    # reasonable 0.4 implements no owl:propertyChainAxiom: what nqgraph alone infers are the values
    # of the ontology's property chains (nq:successor, nq:completedOn) and their inverses.
    assert compare["nq_only_by_predicate"]
    assert set(compare["nq_only_by_predicate"]) <= chains_and_their_inverses()
    # What it derives beyond nqgraph is OWL 2 RL's full closure: every resource an owl:Thing, every
    # class a subclass of itself and of owl:Thing, which nqgraph's targeted rules leave out.
    assert compare["reasonable_only_types"]["http://www.w3.org/2002/07/owl#Thing"] > entry["triples"] / 10
    assert set(compare["reasonable_only_by_predicate"]) <= {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
        "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.w3.org/2002/07/owl#equivalentClass",
        "http://www.w3.org/2002/07/owl#equivalentProperty",
    }


def chains_and_their_inverses() -> set[str]:
    ontology = Graph().parse(ROOT / "ontology" / "nqgraph.ttl", format="turtle")
    chains = set(ontology.subjects(OWL.propertyChainAxiom, None))
    inverses = {s for c in chains for s in ontology.subjects(OWL.inverseOf, c)}
    inverses |= {o for c in chains for o in ontology.objects(c, OWL.inverseOf)}
    return {str(p) for p in chains | inverses}


def test_pyrudof_reports_the_core_findings_and_misses_only_sparql_shapes_and_ill_formed_dates(
    run: tuple[dict[str, Any], str, Path],
) -> None:
    (entry,) = run[0]["sizes"]
    validate = entry["stack"]["validate"]
    assert validate["nq_results"] == 6  # the corpus's seeded defects
    assert validate["same"] >= 1
    assert validate["extra_by_component"] == {}
    assert set(validate["missed_by_component"]) <= {
        "SPARQLConstraintComponent",
        "DatatypeConstraintComponent",
    }


def test_the_shapes_pyrudof_cannot_run_are_the_ten_shacl_sparql_ones() -> None:
    spec = importlib.util.spec_from_file_location("scale", SCALE)
    assert spec is not None and spec.loader is not None
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    names = scale.shapes_pyrudof_cannot_run(sorted((ROOT / "shapes").glob("*.ttl")))
    assert len(names) == 10
    assert "DissolvedAgencyRule" in names and "PercentageRule" in names


def test_the_markdown_of_the_run_has_the_stack_and_its_results(run: tuple[dict[str, Any], str, Path]) -> None:
    done = subprocess.run(
        [sys.executable, str(SCALE), "--show", str(run[2]), "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    labels = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert "load: `Store.bulk_load` (pyoxigraph)" in labels
    assert "findings: nqgraph, pyrudof, the same" in labels
    assert all("×" in row for row in rows if row.startswith("| reasoning: `reason()`"))
