"""Query results people can read: labels beside resources, symbols for comparators and units,
documented column names, on the command line, in Python and on every kind of store."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import nqgraph
from conftest import DATA, ROOT
from nqgraph.cli import cli
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.queries import load_queries, read_query
from nqgraph.graph.store import QueryResult, RdflibStore
from nqgraph.publish.output import render

ID = "https://w3id.org/nqgraph/id/"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
QUERIES = load_queries(ROOT / "queries")
PARAMS = {
    "documents-citing": {"document": "eli/dien-bien/tu/2012/06-nq-tu"},
    "indicator-timeline": {"indicator": "indicator/trained-labour-rate"},
    "supersession-chain": {"document": "eli/dien-bien/tu/2021/10-nq-tu"},
    "overdue-tasks": {"asOf": "2026-11-23"},
}


def data_label(iri: str, lang: str) -> str:
    """The label of ``iri`` in ``lang`` as the data files state it."""
    graph = Graph()
    for path in sorted(DATA.rglob("*.ttl")):
        graph.parse(path)
    (label,) = [
        o for o in graph.objects(URIRef(iri), RDFS_LABEL) if isinstance(o, Literal) and o.language == lang
    ]
    return str(label)


def column(result: QueryResult, name: str) -> list[str]:
    i = result.variables.index(name)
    return ["" if row[i] is None else str(row[i]) for row in result.rows]


def test_overdue_tasks_as_csv_name_the_lead_agency_in_vietnamese_beside_its_iri(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["query", "overdue-tasks", "--param", "asOf=2026-11-23", "--format", "csv"])
    assert out.exit_code == 0, out.output
    table = list(csv.DictReader(io.StringIO(out.output)))
    lead = f"{ID}agency/dien-bien/so-noi-vu"
    (row,) = [r for r in table if r["task"].endswith("19-nq-tu/task/appendix-2")]
    assert row["leadAgency"] == lead
    assert row["leadAgencyLabel"] == data_label(lead, "vi") == "Sở Nội vụ tỉnh Điện Biên"
    assert row["documentNumber"] == "19-NQ/TU" and row["taskLabel"]


def test_lang_en_gives_the_english_labels(runner: CliRunner) -> None:
    out = runner.invoke(
        cli, ["query", "overdue-tasks", "--param", "asOf=2026-11-23", "--format", "csv", "--lang", "en"]
    )
    assert out.exit_code == 0, out.output
    lead = f"{ID}agency/dien-bien/so-noi-vu"
    labels = {
        r["leadAgencyLabel"] for r in csv.DictReader(io.StringIO(out.output)) if r["leadAgency"] == lead
    }
    assert labels == {data_label(lead, "en")}


def test_an_unknown_language_is_refused(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["query", "overdue-tasks", "--lang", "fr"])
    assert out.exit_code == 2 and "fr" in out.output
    with pytest.raises(nqgraph.ParameterError, match="unknown language 'fr'"):
        nqgraph.run_query(nqgraph.RemoteStore("http://127.0.0.1:9/sparql"), "overdue-tasks", lang="fr")


def test_comparators_and_units_are_written_as_people_write_them_in_table_and_csv(kg: KnowledgeGraph) -> None:
    result = nqgraph.run_query(kg.store, "targets", {"indicator": "indicator/trained-labour-rate"})
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert [(r["year"], r["comparator"], r["unit"]) for r in rows] == [
        ("2025", "65–70", "%"),
        ("2030", ">", "%"),
        ("2030", ">", "%"),
        ("2035", ">", "%"),
        ("2026", "=", "%"),
    ]
    assert rows[0]["comparatorLabel"] == "từ … đến" and rows[0]["indicator"].startswith(ID)
    table = render(result, "table").splitlines()
    assert [cell.strip() for cell in table[0].split("|")] == list(result.variables)
    assert "65–70" in table[2] and " % " in table[2]


def test_json_keeps_the_terms_and_adds_the_labels_as_language_tagged_literals(kg: KnowledgeGraph) -> None:
    result = nqgraph.run_query(kg.store, "targets", {"indicator": "indicator/trained-labour-rate"})
    first = json.loads(render(result, "json"))["results"]["bindings"][0]
    assert first["comparator"] == {"type": "uri", "value": "https://w3id.org/nqgraph/ontology#Between"}
    assert first["unit"]["value"] == "https://w3id.org/nqgraph/ontology#Percent"
    assert first["indicatorLabel"]["xml:lang"] == "vi"


def test_every_symbol_of_the_ontology_is_a_defined_and_labelled_property(kg: KnowledgeGraph) -> None:
    ask = "ASK { nq:symbol a owl:DatatypeProperty ; rdfs:label ?en, ?vi ; skos:definition ?d . "
    ask += 'FILTER(LANG(?en) = "en" && LANG(?vi) = "vi") }'
    prefixes = (
        "PREFIX nq: <https://w3id.org/nqgraph/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    )
    assert kg.store.query(prefixes + ask).boolean
    comparators = kg.store.query(prefixes + "SELECT ?c ?s WHERE { ?c a nq:Comparator ; nq:symbol ?s }")
    assert {str(c).split("#")[1]: str(s) for c, s in comparators.rows} == {
        "AtLeast": "≥",
        "AtMost": "≤",
        "GreaterThan": ">",
        "LessThan": "<",
        "Equal": "=",
        "Approximately": "≈",
        "Between": "–",
    }


def test_a_label_falls_back_to_the_other_language_then_to_the_iri() -> None:
    store = RdflibStore()
    g = URIRef("urn:g")
    only_vi, bare = URIRef(f"{ID}agency/x/only-vi"), URIRef(f"{ID}agency/x/bare")
    nq = "https://w3id.org/nqgraph/ontology#"
    store.add(
        [
            (URIRef(f"{ID}t1"), URIRef(nq + "leadAgency"), only_vi, g),
            (URIRef(f"{ID}t2"), URIRef(nq + "leadAgency"), bare, g),
            (only_vi, RDFS_LABEL, Literal("Chỉ tiếng Việt", lang="vi"), g),
        ]
    )
    text = f"SELECT ?task ?agency WHERE {{ ?task <{nq}leadAgency> ?agency }} ORDER BY ?task"
    result = nqgraph.run_query(store, text, lang="en")
    assert result.variables == ("task", "taskLabel", "agency", "agencyLabel")
    assert column(result, "agencyLabel") == ["Chỉ tiếng Việt", str(bare)]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_saved_query_documents_each_of_its_columns(kg: KnowledgeGraph, name: str) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    bare = nqgraph.run_query(kg.store, name, PARAMS.get(name, {}), lang=None)
    assert [c.name for c in query.columns] == list(bare.variables)
    assert all(c.description for c in query.columns), name
    labelled = nqgraph.run_query(kg.store, name, PARAMS.get(name, {}))
    expected = [n for c in query.columns for n in ((c.name, f"{c.name}Label") if c.iri else (c.name,))]
    assert list(labelled.variables) == expected


def test_a_column_block_that_is_not_a_list_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: x\n#+ columns: task\nSELECT ?task WHERE { ?task ?p ?o }\n", encoding="utf-8")
    with pytest.raises(nqgraph.QueryError, match=re.escape(str(bad))):
        read_query(bad)


def test_queries_lists_the_documented_columns(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["queries"])
    assert out.exit_code == 0, out.output
    assert "columns: task(+Label), document(+Label), documentNumber" in out.output


def test_the_readme_query_table_lists_every_saved_query_and_the_columns_header() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z-]+)`", readme, flags=re.M)
    assert sorted(listed) == sorted(QUERIES)
    assert "#+ columns:" in readme and "--lang vi|en" in readme


def test_turtle_keeps_the_terms_of_comparators_and_units(kg: KnowledgeGraph) -> None:
    nq = "https://w3id.org/nqgraph/ontology#"
    text = (
        f"CONSTRUCT {{ ?t <{nq}comparator> ?c ; <{nq}unit> ?u }} "
        f"WHERE {{ ?t <{nq}comparator> ?c ; <{nq}unit> ?u }}"
    )
    result = nqgraph.run_query(kg.store, text)
    graph = Graph().parse(data=render(result, "ttl"), format="turtle")
    assert (None, URIRef(nq + "comparator"), URIRef(nq + "Between")) in graph
    assert (None, URIRef(nq + "unit"), URIRef(nq + "Percent")) in graph
    assert not any(isinstance(o, Literal) for o in graph.objects())


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_resource_cell_of_a_saved_query_has_its_label_beside_it(kg: KnowledgeGraph, name: str) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    result = nqgraph.run_query(kg.store, name, PARAMS.get(name, {}), lang="en")
    for c in (c for c in query.columns if c.iri):
        pairs = zip(column(result, c.name), column(result, f"{c.name}Label"), strict=True)
        assert [iri for iri, label in pairs if iri and not label] == [], (name, c.name)
