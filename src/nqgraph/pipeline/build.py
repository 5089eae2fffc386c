"""``nqgraph build``: load, reason, validate and write every output atomically.

Outputs are written to a temporary sibling folder and swapped in at the end, so a build
that stops on an error leaves the previous output folder as it was. A build whose data has
SHACL Violations still writes everything (the report is the point) and reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef

from nqgraph.errors import OutputError
from nqgraph.graph import query_facts
from nqgraph.graph.answer_files import FOLDER as ANSWERS
from nqgraph.graph.answer_files import write_answers
from nqgraph.graph.knowledge import open_graph
from nqgraph.graph.loader import data_files
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery, load_queries
from nqgraph.graph.query_facts import QueryFacts
from nqgraph.graph.stats import stats
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.graph.validation import Finding, ValidationResult, load_shapes, validate_store
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from nqgraph.paths import Inputs
from nqgraph.pipeline.changes import FULL, INCREMENTAL, NOTHING, Plan, plan
from nqgraph.pipeline.state import (
    Manifest,
    StateError,
    changed_source,
    dump_store,
    input_manifest,
    read_manifest,
    read_validation,
    saving_store,
    source_texts,
    write_item_rows,
    write_query_facts,
    write_state,
)
from nqgraph.publish.describe import describe
from nqgraph.publish.dumps import write_dumps
from nqgraph.publish.serialize import turtle
from nqgraph.publish.site import build_site
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.index import IndexBuilder
from nqgraph.publish.site.store_index import PageReads
from nqgraph.publish.site.views.search import search_file
from nqgraph.publish.tally import Tally
from nqgraph.runtime import budget
from nqgraph.runtime.atomic import atomic_folder, recover, refuse_protected
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
    # What kind of build this was and why ("nothing changed: outputs untouched", "shapes/x.ttl
    # changed: full rebuild", …); empty for a first build.
    plan: str = ""

    @property
    def exit_code(self) -> int:
        """0 when there is no Violation, 1 when there is at least one."""
        return 0 if self.validation.conforms else 1


def _write_text(path: Path, text: str) -> None:
    # A new file, never written in place: an incremental build's folder holds hard links to the
    # previous output's files.
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    path.unlink(missing_ok=True)
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
    clean: bool = False,
    progress: Progress = NULL,
    on_plan: Callable[[str], None] | None = None,
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

    When ``out`` holds an earlier build with its state (:mod:`nqgraph.pipeline.state`), only what
    changed is built again: nothing when no input changed, the changed data files incrementally,
    everything when the ontology, shapes, saved queries or options changed, or when the state
    cannot be used. ``clean`` forces a full build. ``on_plan`` is told which it is and why, in one
    line, before the work starts (the result's ``plan`` says the same).
    """
    with gc_paused():
        inp = inputs or Inputs.default(data=data)
        check_out(out, data=inp.data, root=inp.root, force=force)
        recover(out)
        day = today or dt.date.today()
        options = {
            "engine": engine,
            "validator": validator,
            "site": site_scope if site else "none",
            "today": day.isoformat(),
        }
        files = data_files(inp.data)
        current = input_manifest(inp, files, options=options)
        chosen = _choose(out, current, clean=clean, engine=engine, current_root=inp.root)
        settings = Settings(inputs=inp, day=day, site=site, site_scope=site_scope, validator=validator)
        if chosen.kind == INCREMENTAL:
            if on_plan is not None:
                on_plan(chosen.reason)
            try:
                from nqgraph.pipeline.incremental import update

                result = update(
                    out,
                    previous=read_manifest(out),
                    current=current,
                    plan=chosen,
                    settings=settings,
                    progress=progress,
                )
                return replace(result, plan=chosen.reason)
            except StateError as exc:
                chosen = Plan(FULL, f"{exc}: full rebuild")
        if on_plan is not None and chosen.reason:
            on_plan(chosen.reason)
        if chosen.kind == NOTHING:
            return _unchanged(out, chosen.reason)
        result = _build(out=out, engine=engine, settings=settings, manifest=current, progress=progress)
        return replace(result, plan=chosen.reason)


def _choose(out: Path, current: Manifest, *, clean: bool, engine: str, current_root: Path) -> Plan:
    """What kind of build follows, and why (an empty reason for a first build)."""
    if clean:
        return Plan(FULL, "--clean: full rebuild")
    if not (out / MARKER).is_file():
        return Plan(FULL, "")
    try:
        chosen = plan(read_manifest(out), current)
    except StateError as exc:
        return Plan(FULL, f"{exc}: full rebuild")
    if chosen.kind == INCREMENTAL and engine != "oxigraph":
        return Plan(FULL, f"the {engine} engine always builds in full: full rebuild")
    if chosen.kind != FULL:
        text = changed_source(read_manifest(out), current_root)
        if text is not None:
            return Plan(FULL, f"the source text {text} changed: full rebuild")
    return chosen


def _unchanged(out: Path, why: str) -> BuildResult:
    """The previous build's result, read back from its output and state."""
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        validation = read_validation(out)
        counts = {str(k): int(v) for k, v in summary["counts"].items()}
    except (OSError, ValueError, KeyError, TypeError, StateError) as exc:
        raise OutputError(
            f"{out}: the previous build's summary cannot be read ({exc}); build with --clean"
        ) from None
    return BuildResult(out=out, validation=validation, counts=counts, plan=why)


@dataclass(frozen=True)
class Settings:
    """What a build was asked for, besides the output folder."""

    inputs: Inputs
    day: dt.date
    site: bool
    site_scope: str
    validator: str


def _timed_dumps(parts: list[tuple[str, list[NTriple]]], folder: Path) -> tuple[Tally, float]:
    """Write nqgraph.trig and nqgraph.ttl into ``folder``: what the dataset description counts, and
    how long it took (in the process that wrote them, for the progress)."""
    t0 = time.perf_counter()
    tally = write_dumps(parts, folder)
    return tally, time.perf_counter() - t0


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
    store: OxigraphStore | RdflibStore,
    shapes: Graph,
    *,
    defined_in: dict[str, str],
    validator: str,
    progress: Progress,
) -> tuple[ValidationResult, dict[str, int], float]:
    """The validation result, the counts of the graph, and how long validating took."""
    t0 = time.perf_counter()
    validation = validate_store(store, shapes, defined_in=defined_in, validator=validator, progress=progress)
    seconds = time.perf_counter() - t0
    return validation, stats(store), seconds


def write_reports(folder: Path, result: BuildResult, *, inputs: Inputs, day: dt.date) -> None:
    """Write validation.ttl, summary.txt and summary.json of ``result`` into ``folder``."""
    validation, counts = result.validation, result.counts
    _write_text(folder / "validation.ttl", turtle(validation.report, prefixes=PREFIXES))
    # The written summaries name files relative to the project (or the data folder's
    # parent), so that two checkouts of the same inputs write the same bytes.
    portable = replace(validation, findings=tuple(_portable(f, inputs) for f in validation.findings))
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


def write_outputs(
    folder: Path,
    *,
    out: Path,
    store: OxigraphStore | RdflibStore,
    reasoned: OxigraphStore,
    defined_in: dict[str, str],
    graphs: dict[str, list[NTriple]],
    builder: IndexBuilder | None,
    settings: Settings,
    shapes: Graph,
    queries: Mapping[str, SavedQuery],
    timings: dict[str, float],
    save_state: bool,
    progress: Progress,
    page_reads: dict[str, PageReads] | None = None,
) -> tuple[BuildResult, Tally]:
    """Write every output of the reasoned dataset into the fresh ``folder``; return the result and
    the dumps' tally (what the dataset description counts).

    ``store`` answers the queries (the chosen engine), ``reasoned`` is the Oxigraph store reasoning
    ran on; ``graphs`` holds the graphs already read as N-Triples (the rest are read here) and
    ``builder`` has indexed them for the site (``None``: no site); ``queries`` are the saved
    queries whose answers and pages are written. With ``save_state``, the
    dataset is also saved as the state store (:mod:`nqgraph.pipeline.state`). ``page_reads``, when
    given, receives what each resource's files read (for the state: an incremental build renders
    again only the pages a change touches).
    """
    inp, day = settings.inputs, settings.day
    t0 = time.perf_counter()
    _write_text(folder / MARKER, MARKER_TEXT)
    for iri in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED):
        if iri not in graphs:
            graphs[iri] = reasoned.nt_triples(URIRef(iri))
            if builder is not None:
                builder.add(graphs[iri])
    parts = [(iri, graphs.pop(iri)) for iri in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]
    dumped = sum(len(triples) for _, triples in parts)
    # The dumps depend on the reasoned graph only: a second process writes them (and saves the
    # state store). The validation's queries run in Oxigraph's native code on a thread, while this
    # one finishes the site index; the thread ends before the page workers are forked.
    with forked(_timed_dumps, parts, folder) as dumps, ExitStack() as saving:
        del parts  # the dumps process has its own copy
        waited = False

        def dumps_written() -> Tally:
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

        with ExitStack() as threads:
            # The state store's quads are written on a thread of this process, in Oxigraph's native
            # code; a child interpreter loads them (state.saving_store) while the pages are made.
            dumping = (
                threads.enter_context(on_thread(dump_store, reasoned.native, folder, name="state"))
                if save_state
                else None
            )
            validating = threads.enter_context(
                on_thread(
                    _validate_and_count,
                    store,
                    shapes,
                    defined_in=defined_in,
                    validator=settings.validator,
                    progress=progress,
                    name="validation",
                )
            )
            site_index = builder.finish() if builder is not None else None
            t1 = time.perf_counter()
            timings["site.index"] = t1 - t0
            search = None
            if site_index is not None:
                # The search index reads every node (1.7 s at a million triples): made here, where
                # the main thread would otherwise wait for validation, not in a page worker, where
                # it took the cores from the pages.
                searched = Site(site_index, root=folder / "site", today=day, sources_root=inp.root)
                search = search_file(searched)
                del searched
            t2 = time.perf_counter()
            timings["site.search"] = t2 - t1
            validation, counts, timings["validate"] = validating.result()
            timings["validate.wait"] = time.perf_counter() - t2
        # Both threads have ended: none runs here when the page workers are forked.
        if dumping is not None:
            saving.enter_context(saving_store(dumping.result(), folder))
        timings["state.dump.wait"] = time.perf_counter() - t1
        result = BuildResult(out=out, validation=validation, counts=counts, timings=timings)
        write_reports(folder, result, inputs=inp, day=day)
        # The sorted answer of each saved query that needs no parameter, so that any page of it is
        # read in milliseconds (nqgraph.graph.answer_files; docs/decisions.md).
        t_answers = time.perf_counter()
        write_answers(folder / ANSWERS, store, queries)
        timings["answers"] = time.perf_counter() - t_answers
        if site_index is not None:
            # Pages are rendered while the dumps are still being written; only the
            # downloads page, last, waits for them.
            t_site = time.perf_counter()
            built = build_site(
                store,
                out=folder / "site",
                today=day,
                queries=queries,
                downloads={name: folder / name for name in ("nqgraph.ttl", "nqgraph.trig")},
                findings=[f for f in validation.findings if f.severity == "Warning"],
                sources_root=inp.root,
                scope=settings.site_scope,
                index=site_index,
                downloads_ready=dumps_written,
                search=search,
                progress=progress,
            )
            timings["site"] = time.perf_counter() - t_site
            if page_reads is not None:
                page_reads.update(built.reads)
            if save_state:
                write_item_rows(folder, built.item_rows)
            timings.update({f"site.{k}": v for k, v in built.timings.items()})
        t3 = time.perf_counter()
        tally = dumps_written()
        # How long the dumps made the build wait at the end (without a site).
        timings["dumps.wait"] = time.perf_counter() - t3
        t3 = time.perf_counter()
        saving.close()
        timings["state.wait"] = time.perf_counter() - t3
    t4 = time.perf_counter()
    describe(counts=counts, out_dir=folder, build_day=day, facts_of_graphs=tally.facts())
    timings["describe"] = time.perf_counter() - t4
    return result, tally


def _build(
    *,
    out: Path,
    engine: str,
    settings: Settings,
    manifest: Manifest,
    progress: Progress,
) -> BuildResult:
    started = time.perf_counter()
    inp = settings.inputs
    # The graphs as N-Triples term strings, read from the store once for the dumps and the site
    # index (rdflib objects for a million quads only to print them again would cost more than
    # the rest). The ontology and asserted graphs are read and indexed while reasoning runs: the
    # index is settled then, so that only the lists the inferred triples add to are made after.
    graphs: dict[str, list[NTriple]] = {}
    builder = IndexBuilder() if settings.site else None

    def read(store: OxigraphStore | RdflibStore, *iris: str) -> None:
        for iri in iris:
            graphs[iri] = store.nt_triples(URIRef(iri))
            if builder is not None:
                builder.add(graphs[iri])
        if builder is not None:
            builder.settle()

    # What parsing each saved query tells (its predicates, its keys: nqgraph.graph.query_facts),
    # for the state, so that the first incremental build parses none: found while reasoning runs,
    # after the reading above, where one core is otherwise idle.
    queries = load_queries(inp.queries)
    facts: list[dict[str, QueryFacts]] = []  # open_graph calls ``meanwhile`` once

    def meanwhile(store: OxigraphStore | RdflibStore) -> None:
        read(store, GRAPH_ONTOLOGY, GRAPH_ASSERTED)
        facts.append(query_facts.find({q.text for q in queries.values()}))

    page_reads: dict[str, PageReads] = {}
    kg = open_graph(inputs=inp, engine=engine, meanwhile=meanwhile, progress=progress)
    shapes = load_shapes(inp.shapes)
    timings = dict(kg.timings)
    budget.check("validation", kg.input_bytes)
    with budget.phase("site" if settings.site else "writing", kg.input_bytes), atomic_folder(out) as folder:
        result, tally = write_outputs(
            folder,
            out=out,
            store=kg.store,
            reasoned=kg.loaded.store,
            defined_in=kg.loaded.defined_in,
            graphs=graphs,
            builder=builder,
            settings=settings,
            shapes=shapes,
            queries=queries,
            timings=timings,
            save_state=True,
            progress=progress,
            page_reads=page_reads,
        )
        t0 = time.perf_counter()
        write_state(
            folder,
            manifest=replace(manifest, sources=source_texts(kg.loaded.store, inp.root)),
            scans=kg.loaded.scans,
            data=inp.data,
            validation=result.validation,
            tally=tally,
            pages=page_reads if settings.site else None,
        )
        write_query_facts(folder, facts[0])
        timings["state"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    return result
