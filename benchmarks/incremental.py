"""How long an incremental build takes after a one-document change, against a clean build.

    python benchmarks/incremental.py --corpus CORPUS --work DIR [--site core] [--check] [--repeat N]

``CORPUS`` (e.g. ``nqgraph synth --triples 1000000 --seed 7 --out CORPUS``) is copied into
``DIR/data`` and built clean into ``DIR/out``; then one document file is edited (a target's
value), one added (a copy of a document with its IRIs renamed) and that one deleted again, each
followed by a build into the same folder; ``--repeat N`` then edits the same value N times more,
each followed by a build (a curator's session of fixes: do builds slow down as the state store
takes on changes?). Each build's wall time, its phases and the peak memory
summed over all its processes (Pss, sampled with psutil) are printed. With ``--check`` the last
output is compared, file by file, with a clean build of the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil  # type: ignore[import-untyped]

from nqgraph.paths import STATE_DIR, Inputs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_changes import add_renamed_copy, document_to_change, edit_value

from nqgraph.pipeline.build import BuildResult, build
from nqgraph.runtime.atomic import wait_for_removals

TODAY = dt.date(2026, 11, 23)


def _pss(process: psutil.Process) -> int:
    try:
        return int(process.memory_full_info().pss)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


@contextmanager
def peak_pss() -> Iterator[list[int]]:
    """The peak, over the block, of the Pss of this process and its children (sampled every 0.2 s)."""
    me = psutil.Process()
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            total = _pss(me) + sum(_pss(c) for c in me.children(recursive=True))
            peak[0] = max(peak[0], total)
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def timed(label: str, run: Callable[[], BuildResult]) -> BuildResult:
    # The output each build replaced is removed by a process of its own once the build is done: a
    # curator's next build comes seconds later, not at once, so that removal is not timed here.
    wait_for_removals()
    with peak_pss() as peak:
        t0 = time.perf_counter()
        result = run()
        wall = time.perf_counter() - t0
    phases = ", ".join(f"{k} {v:.2f}" for k, v in sorted(result.timings.items()) if v >= 0.05)
    print(f"{label}: {wall:.2f} s wall, peak Pss {peak[0] / 2**30:.2f} GiB [{result.plan or 'first build'}]")
    print(f"  phases (s): {phases}")
    return result


def files_of(folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in names:
            path = Path(here) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--site", default="core", choices=("all", "core", "none"))
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep DIR/data and DIR/out from an earlier run")
    parser.add_argument("--repeat", type=int, default=0, help="then edit the same value N times more")
    args = parser.parse_args()
    data, out = args.work / "data", args.work / "out"
    inputs = Inputs.default(data=data)

    def run(target: Path = out, clean: bool = False) -> BuildResult:
        return build(
            out=target,
            inputs=inputs,
            today=TODAY,
            site=args.site != "none",
            site_scope="core" if args.site == "none" else args.site,
            clean=clean,
        )

    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    if not args.reuse:
        shutil.rmtree(args.work, ignore_errors=True)
        args.work.mkdir(parents=True)
        shutil.copytree(args.corpus, data)
        timed("clean build", run)
    target = document_to_change(data)
    edit_value(target)
    timed(f"edit ({target.name})", run)
    documents = sorted((data / "documents").glob("*.ttl"))
    added = data / "documents" / "zz-added.ttl"
    add_renamed_copy(documents[len(documents) // 2], added)
    timed("add (a renamed copy of a document)", run)
    added.unlink()
    timed("delete (that document)", run)
    for n in range(args.repeat):
        edit_value(target)
        timed(f"edit {n + 2} of the same value", run)
    if args.check:
        reference = args.work / "reference"
        shutil.rmtree(reference, ignore_errors=True)
        timed("clean build of the same data", lambda: run(reference))
        a, b = files_of(out), files_of(reference)
        differing = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
        print(f"check: {len(a)} files, {len(differing)} differ from the clean build {differing[:5]}")
        return 1 if differing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
