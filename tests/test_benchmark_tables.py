"""The scale tables in benchmarks/README.md are generated from the saved run, never copied by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT

SCALE = ROOT / "benchmarks" / "scale.py"
SAVED = ROOT / "benchmarks" / "results" / "scale.json"


def markdown() -> str:
    done = subprocess.run(
        [sys.executable, str(SCALE), "--show", str(SAVED), "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def markdown_tables() -> list[str]:
    return [line for line in markdown().splitlines() if line.startswith("|")]


def test_every_row_of_the_saved_runs_tables_is_in_the_benchmarks_readme() -> None:
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8").splitlines()
    missing = [row for row in markdown_tables() if row not in readme]
    assert not missing, "benchmarks/README.md differs from scale.py --show --markdown:\n" + "\n".join(missing)


def test_the_saved_run_covers_10k_to_5m_triples_with_every_phase_and_query() -> None:
    saved = json.loads(SAVED.read_text(encoding="utf-8"))
    sizes = [entry["requested"] for entry in saved["sizes"]]
    assert sizes == [10_000, 100_000, 1_000_000, 5_000_000]
    for entry in saved["sizes"]:
        nqgraph = entry["nqgraph"]
        phases = ("load", "reason", "validate", "site", "build")
        assert all(nqgraph[phase]["status"] == "ok" for phase in phases)
        queries = nqgraph["queries"]["queries"]
        assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))
        assert all(q["median_ms"] is not None for q in queries.values())
    overall = saved["growth_overall"]["nqgraph"]
    assert overall["build"]["from"] < 20_000 and overall["build"]["to"] > 4_000_000


def test_the_nqgraph_table_gives_each_phase_a_growth_exponent_from_10k_to_5m() -> None:
    first_table = markdown().split("\n\n")[1].splitlines()
    assert first_table[0].endswith("| 5M | b, smallest→largest |")
    phases = [row for row in first_table[2:] if "peak of all its processes" not in row]
    assert len(phases) == 6
    assert all(re.search(r"\| \d\.\d\d \(10k→5M\) \|$", row) for row in phases), phases


def test_every_row_of_the_side_by_side_runs_tables_is_in_the_benchmarks_readme() -> None:
    saved = ROOT / "benchmarks" / "results" / "scale-18.json"
    done = subprocess.run(
        [sys.executable, str(SCALE), "--show", str(saved), "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert any("`Store.bulk_load`" in row for row in rows)
    missing = [row for row in rows if row not in readme]
    assert not missing, "benchmarks/README.md differs from the saved side-by-side run:\n" + "\n".join(missing)
