"""``nqgraph build``: load, reason, validate and write every output atomically.

Outputs are written to a temporary sibling folder and swapped in at the end, so a build
that stops on an error leaves the previous output folder as it was. A build whose data has
SHACL Violations still writes everything (the report is the point) and reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from . import budget
from .describe import describe
from .graph import open_graph
from .namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from .paths import Inputs
from .queries import load_queries
from .serialize import trig_nt, turtle, turtle_nt
from .site import build_site
from .stats import stats
from .validation import ValidationResult, load_shapes, validate_store


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    out: Path
    validation: ValidationResult
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when there is no Violation, 1 when there is at least one."""
        return 0 if self.validation.conforms else 1


def summary_text(result: BuildResult, *, today: dt.date) -> str:
    v = result.validation
    lines = [
        f"nqgraph build — {today.isoformat()}",
        "",
        "Counts",
        *(f"  {k:<22} {n}" for k, n in result.counts.items()),
        "",
        f"Validation: {v.violations} violation(s), {v.warnings} warning(s)",
    ]
    for f in v.findings:
        where = f" [{f.file}]" if f.file else ""
        path = f" {f.path}" if f.path else ""
        lines.append(f"  {f.severity}: {f.focus}{path}{where}: {f.message}")
    return "\n".join(lines) + "\n"


def write_atomically(out: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer`` on a fresh temporary folder, then replace ``out`` with it."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        writer(tmp)
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "previous")
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(
    *,
    out: Path = Path("build"),
    data: Path | None = None,
    engine: str = "oxigraph",
    inputs: Inputs | None = None,
    today: dt.date | None = None,
    site: bool = True,
    site_scope: str = "all",
    validator: str = "sparql",
) -> BuildResult:
    """Build the reasoned, validated graph and write it to ``out``.

    ``site_scope`` is ``"all"`` or ``"core"`` (see :func:`nqgraph.site.build_site`); ``validator``
    is ``"sparql"`` (the shapes compiled to queries) or ``"pyshacl"``. Returns a
    :class:`BuildResult`; raises :class:`~nqgraph.errors.NqgraphError` (and leaves
    ``out`` untouched) when an input cannot be read.
    """
    day = today or dt.date.today()
    inp = inputs or Inputs.default(data=data)
    kg = open_graph(inputs=inp, engine=engine)
    t0 = time.perf_counter()
    shapes = load_shapes(inp.shapes)
    with budget.phase("validation", kg.input_bytes):
        validation = validate_store(kg.store, shapes, defined_in=kg.loaded.defined_in, validator=validator)
    t1 = time.perf_counter()
    counts = stats(kg.store)
    # N-Triples term strings, not rdflib terms: converting a million quads into rdflib objects
    # only to print them again costs more than the rest of the build at national scale.
    parts = [
        (iri, kg.store.nt_triples(URIRef(iri))) for iri in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)
    ]
    timings = {**kg.timings, "validate": t1 - t0}
    result = BuildResult(out=out, validation=validation, counts=counts, timings=timings)

    def write(folder: Path) -> None:
        merged = [t for _, triples in parts for t in triples]
        (folder / "nqgraph.trig").write_text(trig_nt(parts, prefixes=PREFIXES), encoding="utf-8")
        (folder / "nqgraph.ttl").write_text(turtle_nt(merged, prefixes=PREFIXES), encoding="utf-8")
        report = turtle(validation.report, prefixes=PREFIXES)
        (folder / "validation.ttl").write_text(report, encoding="utf-8")
        (folder / "summary.txt").write_text(summary_text(result, today=day), encoding="utf-8")
        summary = {
            "counts": counts,
            "validation": validation.counts(),
            "findings": [f.__dict__ for f in validation.findings],
        }
        (folder / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        if site:
            t_site = time.perf_counter()
            build_site(
                kg.store,
                out=folder / "site",
                today=day,
                queries=load_queries(inp.queries),
                downloads={name: folder / name for name in ("nqgraph.ttl", "nqgraph.trig")},
                findings=[f for f in validation.findings if f.severity == "Warning"],
                sources_root=inp.root,
                scope=site_scope,
            )
            timings["site"] = time.perf_counter() - t_site
        describe(
            counts=counts,
            out_dir=folder,
            build_day=day,
            graphs=dict(parts),
        )

    t2 = time.perf_counter()
    with budget.phase("site" if site else "writing", kg.input_bytes):
        write_atomically(out, write)
    timings["write"] = time.perf_counter() - t2 - timings.get("site", 0.0)
    return result
