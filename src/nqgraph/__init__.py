"""nqgraph: a knowledge graph of Vietnamese provincial Party resolutions.

The Python API mirrors the command line:

>>> import nqgraph
>>> kg = nqgraph.open_graph()
>>> result = nqgraph.run_query(kg.store, "supersession-chain",
...     {"document": "eli/dien-bien/tu/2021/10-nq-tu"})
>>> number = result.variables.index("number")
>>> [str(row[number]) for row in result.rows]
['06-NQ/TU', '19-NQ/TU']
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nqgraph.errors import DataError, NqgraphError, ParameterError, QueryError, StoreError
    from nqgraph.graph.knowledge import KnowledgeGraph, open_graph
    from nqgraph.graph.queries import SavedQuery, load_queries
    from nqgraph.graph.stats import stats
    from nqgraph.graph.store import OxigraphStore, QueryResult, RdflibStore, RemoteStore, Store, new_store
    from nqgraph.graph.validation import validate as validate
    from nqgraph.paths import Inputs
    from nqgraph.pipeline.build import BuildResult, build

# Each public name and the module it comes from, imported when first used: `import nqgraph` stays
# light, so the `nqgraph` command can catch Ctrl-C before its heavy imports (nqgraph.__main__).
_SOURCES: dict[str, str] = {
    "DataError": "nqgraph.errors",
    "NqgraphError": "nqgraph.errors",
    "ParameterError": "nqgraph.errors",
    "QueryError": "nqgraph.errors",
    "StoreError": "nqgraph.errors",
    "KnowledgeGraph": "nqgraph.graph.knowledge",
    "open_graph": "nqgraph.graph.knowledge",
    "SavedQuery": "nqgraph.graph.queries",
    "load_queries": "nqgraph.graph.queries",
    "stats": "nqgraph.graph.stats",
    "OxigraphStore": "nqgraph.graph.store",
    "QueryResult": "nqgraph.graph.store",
    "RdflibStore": "nqgraph.graph.store",
    "RemoteStore": "nqgraph.graph.store",
    "Store": "nqgraph.graph.store",
    "new_store": "nqgraph.graph.store",
    "validate": "nqgraph.graph.validation",
    "Inputs": "nqgraph.paths",
    "BuildResult": "nqgraph.pipeline.build",
    "build": "nqgraph.pipeline.build",
}

__all__ = [
    "BuildResult",
    "DataError",
    "Inputs",
    "KnowledgeGraph",
    "NqgraphError",
    "OxigraphStore",
    "ParameterError",
    "QueryError",
    "QueryResult",
    "RdflibStore",
    "RemoteStore",
    "SavedQuery",
    "Store",
    "StoreError",
    "build",
    "load_queries",
    "new_store",
    "open_graph",
    "run_query",
    "stats",
]


def run_query(
    store: Store,
    query: str,
    params: dict[str, str] | None = None,
    *,
    queries: Path | None = None,
    lang: str | None = "vi",
    limit: int | None = None,
    offset: int | None = None,
    cursor: str | None = None,
    build: str | None = None,
) -> QueryResult:
    """Run a saved query by name (or a ``.rq`` path, or SPARQL text) on ``store``.

    Each resource column is followed by ``<column>Label`` in ``lang`` (``vi`` or ``en``; ``None``
    for the bare rows). ``result.to_dataframe()`` gives a pandas DataFrame.

    With ``limit``, ``offset`` or ``cursor`` the result is one page of the answer in a total order
    (:class:`nqgraph.graph.answers.Page`); its ``next_cursor`` asks for the next page. ``build``
    names the data a cursor is valid for (see :func:`nqgraph.graph.answers.run_page`).
    """
    from nqgraph.graph.queries import resolve
    from nqgraph.graph.queries import run as _run
    from nqgraph.paths import Inputs

    folder = queries or Inputs.default().queries
    saved = resolve(query, folder=folder)
    if limit is not None or offset is not None or cursor is not None:
        from nqgraph.graph.answers import DEFAULT_LIMIT, run_page

        return run_page(
            store,
            saved,
            params or {},
            limit=DEFAULT_LIMIT if limit is None else limit,
            offset=offset,
            cursor=cursor,
            build=build,
            lang=lang,
        )
    return _run(store, saved, params or {}, lang=lang)


def __getattr__(name: str) -> Any:
    """A public name, or a sub-package (``nqgraph.graph``), imported on first use."""
    if name in _SOURCES:
        value = getattr(importlib.import_module(_SOURCES[name]), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted({*globals(), *_SOURCES})
