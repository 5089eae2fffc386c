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

from pathlib import Path

from nqgraph.errors import DataError, NqgraphError, ParameterError, QueryError, StoreError
from nqgraph.graph.knowledge import KnowledgeGraph, open_graph
from nqgraph.graph.queries import SavedQuery, load_queries, resolve
from nqgraph.graph.queries import run as _run
from nqgraph.graph.stats import stats
from nqgraph.graph.store import OxigraphStore, QueryResult, RdflibStore, RemoteStore, Store, new_store
from nqgraph.graph.validation import validate as validate
from nqgraph.paths import Inputs
from nqgraph.pipeline.build import BuildResult, build

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
) -> QueryResult:
    """Run a saved query by name (or a ``.rq`` path, or SPARQL text) on ``store``.

    Each resource column is followed by ``<column>Label`` in ``lang`` (``vi`` or ``en``; ``None``
    for the bare rows). ``result.to_dataframe()`` gives a pandas DataFrame.
    """
    folder = queries or Inputs.default().queries
    return _run(store, resolve(query, folder=folder), params or {}, lang=lang)
