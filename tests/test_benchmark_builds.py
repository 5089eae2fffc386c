"""benchmarks/builds.py measures a clean `nqgraph build` as a user runs it; it runs here on the
bundled data so that its code cannot rot (no time is asserted)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from conftest import ROOT
from nqgraph.corpora.synth import synthesize

BUILDS = ROOT / "benchmarks" / "builds.py"


def builds_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("builds", BUILDS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_phase_line_of_a_build_without_a_terminal_gives_its_seconds() -> None:
    stderr = "\n".join(
        [
            "load: 1,537/1,537 files (72 MB), 7.70 s",
            "reasoning: 3 rounds (360,513 triples inferred), 9.71 s",
            "dumps: 136,561/136,561 triples (32.2 s in a second process), 1.62 s",
            "wrote build/: nqgraph.trig, nqgraph.ttl",
        ]
    )
    assert builds_module().phases_of(stderr) == {
        "load": 7.70,
        "reasoning": 9.71,
        "dumps": 1.62,
        "dumps (second process)": 32.2,
    }


def test_a_clean_build_and_three_one_document_changes_are_measured_and_name_no_path_outside_the_repository(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "c10k"
    synthesize(triples=10_000, seed=7, out=corpus)
    out = tmp_path / "builds.json"
    command = [sys.executable, str(BUILDS), "--data", str(corpus), "--site", "core", "--changes"]
    command += ["--out", str(out), "--work", str(tmp_path / "work")]
    subprocess.run(command, capture_output=True, text=True, check=True, timeout=600, cwd=ROOT)
    text = out.read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    (run,) = json.loads(text)["runs"]
    assert run["returncode"] in (0, 1) and run["site"] == "core" and run["corpus"]["name"] == "c10k"
    assert run["command"] == "nqgraph build --site core --data CORPUS --out OUT --today 2026-11-23"
    assert {"load", "reasoning", "validation"} <= set(run["phases"])
    assert run["pss_peak_mb"] >= run["main_pss_peak_mb"] > 0
    assert run["html_pages"] > 0
    changes = {change["change"]: change for change in run["changes"]}
    assert list(changes) == ["edit", "delete", "add"]
    for change in changes.values():
        assert change["returncode"] in (0, 1), change["error"]
        assert "incremental" in change["kind"]
    # The corpus itself is left as it was: the changes were made to a copy.
    assert sorted(p.name for p in corpus.rglob("*.ttl")) == sorted(
        p.name for p in (tmp_path / "work" / "corpus").rglob("*.ttl")
    )
    shown = subprocess.run(
        [sys.executable, str(BUILDS), "--show", str(out), "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    header = next(line for line in shown.splitlines() if line.startswith("| corpus"))
    assert "Pss, all processes" in header.split(" | ")
    assert any(line.startswith("| 10k | core | delete |") for line in shown.splitlines())
