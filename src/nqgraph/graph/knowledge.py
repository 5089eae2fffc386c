"""Load, reason and hand out the knowledge graph: the one entry point every command uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nqgraph.graph.loader import Loaded, data_files, load
from nqgraph.graph.reasoner import ReasoningResult, reason
from nqgraph.graph.store import OxigraphStore, RdflibStore, new_store
from nqgraph.paths import Inputs
from nqgraph.runtime import budget
from nqgraph.runtime.progress import NULL, Progress
from nqgraph.runtime.threads import on_thread


@dataclass
class KnowledgeGraph:
    """The reasoned graph in a store, with what was loaded and how long each phase took."""

    store: OxigraphStore | RdflibStore
    loaded: Loaded
    reasoning: ReasoningResult
    inputs: Inputs
    timings: dict[str, float] = field(default_factory=dict)
    input_bytes: int = 0


def open_graph(
    *,
    data: Path | None = None,
    engine: str = "oxigraph",
    inputs: Inputs | None = None,
    meanwhile: Callable[[OxigraphStore], None] | None = None,
    progress: Progress = NULL,
) -> KnowledgeGraph:
    """Load the ontology and data and reason over them.

    ``meanwhile``, when given, is called with the loaded store while reasoning runs on another
    thread: the rules run in Oxigraph's native code, which releases the interpreter lock, so
    Python work that reads the asserted and ontology graphs (which reasoning never writes) uses
    the other core instead of waiting. ``progress`` is told of the load (files) and reasoning (rounds).

    >>> kg = open_graph()
    >>> kg.reasoning.inferred > 0
    True
    """
    inp = inputs or Inputs.default(data=data)
    files = data_files(inp.data)
    size = budget.input_bytes([inp.ontology, *files])
    t0 = time.perf_counter()
    with budget.phase("load", size):
        progress.phase("load", len(files), unit="files")
        loaded = load(data_dir=inp.data, ontology_path=inp.ontology, progress=progress)
        progress.done()
    t1 = time.perf_counter()
    with budget.phase("reasoning", size):
        progress.phase("reasoning", unit="rounds")
        if meanwhile is None:
            result = reason(loaded.store, progress=progress)
            t2 = time.perf_counter()
        else:
            result, t2 = _reason_while(loaded.store, meanwhile, progress)
        progress.note(f"{result.inferred:,} triples inferred")
        progress.done()
    t3 = time.perf_counter()
    store: OxigraphStore | RdflibStore = loaded.store
    if engine != "oxigraph":
        # Reasoning always runs on Oxigraph (seconds instead of minutes); the chosen engine then
        # answers queries over the same reasoned dataset.
        store = new_store(engine)
        store.add(loaded.store.quads())
    return KnowledgeGraph(
        store=store,
        loaded=loaded,
        reasoning=result,
        inputs=inp,
        # reason.wait: how long the work done meanwhile outlasted reasoning.
        timings={"load": t1 - t0, "reason": t2 - t1, "reason.wait": t3 - t2},
        input_bytes=size,
    )


def _reason_while(
    store: OxigraphStore, work: Callable[[OxigraphStore], None], progress: Progress
) -> tuple[ReasoningResult, float]:
    """Reason on a thread while ``work(store)`` runs here; return the result and when it was ready."""

    def reasoning() -> tuple[ReasoningResult, float]:
        result = reason(store, progress=progress)
        return result, time.perf_counter()

    with on_thread(reasoning, name="reasoning") as future:
        try:
            work(store)
        finally:
            # Even when ``work`` fails, the thread finishes before the store is handed on.
            done = future.result()
    return done
