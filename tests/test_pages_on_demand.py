"""Pages rendered from the store one resource at a time equal the static pages of a ``--site all``
build, byte for byte; ``nqgraph serve`` answers every resource of a core build with them; a page's
dependencies hold every node whose change changes it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.term import BNode, URIRef

import nqgraph
from browser_support import Server, fetch
from conftest import BUILD_DAY, DATA, ROOT
from nqgraph.corpora.synth import synthesize
from nqgraph.namespaces import GRAPH_ASSERTED, ID, NQ, RDF_TYPE, RDFS
from nqgraph.paths import state_store
from nqgraph.pipeline.build import BuildResult
from nqgraph.publish.server.pages import PageCache
from nqgraph.publish.site import page_path
from nqgraph.publish.site.on_demand import (
    PageRenderer,
    build_day,
    page_dependencies,
    rerender_site,
    resource_paths,
    store_from_trig,
    touched_resources,
)
from nqgraph.publish.site.store_index import StoreIndex, property_key

LABEL = ox.NamedNode(RDFS + "label")


def resources_of(store: ox.Store) -> list[str]:
    """Every IRI under ``id/`` that is the subject of a triple."""
    subjects = {q.subject for q in store.quads_for_pattern(None, None, None)}
    return sorted(s.value for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(ID))


def assert_on_demand_equals_static(store: ox.Store, site: Path, *, today: dt.date) -> int:
    """Render every resource from ``store`` and compare it with ``site``; return the files compared."""
    renderer = PageRenderer(store, today=today, sources_root=ROOT)
    rendered: set[str] = set()
    for iri in resources_of(store):
        found = renderer.render(iri)
        assert found is not None, iri
        for path, body in found.files.items():
            assert (site / path).is_file(), path
            assert body == (site / path).read_bytes(), path
            rendered.add(path)
    static = {p.relative_to(site).as_posix() for p in (site / "id").rglob("*") if p.is_file()}
    assert static == rendered
    return len(rendered)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: bytes) -> str:
    """The visible text of a page (tags parsed, not matched as strings)."""
    parser = _Text()
    parser.feed(html.decode("utf-8"))
    return " ".join(parser.parts)


def object_of(store: ox.Store, iri: str, predicate: str) -> str:
    """The first object of ``iri``'s ``predicate`` (its text)."""
    return next(
        str(q.object.value)
        for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None)
        if isinstance(q.object, (ox.NamedNode, ox.Literal))
    )


# ---------------------------------------------------------------- equality with the static site


def test_every_resource_of_the_bundled_data_renders_on_demand_as_its_static_all_page(
    built: BuildResult,
) -> None:
    store = ox.Store.read_only(str(state_store(built.out)))
    assert assert_on_demand_equals_static(store, built.out / "site", today=BUILD_DAY) > 3000


def test_every_resource_of_a_10k_corpus_renders_on_demand_as_its_static_all_page(tmp_path: Path) -> None:
    synthesize(triples=10_000, seed=3, out=tmp_path / "corpus")
    day = dt.date(2026, 11, 23)
    built = nqgraph.build(out=tmp_path / "out", data=tmp_path / "corpus", today=day)
    assert build_day(built.out) == day
    # The fallback for a build without a state store: its TriG, loaded again.
    store = store_from_trig(built.out / "nqgraph.trig").native
    assert assert_on_demand_equals_static(store, built.out / "site", today=day) > 1000


def test_an_iri_outside_the_site_or_without_triples_has_no_files(built: BuildResult) -> None:
    renderer = PageRenderer(
        store_from_trig(built.out / "nqgraph.trig").native, today=BUILD_DAY, sources_root=ROOT
    )
    assert renderer.render(ID + "no/such/resource") is None
    assert renderer.render("https://example.org/elsewhere") is None


# ---------------------------------------------------------------- dependencies


def _relabel(store: ox.Store, iri: str, text: str) -> None:
    node = ox.NamedNode(iri)
    for q in list(store.quads_for_pattern(node, LABEL, None)):
        store.remove(q)
    store.add(ox.Quad(node, LABEL, ox.Literal(text, language="vi"), ox.NamedNode(GRAPH_ASSERTED)))


def test_a_page_depends_on_the_nodes_whose_change_changes_its_bytes(built: BuildResult) -> None:
    store = store_from_trig(built.out / "nqgraph.trig").native
    renderer = PageRenderer(store, today=BUILD_DAY, sources_root=ROOT)
    task = next(i for i in resources_of(store) if "/task/" in i)
    lead = object_of(store, task, NQ + "leadAgency")
    before = renderer.render(task)
    assert before is not None
    reads = page_dependencies(renderer, [task])[task]
    # The page names its lead agency: it read the agency's label, not the rest of it.
    assert property_key(f"<{lead}>", f"<{RDFS}label>") in reads.subjects
    assert f"<{lead}>" in reads.nodes and f"<{task}>" in reads.subjects
    unrelated = next(i for i in resources_of(store) if f"<{i}>" not in reads.nodes and "/agency/" in i)
    _relabel(store, unrelated, "Không liên quan")
    assert renderer.render(task) == before  # a node the page did not read leaves it as it was
    _relabel(store, lead, "Cơ quan đổi tên")
    changed = (f"<{lead}>", f"<{RDFS}label>", '"Cơ quan đổi tên"@vi')
    assert reads.touched_by([changed])
    after = renderer.render(task)
    assert after is not None and after.files != before.files
    assert "Cơ quan đổi tên" in text_of(after.files[page_path(task) or ""])


def test_a_change_touches_the_pages_that_read_its_nodes_and_the_resources_it_names(
    built: BuildResult,
) -> None:
    store = store_from_trig(built.out / "nqgraph.trig").native
    renderer = PageRenderer(store, today=BUILD_DAY, sources_root=ROOT)
    tasks = [i for i in resources_of(store) if "/task/" in i][:5]
    reads = page_dependencies(renderer, tasks)
    lead = object_of(store, tasks[0], NQ + "leadAgency")
    relabelled = (f"<{lead}>", f"<{RDFS}label>", '"Cơ quan đổi tên"@vi')
    touched = touched_resources(reads, [relabelled])
    assert tasks[0] in touched and lead in touched
    assert touched <= {lead, *(t for t in tasks if f"<{lead}>" in reads[t].nodes)}
    # A new link to the agency changes its own page, not the pages that only show its name.
    linked = (f"<{ID}new/task>", f"<{NQ}leadAgency>", f"<{lead}>")
    cited = (f"<{lead}>", f"<{NQ}leadsTask>", f"<{ID}new/task>")
    assert touched_resources(reads, [linked, cited]) == {lead, ID + "new/task"}
    added = (f"<{ID}new/thing>", f"<{RDFS}label>", '"Mới"@vi')
    assert touched_resources(reads, [added]) == {ID + "new/thing"}


def test_rerendering_a_copied_site_replaces_files_without_touching_the_copy_and_drops_removed_ones(
    built: BuildResult, tmp_path: Path
) -> None:
    original = built.out / "site"
    copy = tmp_path / "site"
    shutil.copytree(original, copy, copy_function=os.link)  # as the incremental build copies
    store = store_from_trig(built.out / "nqgraph.trig")
    task = next(i for i in resources_of(store.native) if "/task/" in i)
    lead = object_of(store.native, task, NQ + "leadAgency")
    gone = next(i for i in resources_of(store.native) if "/target/" in i)
    for q in list(store.native.quads_for_pattern(ox.NamedNode(gone), None, None)):
        store.native.remove(q)
    _relabel(store.native, lead, "Cơ quan đổi tên")
    before = {p: p.read_bytes() for p in original.rglob("*") if p.is_file()}
    reads = rerender_site(
        store,
        site_root=copy,
        iris=[task, lead, gone],
        today=BUILD_DAY,
        sources_root=ROOT,
        queries=nqgraph.load_queries(ROOT / "queries"),
        downloads={name: built.out / name for name in ("nqgraph.ttl", "nqgraph.trig")},
    )
    assert set(reads) == {task, lead}
    assert {p: p.read_bytes() for p in original.rglob("*") if p.is_file()} == before
    for path in resource_paths(gone):
        assert not (copy / path).exists()
    page = (copy / (page_path(task) or "")).read_bytes()
    assert "Cơ quan đổi tên" in text_of(page)
    renderer = PageRenderer(store.native, today=BUILD_DAY, sources_root=ROOT)
    fresh = renderer.render(task)
    assert fresh is not None and fresh.files[page_path(task) or ""] == page


def test_rerendering_a_core_site_keeps_no_files_of_resources_outside_the_core(
    built: BuildResult, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built.out / "site", copy, copy_function=os.link)
    store = store_from_trig(built.out / "nqgraph.trig")
    target = next(i for i in resources_of(store.native) if "/target/" in i)
    agency = next(i for i in resources_of(store.native) if "/agency/" in i)
    rerender_site(
        store,
        site_root=copy,
        iris=[target, agency],
        today=BUILD_DAY,
        sources_root=ROOT,
        queries=nqgraph.load_queries(ROOT / "queries"),
        downloads={name: built.out / name for name in ("nqgraph.ttl", "nqgraph.trig")},
        scope="core",
    )
    assert not any((copy / path).exists() for path in resource_paths(target))
    assert all((copy / path).is_file() for path in resource_paths(agency))


# ---------------------------------------------------------------- nqgraph serve


def test_the_cache_of_pages_on_demand_keeps_the_most_recent_within_its_bytes(built: BuildResult) -> None:
    store = store_from_trig(built.out / "nqgraph.trig").native
    cache = PageCache(store, today=BUILD_DAY, sources_root=ROOT, max_bytes=100_000)
    tasks = [page_path(i) or "" for i in resources_of(store) if "/task/" in i][:30]
    for path in tasks:
        assert cache.file(path) == (built.out / "site" / path).read_bytes()
    assert cache.rendered == 30 and 0 < cache.size <= 100_000
    cache.file(tasks[-1])
    assert cache.rendered == 30  # the last one is still kept
    cache.file(tasks[0])
    assert cache.rendered == 31  # the first one was dropped and is rendered again
    assert cache.file("id/no/such/resource/index.html") is None


@pytest.fixture(scope="module")
def core_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path, Path]]:
    folder = tmp_path_factory.mktemp("core")
    data = folder / "data"
    shutil.copytree(DATA, data)
    out = folder / "out"
    nqgraph.build(out=out, data=data, today=BUILD_DAY, site_scope="core")
    server = Server(out)
    yield server, out, data
    server.stop()


def test_a_served_core_build_answers_every_resource_iri_with_the_static_all_page(
    core_server: tuple[Server, Path, Path], built: BuildResult
) -> None:
    server, out, _ = core_server
    site = built.out / "site"
    store = ox.Store.read_only(str(state_store(out)))
    iris = resources_of(store)
    assert len(iris) > 1000
    served_on_demand = 0
    for iri in iris:
        path = page_path(iri) or ""
        answer = fetch(f"{server.url}/{path.removesuffix('index.html')}", accept="text/html")
        assert answer.status == 200, iri
        assert answer.body == (site / path).read_bytes(), iri
        served_on_demand += not (out / "site" / path).is_file()
    assert served_on_demand > 500
    assert fetch(f"{server.url}/id/no/such/resource", accept="text/html").status == 404
    assert fetch(f"{server.url}/id/no/such/resource/index.html").status == 404


def test_a_rebuild_empties_the_cache_of_pages_rendered_on_demand(
    core_server: tuple[Server, Path, Path],
) -> None:
    server, out, data = core_server
    store = ox.Store.read_only(str(state_store(out)))
    task = next(i for i in resources_of(store) if "/task/" in i)
    url = f"{server.url}/{(page_path(task) or '').removesuffix('index.html')}"
    first = fetch(url, accept="text/html")
    assert first.status == 200 and not (out / "site" / (page_path(task) or "")).exists()
    assert fetch(url, accept="text/html").body == first.body  # the cached page
    # The task's label changes in its data file; the rebuilt site shows the new one.
    label = object_of(store, task, RDFS + "label")
    del store
    files = [f for f in data.rglob("*.ttl") if label in f.read_text(encoding="utf-8")]
    assert files
    for f in files:
        f.write_text(f.read_text(encoding="utf-8").replace(label, label + " (sửa)"), encoding="utf-8")
    nqgraph.build(out=out, data=data, today=BUILD_DAY, site_scope="core")
    second = fetch(url, accept="text/html")
    assert second.status == 200
    assert second.headers["x-nqgraph-build"] != first.headers["x-nqgraph-build"]
    assert label + " (sửa)" in text_of(second.body)


def test_pages_rendered_with_shared_fetches_have_the_bytes_and_reads_of_pages_rendered_alone(
    built: BuildResult,
) -> None:
    store = ox.Store.read_only(str(state_store(built.out)))
    alone = PageRenderer(store, today=BUILD_DAY, sources_root=ROOT)
    shared = PageRenderer(store, today=BUILD_DAY, sources_root=ROOT, shared=True)
    for iri in resources_of(store)[::7]:
        first, second = alone.render(iri), shared.render(iri)
        assert first is not None and second is not None
        assert (second.files, second.reads) == (first.files, first.reads), iri


def test_properties_fetched_ahead_answer_as_a_whole_fetch_and_record_the_same_reads(
    built: BuildResult,
) -> None:
    store = ox.Store.read_only(str(state_store(built.out)))
    indicators = [
        ox.NamedNode(q.subject.value)
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(NQ + "Indicator"))
    ]
    items = sorted(
        {URIRef(q.subject.value) for i in indicators for q in store.quads_for_pattern(None, None, i)}, key=str
    )
    assert len(items) > 50
    props = [RDF_TYPE, RDFS + "label", NQ + "value", NQ + "document", NQ + "valueMax"]
    ahead, whole = StoreIndex(store), StoreIndex(store)
    ahead.prefetch([*items, BNode("not-named-in-a-query")], props)
    assert ahead.reads() == StoreIndex(store).reads()  # fetching ahead is not reading
    # The prefetched properties, one left out (read whole), and types and labels as pages ask them.
    for node in items:
        for prop in [*props, NQ + "targetYear"]:
            assert ahead.objects(node, prop) == whole.objects(node, prop), (node, prop)
        assert ahead.types(node) == whole.types(node)
        assert ahead.label(node, "en") == whole.label(node, "en")
    assert ahead.reads() == whole.reads()
    assert any(len(whole.objects(n, RDF_TYPE)) > 1 for n in items)  # several values, in order
