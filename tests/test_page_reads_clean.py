"""A clean build saves what each resource's files read, as a rerender records it, so that the first
incremental build after it renders again only the pages its change touches."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT
from nqgraph.corpora.synth import synthesize
from nqgraph.graph.queries import load_queries
from nqgraph.namespaces import ID
from nqgraph.paths import Inputs, state_store
from nqgraph.pipeline.build import build
from nqgraph.pipeline.state import read_pages
from nqgraph.publish.site.on_demand import PageRenderer
from nqgraph.publish.site.store_index import PageReads
from test_incremental_build import files_of

QUERY_NAMES = sorted(load_queries(Inputs.default().queries))
TODAY = dt.date(2026, 11, 23)


class Phases:
    """A progress that remembers the total of each phase."""

    def __init__(self) -> None:
        self.totals: dict[str, int | None] = {}

    def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None:
        self.totals[name] = total

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def done(self) -> None:
        pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "c10k"
    synthesize(triples=10_000, seed=3, out=folder)
    return folder


@pytest.mark.parametrize("scope", ["core", "all"])
def test_a_clean_build_saves_for_each_resource_the_reads_a_render_from_the_store_records(
    corpus: Path, tmp_path: Path, scope: str
) -> None:
    out = tmp_path / "out"
    build(out=out, data=corpus, today=TODAY, site_scope=scope)
    saved = read_pages(out)
    assert saved is not None
    store = ox.Store.read_only(str(state_store(out)))
    renderer = PageRenderer(store, today=TODAY, sources_root=ROOT)
    subjects = {q.subject for q in store.quads_for_pattern(None, None, None)}
    expected: dict[str, PageReads] = {}
    for iri in sorted(s.value for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(ID)):
        rendered = renderer.render(iri)
        if rendered is not None and (scope == "all" or rendered.core):
            expected[iri] = rendered.reads
    resources = sorted(key for key in saved if key.startswith(ID))
    assert resources == sorted(expected)
    assert len(expected) > 100
    # The site-wide pages' reads are kept beside the resources', under their site paths.
    site_wide = {"documents.html", "agencies.html", "indicators.html", "ontology.html", "index.html"}
    assert set(saved) - set(resources) == site_wide | {f"queries/{name}.html" for name in QUERY_NAMES}
    different = [iri for iri in expected if saved[iri] != expected[iri]]
    assert different == []


def test_the_first_incremental_build_after_a_clean_one_renders_only_the_touched_resources(
    corpus: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    inputs = Inputs.default(data=data)
    out = tmp_path / "out"
    build(out=out, inputs=inputs, today=TODAY, site_scope="core")
    pages_before = {p: os.stat(out / "site" / p).st_ino for p in files_of(out / "site")}
    agencies = sorted((data / "agencies").glob("*.ttl"))
    text = agencies[0].read_text(encoding="utf-8")
    label = re.search(r'rdfs:label "([^"]+)"@en', text)
    assert label is not None
    agencies[0].write_text(
        text.replace(label.group(), 'rdfs:label "A renamed agency"@en', 1), encoding="utf-8"
    )
    phases = Phases()
    result = build(out=out, inputs=inputs, today=TODAY, site_scope="core", progress=phases)
    assert result.plan == "data files 1 changed: incremental build"
    rendered = phases.totals["pages"]
    everything = sum(1 for iri in (read_pages(out) or {}) if iri.startswith(ID))
    assert rendered is not None and 0 < rendered < everything / 4
    kept = [
        p
        for p, ino in pages_before.items()
        if p.startswith("id/") and os.stat(out / "site" / p).st_ino == ino
    ]
    assert len(kept) >= everything - rendered
    reference = tmp_path / "reference"
    build(out=reference, inputs=inputs, today=TODAY, site_scope="core")
    got, want = files_of(out), files_of(reference)
    assert sorted(got) == sorted(want)
    assert [name for name in got if got[name] != want[name]] == []
