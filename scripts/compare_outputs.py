"""Compare the build of this checkout with the build of an earlier commit, on the same inputs.

    python scripts/compare_outputs.py d8937c6 [--triples 10000]

The earlier commit is checked out in a temporary git worktree; its data, ontology, shapes and
saved queries are the inputs of both builds (``NQGRAPH_HOME``), so only code changes show. Both
codes also write a synthetic corpus (``nqgraph synth``), which must be byte-identical, and both
build it. Every file that is not byte-identical is listed with what kind of difference it is:
whitespace only (HTML), blank-node labels only (N-Triples), or content.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BNODE = re.compile(r"_:[A-Za-z0-9]+")


def run(code: Path, home: Path, *args: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(code / "src"), "NQGRAPH_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "nqgraph.cli", *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):  # 1: the data has Violations, as a synthetic corpus has
        raise SystemExit(f"{code}: nqgraph {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done.returncode


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def kind(old: Path, new: Path) -> str:
    a, b = old.read_bytes(), new.read_bytes()
    if a == b:
        return ""
    text_a, text_b = a.decode("utf-8", "replace"), b.decode("utf-8", "replace")
    if re.sub(r"\s+", "", text_a) == re.sub(r"\s+", "", text_b):
        return "whitespace only"
    relabelled = BNODE.sub("_:b", text_a), BNODE.sub("_:b", text_b)
    if old.suffix == ".nt" and sorted(relabelled[0].splitlines()) == sorted(relabelled[1].splitlines()):
        return "blank-node labels only"
    # JSON-LD nests by label order: the same words, each as often, with blank nodes relabelled.
    if old.suffix == ".jsonld" and sorted(relabelled[0].split()) == sorted(relabelled[1].split()):
        return "blank-node labels and their order only"
    return "content"


def compare(old: Path, new: Path) -> list[str]:
    before, after = files(old), files(new)
    lines = [f"only in the earlier build: {name}" for name in sorted(before.keys() - after.keys())]
    lines += [f"only in this build: {name}" for name in sorted(after.keys() - before.keys())]
    for name in sorted(before.keys() & after.keys()):
        difference = kind(before[name], after[name])
        if difference:
            lines.append(f"differs ({difference}): {name}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision")
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nqgraph-compare-") as scratch:
        work = Path(scratch)
        earlier = work / "earlier"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(earlier), options.revision],
            check=True,
            capture_output=True,
        )
        try:
            synth = ["synth", "--triples", str(options.triples), "--seed", str(options.seed), "--out"]
            run(earlier, earlier, *synth, str(work / "corpus-earlier"))
            run(ROOT, earlier, *synth, str(work / "corpus-now"))
            report = {"synthetic corpus": compare(work / "corpus-earlier", work / "corpus-now")}
            for name, data in (
                ("bundled data", earlier / "data" / "ttl"),
                ("corpus", work / "corpus-earlier"),
            ):
                slug = "build-" + name.split()[0]
                run(earlier, earlier, "build", "--data", str(data), "--out", str(work / f"{slug}-earlier"))
                run(
                    ROOT, earlier, "build", "--quiet", "--data", str(data), "--out", str(work / f"{slug}-now")
                )
                report[f"build of the {name}"] = compare(work / f"{slug}-earlier", work / f"{slug}-now")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(earlier)],
                check=False,
                capture_output=True,
            )
    for name, lines in report.items():
        print(f"{name}: {'byte-identical' if not lines else f'{len(lines)} files differ'}")
        for line in lines:
            print(f"  {line}")


if __name__ == "__main__":
    main()
