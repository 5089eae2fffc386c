"""Clean `nqgraph build` runs as a user starts them: wall time, memory of every process, each phase.

Run from the repository root, one build a call (the results of several calls gather in one file):

    python benchmarks/builds.py --data CORPUS --site core [--label 1M] [--out benchmarks/results/builds.json]
    python benchmarks/builds.py --show benchmarks/results/builds.json [--markdown]

Each call runs `nqgraph build --site SITE --data CORPUS --out NEW-FOLDER --today 2026-11-23` in a
child process (no terminal: the build prints one line a phase on stderr, which gives each phase's
time) into a new folder that is removed afterwards, so the build is a clean one. While it runs, the
proportional set size (Pss: shared pages divided among the processes that share them) of the build
and of every process it forks is sampled twice a second; the peak of their sum is the memory the
build needs of the machine. The load average before and after says how quiet the machine was.
`--show` prints the runs and the growth exponent b of t ∝ n^b of each phase between the corpora
of the same site scope.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import machine  # noqa: E402
from corpus_changes import document_to_change, edit_value  # noqa: E402

AS_OF = "2026-11-23"
# 1: the build wrote everything and reports Violations (every synthetic corpus has seeded ones).
OK_CODES = (0, 1)
NQGRAPH = Path(sys.executable).parent / "nqgraph"
# "load: 1,537/1,537 files (72 MB), 7.70 s": a phase's line; its time is the last figure.
PHASE_LINE = re.compile(r"^(?P<phase>[a-z][a-z .-]*): .*?(?P<seconds>[0-9]+(?:\.[0-9]+)?) s$")
# "dumps: … (32.2 s in a second process), 1.62 s": the dumps' own CPU time beside the main one.
SECOND_PROCESS = re.compile(r"\((?P<seconds>[0-9.]+) s in a second process\)")


class PssSampler:
    """The peak of the summed Pss of a process and its descendants, and of the process alone."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.peak_mb = 0.0
        self.main_peak_mb = 0.0
        self.most_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            main = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                processes = [main, *main.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0.0
            for process in processes:
                try:
                    pss = process.memory_full_info().pss / 2**20
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += pss
                if process.pid == self.pid:
                    self.main_peak_mb = max(self.main_peak_mb, pss)
            self.peak_mb = max(self.peak_mb, total)
            self.most_processes = max(self.most_processes, len(processes))
            self._stop.wait(self.every)


def phases_of(stderr: str) -> dict[str, float]:
    """Each phase's seconds from the build's one line a phase (and the dumps' second process)."""
    phases: dict[str, float] = {}
    for line in stderr.splitlines():
        if match := PHASE_LINE.match(line.strip()):
            phases[match["phase"]] = float(match["seconds"])
        if match := SECOND_PROCESS.search(line):
            phases["dumps (second process)"] = float(match["seconds"])
    return phases


def corpus_facts(data: Path) -> dict[str, Any]:
    defects = data / "defects.json"
    facts = json.loads(defects.read_text(encoding="utf-8")) if defects.exists() else {}
    files = list(data.rglob("*.ttl"))
    return {
        # Its folder's name only: the results are committed, and name no path outside the repository.
        "name": data.name,
        "triples": facts.get("asserted_triples"),
        "seed": facts.get("seed"),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


def run_build(
    data: Path, *, site: str, work: Path, timeout: float, keep: Path | None = None, clean: bool = True
) -> dict[str, Any]:
    """One ``nqgraph build`` into ``keep`` (kept) or a folder of ``work`` (removed); ``clean``
    removes the output first, else the build is an incremental one over the output there."""
    out = keep or work / "out"
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    command = [str(NQGRAPH), "build", "--site", site, "--data", str(data), "--out", str(out)]
    command += ["--today", AS_OF]
    load_before = os.getloadavg()
    cpu_before = os.times()
    t0 = time.perf_counter()
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        with PssSampler(proc.pid) as memory:
            try:
                _stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                _stdout, stderr = proc.communicate()
        wall = time.perf_counter() - t0
    cpu = os.times()
    pages = sum(1 for _ in (out / "site").rglob("*.html")) if (out / "site").is_dir() else 0
    if keep is None:
        shutil.rmtree(out, ignore_errors=True)
    lines = stderr.splitlines()
    cpu_s = cpu.children_user + cpu.children_system - cpu_before.children_user - cpu_before.children_system
    return {
        "command": " ".join(["nqgraph", *command[1:]]).replace(str(data), "CORPUS").replace(str(out), "OUT"),
        "returncode": proc.returncode,
        "wall_s": wall,
        "cpu_children_s": cpu_s,
        "pss_peak_mb": memory.peak_mb,
        "main_pss_peak_mb": memory.main_peak_mb,
        "processes": memory.most_processes,
        "html_pages": pages,
        "phases": phases_of(stderr),
        # The line saying which build it was, and the phase lines: the others name the corpus's
        # files, outside the repository.
        "kind": next((x for x in lines[:3] if "/" not in x and not PHASE_LINE.match(x.strip())), ""),
        "phase_lines": [line for line in lines if PHASE_LINE.match(line.strip())],
        "error": "" if proc.returncode in OK_CODES else lines[-1:],
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def one_document_changes(
    data: Path, *, site: str, work: Path, timeout: float, keep: Path
) -> list[dict[str, Any]]:
    """After a clean build of a copy of ``data`` into ``keep``: one document file edited (one
    value), deleted, and added back, each followed by a timed ``nqgraph build`` into the same
    output, as a curator runs it. The document is the one of median size among those with a value."""
    document = document_to_change(data)
    aside = work / document.name
    edit_value(document)

    def build_again() -> dict[str, Any]:
        return run_build(data, site=site, work=work, timeout=timeout, keep=keep, clean=False)

    runs = [{"change": "edit", **build_again()}]
    shutil.move(document, aside)
    runs.append({"change": "delete", **build_again()})
    shutil.move(aside, document)
    runs.append({"change": "add", **build_again()})
    for run in runs:
        run["document_bytes"] = document.stat().st_size
    return runs


def exponent(n1: float, t1: float, n2: float, t2: float) -> float | None:
    if min(n1, t1, n2, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def label_of(triples: int) -> str:
    return f"{triples / 1e6:.0f}M" if triples >= 950_000 else f"{round(triples / 1000):,}k"


def show(report: dict[str, Any], *, markdown: bool) -> None:
    runs = sorted(report["runs"], key=lambda r: (r["site"], r["corpus"]["triples"] or 0))

    def row(cells: list[str]) -> None:
        print(("| " + " | ".join(cells) + " |") if markdown else "  ".join(f"{c:>14}" for c in cells))

    names = list(dict.fromkeys(p for r in runs for p in r["phases"]))
    row(["corpus", "site", "wall", "Pss, all processes", "Pss, main", "load avg", *names])
    if markdown:
        row(["---"] * (6 + len(names)))
    for r in runs:
        cells = [
            label_of(r["corpus"]["triples"] or 0),
            r["site"],
            f"{r['wall_s']:.1f} s",
            f"{r['pss_peak_mb']:,.0f} MB",
            f"{r['main_pss_peak_mb']:,.0f} MB",
            f"{r['load_before'][0]:.1f}",
        ]
        row(cells + [f"{r['phases'][n]:.1f}" if n in r["phases"] else "—" for n in names])
    print()
    changed = [(r, c) for r in runs for c in r.get("changes", [])]
    if changed:
        if markdown:
            print("one document file changed, then `nqgraph build` into the same output:\n")
        row(["corpus", "site", "change", "wall", "Pss, all processes", "load avg", "the build said", *names])
        if markdown:
            row(["---"] * (7 + len(names)))
        for r, c in changed:
            cells = [label_of(r["corpus"]["triples"] or 0), r["site"], c["change"], f"{c['wall_s']:.1f} s"]
            cells += [f"{c['pss_peak_mb']:,.0f} MB", f"{c['load_before'][0]:.1f}", c["kind"] or "—"]
            row(cells + [f"{c['phases'][n]:.2f}" if n in c["phases"] else "—" for n in names])
        print()
    for site, group in itertools.groupby(runs, key=lambda r: r["site"]):
        sized = [r for r in group if r["corpus"]["triples"]]
        if len(sized) < 2:
            continue
        spans = [
            f"{label_of(a['corpus']['triples'])}→{label_of(b['corpus']['triples'])}"
            for a, b in itertools.pairwise(sized)
        ]
        if len(sized) > 2:
            spans.append(
                f"{label_of(sized[0]['corpus']['triples'])}→{label_of(sized[-1]['corpus']['triples'])}"
            )
        pairs = [*itertools.pairwise(sized), *([(sized[0], sized[-1])] if len(sized) > 2 else [])]
        if markdown:
            print(f"growth exponent b (t ∝ n^b), `--site {site}`:\n")
        row(["phase", *spans])
        if markdown:
            row(["---"] * (len(spans) + 1))
        for name in ["wall", "Pss, all processes", *names]:
            cells = []
            for a, b in pairs:
                ta, tb = _measure(a, name), _measure(b, name)
                value = (
                    exponent(a["corpus"]["triples"], ta, b["corpus"]["triples"], tb) if ta and tb else None
                )
                cells.append("—" if value is None else f"{value:.2f}")
            row([name, *cells])
        print()


def _measure(run: dict[str, Any], name: str) -> float | None:
    if name == "wall":
        return float(run["wall_s"])
    if name == "Pss, all processes":
        return float(run["pss_peak_mb"])
    value = run["phases"].get(name)
    return None if value is None else float(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, help="a corpus written by nqgraph synth")
    parser.add_argument("--site", choices=("core", "all", "none"), default="core")
    parser.add_argument("--label", help="a name for the run (default: the corpus size)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "builds.json")
    parser.add_argument("--work", type=Path, default=None, help="folder for the build output (removed)")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument(
        "--keep", type=Path, help="build into this folder and keep it (for the next benchmarks)"
    )
    parser.add_argument(
        "--changes",
        action="store_true",
        help="then edit, delete and add back one document file of a copy of the corpus, building after each",
    )
    parser.add_argument("--show", type=Path, help="print the runs of a saved file and exit")
    parser.add_argument("--markdown", action="store_true", help="with --show: Markdown tables")
    args = parser.parse_args()
    if args.show:
        show(json.loads(args.show.read_text(encoding="utf-8")), markdown=args.markdown)
        return
    if args.data is None:
        parser.error("--data is required (or --show)")
    work = Path(args.work or tempfile.mkdtemp(prefix="nqgraph-builds-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = corpus_facts(args.data)
    data = args.data
    if args.changes:
        # The corpus is changed: a copy of it, in the work folder.
        data = work / "corpus"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(args.data, data)
        args.keep = args.keep or work / "kept"
    result = run_build(data, site=args.site, work=work, timeout=args.timeout, keep=args.keep)
    result.update(
        {"site": args.site, "corpus": corpus, "label": args.label or label_of(corpus["triples"] or 0)}
    )
    if args.changes and result["returncode"] in OK_CODES:
        result["changes"] = one_document_changes(
            data, site=args.site, work=work, timeout=args.timeout, keep=args.keep
        )
        for change in result["changes"]:
            print(json.dumps({k: change[k] for k in ("change", "kind", "wall_s", "pss_peak_mb", "phases")}))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    report = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"runs": []}
    report["machine"] = machine()
    # One run per corpus and site: a later run replaces an earlier one.
    report["runs"] = [
        r for r in report["runs"] if (r["corpus"]["name"], r["site"]) != (corpus["name"], args.site)
    ] + [result]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(
        json.dumps({k: result[k] for k in ("command", "wall_s", "pss_peak_mb", "main_pss_peak_mb", "phases")})
    )
    if result["returncode"] not in OK_CODES:
        raise SystemExit(f"the build failed ({result['returncode']}): {result['error']}")


if __name__ == "__main__":
    main()
