"""The compiled SPARQL validator gives pySHACL's results, and refuses what it cannot compile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

import nqgraph
from nqgraph.cli import cli
from nqgraph.corpora.synth import synthesize
from nqgraph.errors import DataError
from nqgraph.graph import shacl
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.graph.shacl import Unsupported
from nqgraph.graph.store import OxigraphStore
from nqgraph.graph.validation import Finding, ValidationResult, load_shapes, validate_store
from snippets import write_data


def both(
    kg: KnowledgeGraph, shapes_paths: list[Path] | None = None
) -> tuple[ValidationResult, ValidationResult]:
    shapes = load_shapes(shapes_paths or kg.inputs.shapes)
    fast, reference = (
        validate_store(kg.store, shapes, defined_in=kg.loaded.defined_in, validator=v)
        for v in ("sparql", "pyshacl")
    )
    return fast, reference


def key(f: Finding) -> tuple[str, str, str, str]:
    """What the equivalence is judged on: focus node, path, constraint component, severity."""
    return (f.focus, f.path, f.component, f.severity)


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    corpus = synthesize(triples=10_000, seed=7, out=tmp_path_factory.mktemp("synth") / "corpus")
    return nqgraph.open_graph(data=corpus.out)


def test_both_validators_agree_on_the_bundled_data(kg: KnowledgeGraph) -> None:
    fast, reference = both(kg)
    assert [key(f) for f in fast.findings] == [key(f) for f in reference.findings]
    # Values, messages and shapes too, and the one documented Warning is there.
    assert fast.findings == reference.findings
    # Only Warnings: the ones data/README.md explains.
    assert fast.violations == 0 and fast.warnings >= 1


def test_both_validators_agree_on_a_synthetic_corpus_with_seeded_defects(
    corpus_graph: KnowledgeGraph,
) -> None:
    fast, reference = both(corpus_graph)
    assert fast.findings == reference.findings
    components = {f.component for f in fast.findings}
    # The corpus seeds defects of every kind of constraint the shapes use.
    assert {
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "SPARQLConstraintComponent",
    } <= components
    assert fast.violations > 0 and fast.warnings > 0


def test_both_validators_agree_on_datatype_class_in_and_xone_breaches(tmp_path: Path) -> None:
    snippet = """
id:eli/p/tu/2021/1-nq-tu/target/t a nq:Target ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:indicator id:indicator/i ;
    nq:targetYear "2025"^^xsd:gYear, "2030"^^xsd:gYear ; nq:comparator nq:Increase ; nq:unit "%" ;
    nq:value "12,5" ; nq:baselineYear "20x5"^^xsd:gYear ; nq:sourceText "không có"@vi .
id:change/x a nq:ChangeEvent ; nq:changeDate "2025-07-01"^^xsd:date ; nq:changeDateStatus "unknown" .
"""
    kg = nqgraph.open_graph(data=write_data(tmp_path / "data", snippet))
    fast, reference = both(kg)
    assert fast.findings == reference.findings
    found = {f.component for f in fast.findings}
    assert {
        "DatatypeConstraintComponent",
        "ClassConstraintComponent",
        "InConstraintComponent",
        "XoneConstraintComponent",
        "MaxCountConstraintComponent",
    } <= found


def test_an_impossible_date_is_reported_where_pyshacl_stops(tmp_path: Path) -> None:
    # rdflib's SPARQL engine raises on comparing an ill-formed xsd:date inside a SPARQL target, so
    # pySHACL cannot finish; the compiled validator reports the date as the datatype breach it is.
    snippet = 'id:eli/p/tu/2021/1-nq-tu nq:issuedOn "2021-02-30"^^xsd:date .\n'
    kg = nqgraph.open_graph(data=write_data(tmp_path / "data", snippet))
    result = validate_store(kg.store, load_shapes(kg.inputs.shapes))
    assert sorted((f.component, f.value) for f in result.findings if f.severity == "Violation") == [
        ("DatatypeConstraintComponent", "2021-02-30"),
        ("MaxCountConstraintComponent", ""),
    ]


def test_a_shape_feature_the_compiler_does_not_know_is_refused_by_name(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix nq: <https://w3id.org/nqgraph/ontology#> .\n"
        "<https://example.org/RuleShape> a sh:NodeShape ; sh:targetClass nq:Agency ;\n"
        "    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate nq:x ; sh:object 1 ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(
        Unsupported, match=r"shape <https://example.org/RuleShape> uses sh:rule.*--validator pyshacl"
    ):
        validate_store(kg.store, load_shapes([*kg.inputs.shapes, shapes]))


def test_validate_command_takes_either_validator(runner: CliRunner) -> None:
    for validator in ("sparql", "pyshacl"):
        result = runner.invoke(cli, ["validate", "--validator", validator])
        assert result.exit_code == 0, result.output
        assert re.search(r"^0 violation\(s\), [1-9][0-9]* warning\(s\)$", result.output, re.M)


def test_the_report_does_not_conform_with_only_warnings_while_the_exit_rule_counts_violations(
    kg: KnowledgeGraph,
) -> None:
    for validator in ("sparql", "pyshacl"):
        result = validate_store(kg.store, load_shapes(kg.inputs.shapes), validator=validator)
        assert result.violations == 0 and result.warnings >= 1 and result.conforms  # exit code 0
        assert set(result.report.objects(None, SH.conforms)) == {Literal(False)}


def test_both_engines_give_the_same_results(kg: KnowledgeGraph) -> None:
    shapes = load_shapes(kg.inputs.shapes)
    on_rdflib = nqgraph.open_graph(data=kg.inputs.data, engine="rdflib")
    assert validate_store(on_rdflib.store, shapes).findings == validate_store(kg.store, shapes).findings


def test_validate_takes_a_graph_or_a_dataset_and_the_project_shapes_by_default(kg: KnowledgeGraph) -> None:
    ds = Dataset()
    for s, p, o, g in kg.store.quads():
        (ds.graph(g) if isinstance(g, URIRef) else ds.default_graph).add((s, p, o))
    conforms, report, text = nqgraph.validate(ds)
    assert conforms is False  # the documented Warnings
    warnings = len(set(report.subjects(SH.resultSeverity, SH.Warning)))
    assert warnings >= 1 and len(set(report.subjects(SH.resultSeverity, SH.Violation))) == 0
    assert text.startswith(f"Validation Report\nConforms: False\nResults ({warnings}):\n")
    merged = Graph()
    for s, p, o, _ in kg.store.quads():
        merged.add((s, p, o))
    for validator in ("sparql", "pyshacl"):
        assert nqgraph.validate(merged, validator=validator)[0] is False


CONSTRAINT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:sparql [ sh:select "SELECT $this WHERE { QUERY }" ] .
"""


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("$this ?p ?o MINUS { $this ?p 1 }", "uses MINUS"),
        ("VALUES ?o { 1 } $this ?p ?o", "uses VALUES"),
        ("SERVICE <https://example.org/sparql> { $this ?p ?o }", "uses SERVICE"),
        ("{ SELECT * WHERE { $this ?p ?o } }", "uses SELECT \\*"),
        ("{ SELECT ?o WHERE { ?s ?p ?o } }", "has a sub-SELECT that does not return \\$this"),
        ("BIND(1 AS $this)", "assigns the pre-bound \\$this"),
    ],
)
def test_sparql_that_shacl_forbids_is_refused_before_anything_runs(query: str, why: str) -> None:
    shapes = Graph().parse(data=CONSTRAINT.replace("QUERY", query), format="turtle")
    with pytest.raises(DataError, match=rf"shape <https://example.org/S>: its SPARQL constraint {why}"):
        nqgraph.validate(Graph(), shapes=shapes)


def test_this_is_pre_bound_in_union_branches_nested_groups_and_sub_selects() -> None:
    data = Graph().parse(data="<https://example.org/a> <https://example.org/p> 1 .", format="turtle")
    for query in (
        "{ FILTER(false) } UNION { FILTER($this = <https://example.org/a>) }",
        "{ { FILTER($this = <https://example.org/a>) } FILTER bound($this) }",
        "{ SELECT $this WHERE { FILTER($this = <https://example.org/a>) } }",
        "BIND($this AS ?that) FILTER(?that = <https://example.org/a>)",
    ):
        shapes = Graph().parse(data=CONSTRAINT.replace("QUERY", query), format="turtle")
        conforms, report, _ = nqgraph.validate(data, shapes=shapes)
        assert not conforms, query
        assert set(report.objects(None, SH.focusNode)) == {URIRef("https://example.org/a")}


def test_a_path_whose_iri_holds_the_compilers_placeholder_words_is_checked_as_written() -> None:
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/a> ;\n"
        "    sh:property [ sh:path <https://example.org/FOCUS/VALUE/PATH> ; sh:minCount 1 ;\n"
        "        sh:datatype <https://example.org/HAS(?v)> ] .\n",
        format="turtle",
    )
    data = Graph().parse(
        data='<https://example.org/b> <https://example.org/FOCUS/VALUE/PATH> "x" .', format="turtle"
    )
    conforms, report, _ = nqgraph.validate(data, shapes=shapes)
    assert not conforms
    assert set(report.objects(None, SH.sourceConstraintComponent)) == {SH.MinCountConstraintComponent}


def test_a_blank_node_focus_node_is_pre_bound_in_a_sparql_constraint() -> None:
    data = Graph().parse(
        data="@prefix ex: <https://example.org/> .\n[ ex:p 1 ] . [ ex:p -1 ] . ex:a ex:p -2 .",
        format="turtle",
    )
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetSubjectsOf <https://example.org/p> ;\n"
        '    sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <https://example.org/p> ?value '
        'FILTER(?value < 0) }" ] .\n',
        format="turtle",
    )
    conforms, report, _ = nqgraph.validate(data, shapes=shapes)
    focus = sorted(report.objects(None, SH.focusNode), key=lambda n: type(n).__name__)
    assert not conforms and len(focus) == 2
    assert isinstance(focus[0], BNode) and focus[1] == URIRef("https://example.org/a")
    assert (focus[0], URIRef("https://example.org/p"), Literal(-1)) in data


class CountingStore(OxigraphStore):
    """An Oxigraph store that counts the queries run on it, however they reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    @property
    def native(self) -> Any:
        return _CountedNative(self)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        self.queries += 1
        return super().query(*args, **kwargs)


class _CountedNative:
    def __init__(self, outer: CountingStore) -> None:
        self._outer = outer

    def query(self, *args: Any, **kwargs: Any) -> Any:
        self._outer.queries += 1
        return self._outer._store.query(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._outer._store, name)


def test_an_unsupported_feature_is_refused_before_any_query_runs() -> None:
    supported = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/A> a sh:NodeShape ; sh:targetNode <https://example.org/a> ;\n"
        "    sh:property [ sh:path <https://example.org/p> ; sh:minCount 1 ] .\n"
    )
    unsupported = (
        "<https://example.org/Z> a sh:NodeShape ; sh:targetNode <https://example.org/a> ;\n"
        "    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate <https://example.org/q> ;"
        " sh:object 1 ] .\n"
    )
    store = CountingStore()
    results = shacl.run(store, Graph().parse(data=supported, format="turtle"))
    assert store.queries > 0 and len(results) == 1  # the counter sees the checks run
    store = CountingStore()
    with pytest.raises(Unsupported, match=r"shape <https://example.org/Z> uses sh:rule"):
        shacl.run(store, Graph().parse(data=supported + unsupported, format="turtle"))
    assert store.queries == 0
