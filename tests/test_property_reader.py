"""A property reader, which the site-wide pages of an incremental build read from the store,
answers as the whole-graph index does: the same counts, and the same nodes recorded as read."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.term import BNode, URIRef

from nqgraph.graph.stats import stats
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import ID, NQ, RDF_TYPE
from nqgraph.paths import state_store
from nqgraph.pipeline.build import BuildResult
from nqgraph.publish.site.index import Index
from nqgraph.publish.site.property_reader import PropertyReader, ReaderCache
from nqgraph.publish.site.store_index import RecordingIndex

CLASSES = ("Document", "Resolution", "Target", "Task", "Agency", "Indicator", "Citation", "NoSuchClass")


def test_counts_from_the_store_equal_the_whole_index_s_and_record_the_same_reads(built: BuildResult) -> None:
    store = ox.Store()
    store.extend(ox.Store.read_only(str(state_store(built.out))).quads_for_pattern(None, None, None))
    indicator = next(store.quads_for_pattern(None, ox.NamedNode(NQ + "indicator"), None)).object
    # A graph the build's pages never read (a store may hold others): nothing in it is counted.
    stray = ox.NamedNode(ID + "target/stray")
    store.add(ox.Quad(stray, ox.NamedNode(RDF_TYPE), ox.NamedNode(NQ + "Target"), ox.NamedNode("urn:other")))
    store.add(ox.Quad(stray, ox.NamedNode(NQ + "indicator"), indicator, ox.NamedNode("urn:other")))
    index = Index.of_nt(
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.quads_for_pattern(None, None, None)
        if q.graph_name.value.startswith("https://w3id.org/nqgraph/graph/")
    )
    reader, recording = PropertyReader(store), RecordingIndex(index)
    for cls in CLASSES:
        assert reader.count_instances(cls) == recording.count_instances(cls) == len(index.instances(cls)), cls
    indicators = index.instances("Indicator")
    assert indicators
    for indicator in [*indicators, URIRef(ID + "indicator/none"), BNode()]:
        counted = reader.count_subjects(NQ + "indicator", indicator)
        assert counted == recording.count_subjects(NQ + "indicator", indicator), indicator
    assert sum(reader.count_subjects(NQ + "indicator", i) for i in indicators) > 20
    assert reader.reads() == recording.reads()
    # A count read after the subjects were fetched is the same number.
    assert reader.count_subjects(NQ + "indicator", indicators[0]) == len(
        reader.subjects(NQ + "indicator", indicators[0])
    )
    assert reader.count_subjects(RDF_TYPE, URIRef(NQ + "Target")) == len(
        index.subjects(RDF_TYPE, URIRef(NQ + "Target"))
    )


def test_the_builds_own_counts_are_the_stores_and_are_read_as_the_store_s_count_is(
    built: BuildResult,
) -> None:
    store = ox.Store.read_only(str(state_store(built.out)))
    asked = PropertyReader(store)
    given = PropertyReader(
        store, ReaderCache(instances=stats(OxigraphStore(state_store(built.out), read_only=True)))
    )
    for cls in CLASSES:
        assert given.count_instances(cls) == asked.count_instances(cls), cls
    # The home page that shows them is rendered again when a typing of those classes changes.
    assert given.reads() == asked.reads()
    assert f"<{NQ}Target>" in given.reads().objects
