"""The synthetic corpus generator: determinism, size, validity except for its seeded defects."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import nqgraph
from nqgraph.cli import cli
from nqgraph.corpora.synth import SynthResult, synthesize
from nqgraph.corpora.synth.vocabulary import DEFECT_KINDS
from nqgraph.graph.loader import load
from nqgraph.paths import Inputs
from nqgraph.pipeline.build import BuildResult
from reference import compare_with_owlrl

N = 10_000
SEED = 1


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return synthesize(triples=N, seed=SEED, out=tmp_path_factory.mktemp("synth") / "corpus")


@pytest.fixture(scope="module")
def corpus_build(corpus: SynthResult, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return nqgraph.build(out=tmp_path_factory.mktemp("synth-build") / "out", data=corpus.out, site=False)


def test_same_seed_and_size_give_identical_bytes(corpus: SynthResult, tmp_path: Path) -> None:
    again = synthesize(triples=N, seed=SEED, out=tmp_path / "again")
    assert files_of(again.out) == files_of(corpus.out)
    assert again.triples == corpus.triples


def test_another_seed_gives_another_corpus(corpus: SynthResult, tmp_path: Path) -> None:
    other = synthesize(triples=N, seed=SEED + 1, out=tmp_path / "other")
    assert files_of(other.out) != files_of(corpus.out)


def test_the_folder_has_the_layout_of_the_bundled_data(corpus: SynthResult) -> None:
    names = set(files_of(corpus.out))
    assert {"provinces.ttl", "periods.ttl", "indicators/shared.ttl", "defects.json"} <= names
    assert any(n.startswith("agencies/") for n in names)
    documents = [n for n in names if n.startswith("documents/")]
    assert len(documents) >= corpus.documents


def test_size_is_within_five_percent_and_reported_exactly(corpus: SynthResult) -> None:
    assert abs(corpus.triples - N) <= 0.05 * N
    inputs = Inputs.default(data=corpus.out)
    loaded = load(data_dir=inputs.data, ontology_path=inputs.ontology)  # raises on any loader problem
    assert loaded.asserted_triples == corpus.triples


def test_build_reports_exactly_the_seeded_defects(corpus: SynthResult, corpus_build: BuildResult) -> None:
    found = Counter((f.focus, f.severity, f.path, f.component) for f in corpus_build.validation.findings)
    seeded = Counter(d.key() for d in corpus.defects)
    assert found == seeded
    assert {d.kind for d in corpus.defects} == set(DEFECT_KINDS)
    assert corpus_build.exit_code == 1  # the seeded Violations


def test_defects_json_lists_what_the_result_reports(corpus: SynthResult) -> None:
    manifest = json.loads((corpus.out / "defects.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == SEED and manifest["asserted_triples"] == corpus.triples
    assert manifest["defects"] == [d.__dict__ for d in corpus.defects]


def test_the_corpus_has_the_shape_of_the_real_data(corpus: SynthResult, corpus_build: BuildResult) -> None:
    counts = corpus_build.counts
    kinds = ("RelativeTarget", "Observation", "KeyTask", "Solution", "Assignment", "AppendixTask", "Citation")
    for key in (*kinds, "ChangeEvent", "ProgressRecord", "Province"):
        assert counts[key] > 0, key
    text = "\n".join(b.decode("utf-8") for b in files_of(corpus.out).values())
    for comparator in ("LessThan", "AtMost", "Equal", "AtLeast", "GreaterThan", "Approximately", "Between"):
        assert f"nq:comparator nq:{comparator} ;" in text, comparator
    for fragment in (
        "a nq:Attestation",  # a component stated in both text variants
        "/text-b> a nq:Expression",
        "nq:valueMax",
        "nq:baselineValue",
        "nq:recurrence nq:Annual",
        "nq:changeKind nq:Merger",
        "nq:changeDate",
        "nq:supersedes",
        "nq:completedOn",
        '"Quý ',
    ):
        assert fragment in text, fragment


@pytest.mark.parametrize("triples", ["10", "99999999"])
def test_a_size_out_of_range_is_refused(runner: CliRunner, tmp_path: Path, triples: str) -> None:
    result = runner.invoke(cli, ["synth", "--triples", triples, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "outside the supported range" in result.output
    assert not (tmp_path / "out").exists()


def test_the_command_writes_a_corpus(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["synth", "--triples", "1000", "--seed", "4", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "defects.json").is_file()
    assert "asserted triples" in result.output


@pytest.mark.slow
def test_inferred_triples_equal_owlrl_closure_less_its_noise(tmp_path: Path) -> None:
    small = synthesize(triples=3_000, seed=SEED, out=tmp_path / "small")
    kg = nqgraph.open_graph(data=small.out)
    ours, extra, missing = compare_with_owlrl(kg)
    assert extra == set()
    assert missing == set(), Counter(str(p) for _, p, _ in missing)
    assert len(ours) > 500


def test_synth_refuses_to_replace_a_folder_that_holds_no_corpus(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "thesis.docx").write_bytes(b"years of work")
    result = CliRunner().invoke(cli, ["synth", "--triples", "1000", "--out", str(papers)])
    assert result.exit_code == 2, result.output
    assert "holds no synthetic corpus" in result.output and "thesis.docx" in result.output
    assert (papers / "thesis.docx").read_bytes() == b"years of work"


def test_synth_refuses_the_project_and_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nqgraph.paths import project_root

    for out in (project_root(), project_root().parent):
        result = CliRunner().invoke(cli, ["synth", "--triples", "1000", "--out", str(out)])
        assert result.exit_code == 2 and "project root" in result.output, result.output
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["synth", "--triples", "1000", "--out", "."])
    assert result.exit_code == 2 and "current folder" in result.output, result.output


def test_synth_replaces_an_earlier_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["synth", "--triples", "1000", "--seed", "3", "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert (out / "defects.json").is_file()


def test_ctrl_c_stops_synth_with_130_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "corpus"
    command = [sys.executable, "-m", "nqgraph.cli", "synth", "--triples", "2000000", "--out", str(out)]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # Interrupted once it writes into its temporary folder.
        while not list(tmp_path.glob(".corpus.tmp-*/*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(run.pid, signal.SIGINT)
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == 130, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
