"""``nqgraph build``: load, reason, validate and write every output atomically.

Outputs are written to a temporary sibling folder and swapped in at the end, so a build
that stops on an error leaves the previous output folder as it was. A build whose data has
SHACL Violations still writes everything (the report is the point) and reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef

from nqgraph.errors import OutputError
from nqgraph.graph.knowledge import KnowledgeGraph, open_graph
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import load_queries
from nqgraph.graph.stats import stats
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.graph.validation import Finding, ValidationResult, load_shapes, validate_store
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from nqgraph.paths import Inputs
from nqgraph.publish.describe import Facts, describe, facts
from nqgraph.publish.serialize import trig_nt_chunks, turtle, turtle_nt_chunks
from nqgraph.publish.site import build_site
from nqgraph.publish.site.index import IndexBuilder
from nqgraph.runtime import budget
from nqgraph.runtime.atomic import atomic_folder, refuse_protected
from nqgraph.runtime.forking import forked
from nqgraph.runtime.gcpause import gc_paused
from nqgraph.runtime.progress import NULL, Progress
from nqgraph.runtime.threads import on_thread

# The file that marks a folder as a build's output, so that a later build may replace it. Its text
# is fixed, so two builds of the same inputs stay byte-identical.
MARKER = ".nqgraph-build"
MARKER_TEXT = "This folder is the output of `nqgraph build`; the next build replaces all of it.\n"
# What builds wrote before the marker existed: a folder holding only these is an earlier output.
_OUTPUT_NAMES = frozenset(("nqgraph.trig", "nqgraph.ttl", "validation.ttl", "summary.txt", "summary.json"))
_OUTPUT_NAMES |= {"void.ttl", "dcat.ttl", "site"}


def check_out(out: Path, *, data: Path, root: Path, force: bool = False) -> None:
    """Refuse an output folder whose replacement would destroy anything but an earlier output.

    The build replaces ``out`` as a whole, so ``out`` may not be, hold or lie inside the data
    folder; may not be the project root, the current folder or a folder that holds either (or a
    ``.git``); and, when it exists and is not empty, must carry the marker of an earlier build.
    ``force`` overrides only the last rule.
    """
    refuse_protected(out, root=root)
    target = out.resolve()
    data_dir = data.resolve()
    if target == data_dir or data_dir.is_relative_to(target):
        raise OutputError(f"--out {out}: holds the data folder {data}; choose a separate output folder")
    if target.is_relative_to(data_dir):
        raise OutputError(f"--out {out}: lies inside the data folder {data}; choose a folder outside it")
    if not target.is_dir() or (target / MARKER).is_file():
        return
    entries = {p.name for p in target.iterdir()}
    if not entries or force:
        return
    if "summary.json" in entries and entries <= _OUTPUT_NAMES:
        return  # written by a build from before the marker
    shown = ", ".join(sorted(entries)[:5]) + (", …" if len(entries) > 5 else "")
    raise OutputError(
        f"--out {out}: is a non-empty folder that no build wrote (it holds {shown}); the build would"
        f" replace it. Choose an empty or new folder, or pass --force to replace it"
    )


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


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.writelines(chunks)


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
    force: bool = False,
    progress: Progress = NULL,
) -> BuildResult:
    """Build the reasoned, validated graph and write it to ``out``.

    ``out`` must be a new, empty or earlier output folder (see :func:`check_out`; ``force``
    replaces any other folder that holds neither the data nor the project). ``site_scope`` is
    ``"all"`` or ``"core"`` (see :func:`nqgraph.publish.site.build_site`); ``validator`` is
    ``"sparql"`` (the shapes compiled to queries) or ``"pyshacl"``. ``progress`` is told of the
    phases (load, reasoning, validation, pages, dumps; :mod:`nqgraph.runtime.progress`): it writes
    to stderr at most, so the outputs are the same whatever it is. Returns a
    :class:`BuildResult`; raises :class:`~nqgraph.errors.NqgraphError` (and leaves
    ``out`` untouched) when an input cannot be read.
    """
    with gc_paused():
        return _build(
            out=out,
            data=data,
            engine=engine,
            inputs=inputs,
            today=today,
            site=site,
            site_scope=site_scope,
            validator=validator,
            force=force,
            progress=progress,
        )


def _write_dumps(parts: list[tuple[str, list[NTriple]]], folder: Path) -> Facts:
    """Write nqgraph.trig and nqgraph.ttl into ``folder``; return what the dataset description counts."""
    # Written piece by piece: the whole text of a million-triple dump, and its UTF-8 copy, would
    # add hundreds of megabytes to the peak.
    _write_chunks(folder / "nqgraph.trig", trig_nt_chunks(parts, prefixes=PREFIXES))
    _write_chunks(
        folder / "nqgraph.ttl", turtle_nt_chunks([t for _, ts in parts for t in ts], prefixes=PREFIXES)
    )
    return facts(dict(parts))


def _timed_dumps(parts: list[tuple[str, list[NTriple]]], folder: Path) -> tuple[Facts, float]:
    """:func:`_write_dumps`, and how long it took (in the process that wrote them, for the progress)."""
    t0 = time.perf_counter()
    counted = _write_dumps(parts, folder)
    return counted, time.perf_counter() - t0


def _portable(finding: Finding, inputs: Inputs) -> Finding:
    """The finding with its file relative to the project root, or else to the data folder's parent."""
    if not finding.file:
        return finding
    path = Path(finding.file).resolve()
    for base in (inputs.root.resolve(), inputs.data.resolve().parent):
        if path.is_relative_to(base):
            return replace(finding, file=path.relative_to(base).as_posix())
    return finding


def _validate_and_count(
    kg: KnowledgeGraph, shapes: Graph, *, validator: str, progress: Progress
) -> tuple[ValidationResult, dict[str, int], float]:
    """The validation result, the counts of the graph, and how long validating took."""
    t0 = time.perf_counter()
    validation = validate_store(
        kg.store, shapes, defined_in=kg.loaded.defined_in, validator=validator, progress=progress
    )
    seconds = time.perf_counter() - t0
    return validation, stats(kg.store), seconds


def _build(
    *,
    out: Path,
    data: Path | None,
    engine: str,
    inputs: Inputs | None,
    today: dt.date | None,
    site: bool,
    site_scope: str,
    validator: str,
    force: bool,
    progress: Progress,
) -> BuildResult:
    started = time.perf_counter()
    day = today or dt.date.today()
    inp = inputs or Inputs.default(data=data)
    check_out(out, data=inp.data, root=inp.root, force=force)
    # The graphs as N-Triples term strings, read from the store once for the dumps and the site
    # index (rdflib objects for a million quads only to print them again would cost more than
    # the rest). The ontology and asserted graphs are read and indexed while reasoning runs.
    graphs: dict[str, list[NTriple]] = {}
    builder = IndexBuilder() if site else None

    def read(store: OxigraphStore | RdflibStore, *iris: str) -> None:
        for iri in iris:
            graphs[iri] = store.nt_triples(URIRef(iri))
            if builder is not None:
                builder.add(graphs[iri])

    kg = open_graph(
        inputs=inp,
        engine=engine,
        meanwhile=lambda store: read(store, GRAPH_ONTOLOGY, GRAPH_ASSERTED),
        progress=progress,
    )
    shapes = load_shapes(inp.shapes)
    timings = dict(kg.timings)
    budget.check("validation", kg.input_bytes)
    with budget.phase("site" if site else "writing", kg.input_bytes), atomic_folder(out) as folder:
        t0 = time.perf_counter()
        _write_text(folder / MARKER, MARKER_TEXT)
        read(kg.loaded.store, GRAPH_INFERRED)  # the store reasoning ran on, whatever the engine
        parts = [(iri, graphs.pop(iri)) for iri in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]
        dumped = sum(len(triples) for _, triples in parts)
        # The dumps depend on the reasoned graph only: a second process writes them. The
        # validation's queries run in Oxigraph's native code on a thread, while this one
        # finishes the site index; the thread ends before the page workers are forked.
        with forked(_timed_dumps, parts, folder) as dumps:
            del parts  # the dumps process has its own copy
            waited = False

            def dumps_written() -> Facts:
                """The dumps' counts, once they are written; the wait is the progress's dumps phase."""
                nonlocal waited
                if waited:
                    return dumps.result()[0]
                waited = True
                progress.phase("dumps", dumped, unit="triples")
                counted, seconds = dumps.result()
                progress.advance(dumped)
                progress.note(f"{seconds:.1f} s in a second process")
                progress.done()
                return counted

            with on_thread(
                _validate_and_count, kg, shapes, validator=validator, progress=progress, name="validation"
            ) as validating:
                site_index = builder.finish() if builder is not None else None
                t1 = time.perf_counter()
                timings["site.index"] = t1 - t0
                validation, counts, timings["validate"] = validating.result()
                timings["validate.wait"] = time.perf_counter() - t1
            result = BuildResult(out=out, validation=validation, counts=counts, timings=timings)
            _write_text(folder / "validation.ttl", turtle(validation.report, prefixes=PREFIXES))
            # The written summaries name files relative to the project (or the data folder's
            # parent), so that two checkouts of the same inputs write the same bytes.
            portable = replace(validation, findings=tuple(_portable(f, inp) for f in validation.findings))
            _write_text(folder / "summary.txt", summary_text(replace(result, validation=portable), today=day))
            summary = {
                "counts": counts,
                "validation": validation.counts(),
                "findings": [f.__dict__ for f in portable.findings],
            }
            _write_text(
                folder / "summary.json",
                json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            )
            if site_index is not None:
                # Pages are rendered while the dumps are still being written; only the
                # downloads page, last, waits for them.
                t_site = time.perf_counter()
                built = build_site(
                    kg.store,
                    out=folder / "site",
                    today=day,
                    queries=load_queries(inp.queries),
                    downloads={name: folder / name for name in ("nqgraph.ttl", "nqgraph.trig")},
                    findings=[f for f in validation.findings if f.severity == "Warning"],
                    sources_root=inp.root,
                    scope=site_scope,
                    index=site_index,
                    downloads_ready=dumps_written,
                    progress=progress,
                )
                timings["site"] = time.perf_counter() - t_site
                timings.update({f"site.{k}": v for k, v in built.timings.items()})
            t3 = time.perf_counter()
            counted = dumps_written()
            # How long the dumps made the build wait at the end (without a site).
            timings["dumps.wait"] = time.perf_counter() - t3
        t4 = time.perf_counter()
        describe(counts=counts, out_dir=folder, build_day=day, facts_of_graphs=counted)
        timings["describe"] = time.perf_counter() - t4
    timings["total"] = time.perf_counter() - started
    return result
