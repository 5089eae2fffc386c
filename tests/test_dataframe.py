"""QueryResult.to_dataframe(): typed columns for pandas users, and a clear error without pandas."""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd
import pytest

import nqgraph
from nqgraph.graph.knowledge import KnowledgeGraph

NQ = "PREFIX nq: <https://w3id.org/nqgraph/ontology#> "


def test_overdue_tasks_have_dates_as_dates_and_names_as_strings(kg: KnowledgeGraph) -> None:
    frame = nqgraph.run_query(kg.store, "overdue-tasks", {"asOf": "2026-11-23"}).to_dataframe()
    assert pd.api.types.is_datetime64_any_dtype(frame["dueDate"])
    assert frame["dueDate"].min().date() == dt.date(2025, 12, 31)
    assert frame["leadAgency"].dtype == "string" and frame["leadAgencyLabel"].dtype == "string"
    assert "Sở Nội vụ tỉnh Điện Biên" in set(frame["leadAgencyLabel"])
    assert frame["currentSuccessor"].isna().all()


def test_targets_have_numbers_as_numbers_and_years_as_integers(kg: KnowledgeGraph) -> None:
    result = nqgraph.run_query(kg.store, "targets", {"indicator": "indicator/trained-labour-rate"})
    frame = result.to_dataframe()
    assert list(frame.columns) == list(result.variables)
    assert frame["year"].dtype == "Int64" and frame["value"].dtype == "Float64"
    assert list(frame["year"]) == [2025, 2030, 2030, 2035, 2026]
    assert frame["value"].sum() == 65 + 70 + 70 + 73 + 71
    assert frame["valueMax"].isna().sum() == 4 and frame.loc[0, "valueMax"] == 70
    assert frame["comparator"].iloc[0] == "https://w3id.org/nqgraph/ontology#Between"


def test_a_column_of_mixed_types_is_text(kg: KnowledgeGraph) -> None:
    text = NQ + 'SELECT ?x WHERE { VALUES ?x { 1 "one" } }'
    frame = nqgraph.run_query(kg.store, text).to_dataframe()
    assert frame["x"].dtype == "string" and list(frame["x"]) == ["1", "one"]


def test_a_construct_graph_is_a_frame_of_triples_and_an_ask_is_refused(kg: KnowledgeGraph) -> None:
    graph = nqgraph.run_query(
        kg.store, NQ + "CONSTRUCT { ?d nq:documentNumber ?n } WHERE { ?d nq:documentNumber ?n }"
    )
    frame = graph.to_dataframe()
    assert list(frame.columns) == ["subject", "predicate", "object"] and "19-NQ/TU" in set(frame["object"])
    with pytest.raises(nqgraph.QueryError, match="ASK"):
        nqgraph.run_query(kg.store, "ASK { ?s ?p ?o }").to_dataframe()


def test_without_pandas_the_error_says_how_to_install_it(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = nqgraph.run_query(kg.store, "shared-document-numbers")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'nqgraph\[pandas\]'"):
        result.to_dataframe()
