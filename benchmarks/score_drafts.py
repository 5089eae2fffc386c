"""Draft the bundled source texts with `nqgraph draft` and score each draft against the curated data.

Run from the repository root:

    python benchmarks/score_drafts.py [--out benchmarks/results/drafting.json] [--all]
    python benchmarks/score_drafts.py --show benchmarks/results/drafting.json --markdown

The first form drafts each text (one `nqgraph draft` process per text, into a temporary folder),
scores the drafts with `nqgraph.ingest.score` (precision, recall and F1 for each kind of fact, per
text and over all texts), prints the table and every missed and extra fact, writes the JSON and
times both steps (goal: scoring the five texts in at most 10 s). `--drafts DIR` scores drafts
already written (`DIR/<source stem>.ttl`) instead of drafting. The second form prints the tables
of a saved run; `--markdown` gives the tables of docs/drafting-accuracy.md, which a test compares
with the saved JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The five texts the project was built on (data/README.md); `--all` adds every other text that
# the curated data quotes.
BUNDLED = (
    "data/sources/000_cfebad9142089e05.txt",
    "data/sources/001_e0049f711f65202c.txt",
    "data/sources/002_1a6e2be53d6a1245.txt",
    "data/sources/003_4ff7d2a77a20c540.txt",
    "data/sources/004_cebb85603d38bb5c.txt",
)
COMMAND = "python benchmarks/score_drafts.py"
DRAFT = [sys.executable, "-m", "nqgraph.cli", "draft"]


def draft(source: Path, out: Path, data: Path) -> float:
    """Run `nqgraph draft` on one text; return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        # No review page: it is not scored, and validating it would be timed as drafting.
        [*DRAFT, str(source), "--out", str(out), "--data", str(data), "--no-review", "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"nqgraph draft {source} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return wall


def overall(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Counts summed over the texts, and P/R/F1 from the sums (micro-averaged)."""
    from nqgraph.ingest.score import KINDS, f1

    total: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        c = sum(d["kinds"][kind]["curated"] for d in documents)
        n = sum(d["kinds"][kind]["drafted"] for d in documents)
        m = sum(d["kinds"][kind]["matched"] for d in documents)
        score = f1(m, c, n)
        total[kind] = {
            "curated": c,
            "drafted": n,
            "matched": m,
            "precision": round(m / n, 4) if n else None,
            "recall": round(m / c, 4) if c else None,
            "f1": None if score is None else round(score, 4),
        }
    return total


def run(args: argparse.Namespace) -> dict[str, Any]:
    from nqgraph.ingest.score import curated_graph, read_graph, score, table

    data = args.data.resolve()
    start = time.perf_counter()
    curated = curated_graph(data)
    parse_curated = time.perf_counter() - start
    sources = list(BUNDLED)
    if args.all:
        from rdflib import URIRef

        quoted = {
            str(o) for o in curated.objects(None, URIRef("https://w3id.org/nqgraph/ontology#sourceFile"))
        }
        sources += sorted(quoted - set(BUNDLED))
    documents: list[dict[str, Any]] = []
    scoring = parse_curated
    with tempfile.TemporaryDirectory(prefix="nqgraph-drafts-") as tmp:
        for source_file in sources:
            path = ROOT / source_file
            if args.drafts is not None:
                ttl, draft_s = args.drafts / f"{path.stem}.ttl", None
            else:
                ttl = Path(tmp) / f"{path.stem}.ttl"
                draft_s = draft(path, ttl, data)
            start = time.perf_counter()
            result = score(
                read_graph([ttl]), curated, source_file=source_file, text=path.read_text(encoding="utf-8")
            )
            score_s = time.perf_counter() - start
            scoring += score_s
            print(table(result))
            entry = result.as_json()
            entry["seconds"] = {"draft": draft_s, "score": round(score_s, 3)}
            documents.append(entry)
    return {
        "command": COMMAND + (" --all" if args.all else "") + (" --drafts DIR" if args.drafts else ""),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "documents": documents,
        "overall": overall(documents),
        "seconds": {
            "draft_total": None
            if args.drafts is not None
            else round(sum(d["seconds"]["draft"] for d in documents), 3),
            "score_total": round(scoring, 3),
            "parse_curated": round(parse_curated, 3),
        },
    }


# ---------------------------------------------------------------- tables


def cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def label(entry: dict[str, Any]) -> str:
    """A text as the tables name it: its file and the document's local name."""
    name = Path(entry["source_file"]).name
    doc = entry["document"].rsplit("/eli/", 1)[-1]
    return f"`{name}` ({doc})"


def markdown(saved: dict[str, Any]) -> str:
    from nqgraph.ingest.score import KINDS

    lines = [f"Produced by `{saved['command']}`; shown by `{COMMAND} --show FILE --markdown`.", ""]
    lines += [
        "| kind | curated | drafted | matched | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        k = saved["overall"][kind]
        lines.append(
            f"| {kind} | {k['curated']} | {k['drafted']} | {k['matched']} | "
            f"{cell(k['precision'])} | {cell(k['recall'])} | {cell(k['f1'])} |"
        )
    lines += ["", "F1 per text and kind (matched / curated / drafted):", ""]
    lines += ["| text | " + " | ".join(KINDS) + " |", "|---|" + "---:|" * len(KINDS)]
    for entry in saved["documents"]:
        cells = []
        for kind in KINDS:
            k = entry["kinds"][kind]
            cells.append(f"{cell(k['f1'])} ({k['matched']}/{k['curated']}/{k['drafted']})")
        lines.append(f"| {label(entry)} | " + " | ".join(cells) + " |")
    seconds = saved["seconds"]
    drafted = "" if seconds["draft_total"] is None else f"drafting {seconds['draft_total']:.1f} s, "
    lines += [
        "",
        f"Time: {drafted}scoring {seconds['score_total']:.2f} s for {len(saved['documents'])} texts "
        f"(of which {seconds['parse_curated']:.2f} s reading the curated data); "
        f"Python {saved['machine']['python']}, {saved['machine']['cpus']} CPUs.",
    ]
    return "\n".join(lines) + "\n"


def text_report(saved: dict[str, Any]) -> str:
    from nqgraph.ingest.score import KINDS

    lines = [f"{'kind':<12} {'curated':>7} {'drafted':>7} {'matched':>7} {'P':>5} {'R':>5} {'F1':>5}"]
    for kind in KINDS:
        k = saved["overall"][kind]
        lines.append(
            f"{kind:<12} {k['curated']:>7} {k['drafted']:>7} {k['matched']:>7} "
            f"{cell(k['precision']):>5} {cell(k['recall']):>5} {cell(k['f1']):>5}"
        )
    seconds = saved["seconds"]
    lines.append(f"scoring {seconds['score_total']:.2f} s for {len(saved['documents'])} texts")
    if seconds["draft_total"] is not None:
        lines.append(f"drafting {seconds['draft_total']:.2f} s ({len(saved['documents'])} processes)")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "drafting.json")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "ttl", help="curated data folder")
    parser.add_argument("--all", action="store_true", help="also every other text the curated data quotes")
    parser.add_argument(
        "--drafts", type=Path, default=None, help="score the drafts in DIR instead of drafting"
    )
    parser.add_argument("--show", type=Path, default=None, help="print the tables of a saved JSON and exit")
    parser.add_argument("--markdown", action="store_true", help="with --show: the tables of the doc")
    args = parser.parse_args()
    if args.show is not None:
        saved = json.loads(args.show.read_text(encoding="utf-8"))
        sys.stdout.write(markdown(saved) if args.markdown else text_report(saved))
        return
    saved = run(args)
    print("overall")
    print(text_report(saved))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(saved, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
