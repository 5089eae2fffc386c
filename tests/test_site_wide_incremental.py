"""The site-wide files of an incremental build: written from the store without the whole-graph
index, only those a change can touch, and byte for byte those of a clean build.

Each test builds a 20k synthetic corpus cleanly (the previous output), changes its data and builds
it cleanly again (the reference); the previous site, hard-linked into a new folder as an
incremental build has it, is then brought up to date by ``write_site_wide`` from the reference's
store, and its site-wide files are compared with the reference's.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqgraph.corpora.synth import synthesize
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import load_queries
from nqgraph.graph.query_reads import predicates_read
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, NQ
from nqgraph.paths import Inputs, state_store
from nqgraph.pipeline.build import BuildResult, build
from nqgraph.publish.site import site_wide
from nqgraph.publish.site.site_wide import SiteChange, write_site_wide
from nqgraph.publish.site.store_index import PageReads

TODAY = dt.date(2026, 11, 23)


def _build(data: Path, out: Path) -> BuildResult:
    return build(
        out=out, inputs=Inputs.default(data=data), today=TODAY, site=True, site_scope="core", clean=True
    )


def _triples(out: Path) -> set[NTriple]:
    store = ox.Store.read_only(str(state_store(out)))
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for graph in (GRAPH_ASSERTED, GRAPH_INFERRED)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


def _site_wide_files(site: Path) -> dict[str, bytes]:
    """Every file of a site but the resources' own (under ``id/``), by site path."""
    found: dict[str, bytes] = {}
    for here, dirs, names in os.walk(site):
        dirs[:] = [d for d in dirs if not (Path(here) == site and d == "id")]
        for name in names:
            path = Path(here) / name
            found[path.relative_to(site).as_posix()] = path.read_bytes()
    return found


@dataclass
class Built:
    """A clean build of a data folder: its output and warnings."""

    data: Path
    out: Path
    result: BuildResult

    def findings(self) -> list[object]:
        return [f for f in self.result.validation.findings if f.severity == "Warning"]


def _update(previous: Built, now: Built, site: Path, reads: dict[str, PageReads]) -> dict[str, PageReads]:
    """``site`` (a hard-linked copy of ``previous``'s site) brought up to date with ``now``'s store."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(previous.out / "site", site, copy_function=os.link)
    changed = sorted(_triples(previous.out) ^ _triples(now.out))
    store = OxigraphStore(state_store(now.out))
    try:
        return write_site_wide(
            store,
            site_root=site,
            today=TODAY,
            sources_root=Inputs.default(data=now.data).root,
            queries=load_queries(Inputs.default(data=now.data).queries),
            downloads={name: now.out / name for name in ("nqgraph.ttl", "nqgraph.trig")},
            findings=now.findings(),
            scope="core",
            index=None,
            change=SiteChange(triples=changed, previous=reads),
        )
    finally:
        del store
        # The pages' sites and their template environments refer to each other: collected, the
        # indexes they hold let go of the store, which the next update opens again.
        gc.collect()


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Built, dict[str, PageReads]]]:
    """The clean build of the corpus, and what its site-wide pages read (from a first update)."""
    root = tmp_path_factory.mktemp("site-wide")
    synthesize(triples=20_000, seed=5, out=root / "pristine")
    data = root / "data"
    shutil.copytree(root / "pristine", data)
    built = Built(data=data, out=root / "out", result=_build(data, root / "out"))
    reads = _update(built, built, root / "reads", {})
    yield built, reads


@pytest.fixture
def changed(first: tuple[Built, dict[str, PageReads]], tmp_path: Path) -> Iterator[Path]:
    """A copy of the corpus's data folder to change."""
    data = tmp_path / "data"
    shutil.copytree(first[0].data, data)
    yield data


def _without_whole_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_store: OxigraphStore) -> object:
        raise AssertionError("the whole-graph index was built")

    monkeypatch.setattr(site_wide, "whole_index", refused)


def _brought_up_to_date(
    first: tuple[Built, dict[str, PageReads]], data: Path, tmp_path: Path
) -> tuple[Path, Built, dict[str, PageReads]]:
    previous, reads = first
    now = Built(data=data, out=tmp_path / "out", result=_build(data, tmp_path / "out"))
    site = tmp_path / "site"
    found = _update(previous, now, site, reads)
    got, want = _site_wide_files(site), _site_wide_files(now.out / "site")
    assert sorted(got) == sorted(want)
    assert [name for name in sorted(got) if got[name] != want[name]] == []
    return site, now, found


def _same_file(a: Path, b: Path) -> bool:
    return a.stat().st_ino == b.stat().st_ino


def _documents(data: Path) -> list[Path]:
    return sorted((data / "documents").glob("*.ttl"))


def _edit(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    found = re.search(pattern, text)
    assert found is not None
    path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


def _edit_a_baseline(data: Path) -> None:
    """Set the first target baseline of a document that states one to 4242.5."""
    value = r"nq:baselineValue [0-9.]+ ;"
    path = next(p for p in _documents(data) if re.search(value, p.read_text(encoding="utf-8")))
    _edit(path, value, "nq:baselineValue 4242.5 ;")


def test_with_no_reads_kept_every_site_wide_file_is_written_as_a_clean_build_does(
    first: tuple[Built, dict[str, PageReads]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    built, reads = first
    assert {"documents.html", "agencies.html", "indicators.html", "ontology.html", "index.html"} <= set(reads)
    site = tmp_path / "site"
    _update(built, built, site, {})
    assert _site_wide_files(site) == _site_wide_files(built.out / "site")


def test_an_edited_target_baseline_splices_the_tables_and_leaves_the_lists_alone(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    _edit_a_baseline(changed)
    site, _now, found = _brought_up_to_date(first, changed, tmp_path)
    assert b"4242.5" in (site / "downloads" / "targets.csv").read_bytes()
    previous = first[0].out / "site"
    for untouched in ("documents.html", "agencies.html", "indicators.html", "ontology.html", "index.html"):
        assert _same_file(site / untouched, previous / untouched), untouched
        assert untouched not in found
    assert _same_file(site / "static" / "site.css", previous / "static" / "site.css")


def test_an_edited_document_label_gives_the_clean_build_bytes(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    _edit(_documents(changed)[3], r'rdfs:label "[^"]+"@vi', 'rdfs:label "Nghị quyết đổi tên"@vi')
    site, _now, found = _brought_up_to_date(first, changed, tmp_path)
    assert "Nghị quyết đổi tên" in (site / "static" / "search-index.js").read_text(encoding="utf-8")
    assert "documents.html" in found
    assert _same_file(site / "ontology.html", first[0].out / "site" / "ontology.html")


def test_an_added_document_gives_the_clean_build_bytes(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    source = _documents(changed)[0]
    text = source.read_text(encoding="utf-8")
    iri = re.search(r"^<([^>]+)> a ", text, re.MULTILINE)
    assert iri is not None
    (changed / "documents" / "zz-new.ttl").write_text(
        text.replace(iri.group(1), iri.group(1) + "-copy"), "utf-8"
    )
    _brought_up_to_date(first, changed, tmp_path)


def test_a_removed_document_gives_the_clean_build_bytes(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(changed.rglob("*.ttl"))}
    for path in _documents(changed):
        iri = re.search(r"^<([^>]+)> a ", texts[path], re.MULTILINE)
        assert iri is not None
        if not any(f"<{iri.group(1)}" in text for other, text in texts.items() if other != path):
            path.unlink()
            break
    else:
        raise AssertionError("every document is referenced")
    _brought_up_to_date(first, changed, tmp_path)


def test_an_edited_agency_label_gives_the_clean_build_bytes(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    agency = sorted((changed / "agencies").glob("*.ttl"))[0]
    _edit(agency, r'rdfs:label "[^"]+"@vi', 'rdfs:label "Cơ quan đổi tên"@vi')
    site, _now, _found = _brought_up_to_date(first, changed, tmp_path)
    assert "Cơ quan đổi tên" in (site / "agencies.html").read_text(encoding="utf-8")


def test_a_saved_query_s_pages_are_written_again_only_when_the_change_reaches_them(
    first: tuple[Built, dict[str, PageReads]], changed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_whole_index(monkeypatch)
    _edit_a_baseline(changed)
    site, _now, found = _brought_up_to_date(first, changed, tmp_path)
    queries = load_queries(Inputs.default(data=changed).queries)
    reading = {n for n, q in queries.items() if NQ + "baselineValue" in (predicates_read(q.text) or {})}
    assert "targets" in reading and reading < set(queries)
    previous = first[0].out / "site"
    for name in sorted(queries):
        page = f"queries/{name}.html"
        assert _same_file(site / page, previous / page) == (name not in reading), name
        assert (page in found) == (name in reading), name
