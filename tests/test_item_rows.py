"""An indicator page keeps the rows of its items between builds, and so do the pages of the saved
queries' results; only those a change touches are made again: the pages and what they record as
read stay those of pages rendered whole."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from conftest import ROOT
from nqgraph.corpora.synth import synthesize
from nqgraph.graph.answer_files import FOLDER
from nqgraph.graph.queries import load_queries
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import NQ, RDF_TYPE
from nqgraph.paths import STATE_DIR, Inputs, state_store
from nqgraph.pipeline.build import build
from nqgraph.pipeline.state import ITEM_ROWS, read_item_rows, read_pages
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.item_rows import ItemRows, RowsSession
from nqgraph.publish.site.on_demand import PageRenderer
from nqgraph.publish.site.store_index import PageReads, StoreIndex, property_key
from nqgraph.publish.site.views.queries import reads_key, write_query_pages
from test_incremental_build import assert_same_output

TODAY = dt.date(2026, 11, 23)
PAGE, ITEM, OTHER = "https://e.org/id/i1", "https://e.org/id/t1", "https://e.org/id/t2"
VALUE = f"<{NQ}value>"
QUERIES = load_queries(Inputs.default().queries)


def _reads(*keys: str) -> PageReads:
    return PageReads(subjects=frozenset(keys), objects=frozenset())


def _kept() -> ItemRows:
    session = ItemRows().session()
    session.begin(PAGE)
    session.keep(PAGE, ITEM, ("rows of t1",), _reads(property_key(f"<{ITEM}>", VALUE)))
    session.keep(PAGE, OTHER, ("rows of t2",), _reads(property_key(f"<{OTHER}>", VALUE)))
    return session.result(rendered=[PAGE], present={PAGE})


def _items(rows: ItemRows) -> dict[str, object]:
    page = rows.page(PAGE)
    return {} if page is None else dict(page.rows)


def test_a_clean_builds_session_reuses_nothing() -> None:
    assert _kept().session(None).reusable(PAGE, ITEM) is None


def test_an_item_whose_reads_a_change_touches_is_made_again_and_the_others_are_reused() -> None:
    changed = [(f"<{ITEM}>", VALUE, '"7"')]
    session = _kept().session(changed)
    assert session.reusable(PAGE, ITEM) is None
    assert session.reusable(PAGE, OTHER) == ("rows of t2",)
    assert session.reused_reads(PAGE) == _reads(property_key(f"<{OTHER}>", VALUE))


def test_a_change_of_another_property_of_the_item_touches_nothing() -> None:
    session = _kept().session([(f"<{ITEM}>", f"<{RDF_TYPE}>", f"<{NQ}Target>")])
    assert session.reusable(PAGE, ITEM) is not None


def test_a_page_rendered_again_keeps_only_the_items_it_reused_or_made() -> None:
    session = _kept().session([(f"<{ITEM}>", VALUE, '"7"')])
    session.begin(PAGE)
    assert session.reusable(PAGE, OTHER) is not None  # t1 is gone from the page now
    after = session.result(rendered=[PAGE], present={PAGE})
    assert _items(after) == {OTHER: ("rows of t2",)}


def test_an_item_made_again_replaces_its_kept_rows_and_reads() -> None:
    session = _kept().session([(f"<{ITEM}>", VALUE, '"7"')])
    session.begin(PAGE)
    assert session.reusable(PAGE, ITEM) is None and session.reusable(PAGE, OTHER) is not None
    session.keep(PAGE, ITEM, ("new rows of t1",), _reads(f"<{ITEM}>"))
    after = session.result(rendered=[PAGE], present={PAGE})
    assert _items(after) == {ITEM: ("new rows of t1",), OTHER: ("rows of t2",)}
    again = after.session([(f"<{ITEM}>", f"<{RDF_TYPE}>", f"<{NQ}Target>")])
    assert again.reusable(PAGE, ITEM) is None  # it read the whole node now
    assert again.reusable(PAGE, OTHER) is not None


def test_the_rows_of_a_page_gone_from_the_build_or_rendered_without_items_are_dropped() -> None:
    assert len(_kept().session([]).result(rendered=[], present=set())) == 0
    # Rendered again, but no longer an indicator (begin was not called): nothing of it is kept.
    assert len(_kept().session([]).result(rendered=[PAGE], present={PAGE})) == 0
    kept = _kept()
    assert kept.session([]).result(rendered=[], present={PAGE}) is kept


def test_kept_rows_read_back_equal_and_rows_of_other_code_or_damaged_are_none() -> None:
    kept = _kept()
    again = ItemRows.from_bytes(kept.to_bytes(code="this code"), code="this code")
    assert _items(again) == _items(kept) == {ITEM: ("rows of t1",), OTHER: ("rows of t2",)}
    assert len(ItemRows.from_bytes(b"not a pickle", code="this code")) == 0
    assert ItemRows({PAGE: b"damaged"}).page(PAGE) is None
    assert len(ItemRows.from_bytes(kept.to_bytes(code="other code"), code="this code")) == 0


# ---------------------------------------------------------------- through the build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "c10k"
    synthesize(triples=10_000, seed=3, out=folder)
    return folder


class Counted:
    """Counts the items' rows reused and made during a build: an indicator's items, and apart
    from them the pages of the saved queries' results."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reused = self.made = self.query_reused = self.query_made = 0
        reusable, keep = RowsSession.reusable, RowsSession.keep

        def counted_reusable(session: RowsSession, page: str, item: str, **options: Any) -> object:
            found = reusable(session, page, item, **options)
            if page.startswith("queries/"):
                self.query_reused += found is not None
            else:
                self.reused += found is not None
            return found

        def counted_keep(session: RowsSession, page: str, *args: Any) -> None:
            if page.startswith("queries/"):
                self.query_made += 1
            else:
                self.made += 1
            keep(session, page, *args)

        monkeypatch.setattr(RowsSession, "reusable", counted_reusable)
        monkeypatch.setattr(RowsSession, "keep", counted_keep)

    def reset(self) -> None:
        self.reused = self.made = self.query_reused = self.query_made = 0


def _indicator_reads_as_rendered_whole(out: Path) -> tuple[dict[str, PageReads], dict[str, PageReads]]:
    """The reads the build kept for each indicator page, and those a render from its store records."""
    saved = read_pages(out)
    assert saved is not None
    store = ox.Store.read_only(str(state_store(out)))
    renderer = PageRenderer(store, today=TODAY, sources_root=ROOT)
    indicators = sorted(
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(NQ + "Indicator"))
        if isinstance(q.subject, ox.NamedNode)
    )
    whole: dict[str, PageReads] = {}
    for iri in dict.fromkeys(indicators):
        rendered = renderer.render(iri)
        assert rendered is not None
        whole[iri] = rendered.reads
    return {iri: saved[iri] for iri in whole}, whole


def _query_reads_as_rendered_whole(
    out: Path, elsewhere: Path
) -> tuple[dict[str, PageReads], dict[str, PageReads]]:
    """The reads the build kept for each saved query's pages, and those of pages rendered whole
    (no rows kept) from its store and answers, in the folder ``elsewhere``."""
    saved = read_pages(out)
    assert saved is not None
    store = OxigraphStore(state_store(out), read_only=True)
    shutil.rmtree(elsewhere, ignore_errors=True)
    shutil.copytree(out / FOLDER, elsewhere / FOLDER)
    site = Site(StoreIndex(store.native), root=elsewhere / "site", today=TODAY, sources_root=ROOT)
    site.sink = {}  # rendered, not written
    whole = write_query_pages(site, store, QUERIES)
    assert site.sink and set(whole) == {reads_key(name) for name in QUERIES}
    return {key: saved[key] for key in whole}, whole


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Iterator[tuple[Path, Inputs]]:
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    inputs = Inputs.default(data=data)
    build(out=tmp_path / "out", inputs=inputs, today=TODAY, site_scope="core")
    yield data, inputs


def _target_files(data: Path) -> list[Path]:
    return [p for p in sorted((data / "documents").glob("*.ttl")) if "nq:indicator" in p.read_text("utf-8")]


def _edit(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    found = re.search(pattern, text)
    assert found is not None, pattern
    path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


def _move_a_target(path: Path) -> None:
    """Give the first target of ``path`` that has one another indicator of the file."""
    text = path.read_text(encoding="utf-8")
    indicators = list(dict.fromkeys(re.findall(r"nq:indicator (<[^>]+>|[a-z]+:[^ ;]+)", text)))
    assert len(indicators) > 1
    first = text.index(f"nq:indicator {indicators[0]}")
    moved = (
        text[:first] + f"nq:indicator {indicators[1]}" + text[first + len(f"nq:indicator {indicators[0]}") :]
    )
    path.write_text(moved, encoding="utf-8")


def test_changes_of_items_documents_and_their_numbers_give_the_pages_and_reads_of_a_whole_render(
    built: tuple[Path, Inputs], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, inputs = built
    out, reference = tmp_path / "out", tmp_path / "reference"
    counted = Counted(monkeypatch)
    query_pages = [0, 0]  # reused, made again: over all the changes
    files = _target_files(data)
    copy = data / "documents" / "zz-copy.ttl"
    text = files[0].read_text(encoding="utf-8")
    iri = re.search(r"^<([^>]+)> a ", text, re.MULTILINE)
    assert iri is not None
    changes: list[tuple[str, Callable[[], object]]] = [
        (
            "a document added",
            lambda: copy.write_text(text.replace(iri.group(1), iri.group(1) + "-copy"), "utf-8"),
        ),
        ("a target value edited", lambda: _edit(files[1], r"nq:value [0-9.]+ ;", "nq:value 4242 ;")),
        (
            "a document number edited",
            lambda: _edit(files[2], r'nq:documentNumber "[^"]+"', 'nq:documentNumber "999-NQ/TU"'),
        ),
        ("a target moved to another indicator", lambda: _move_a_target(files[3])),
        ("the added document deleted", copy.unlink),
    ]
    for name, change in changes:
        change()
        counted.reset()
        result = build(out=out, inputs=inputs, today=TODAY, site_scope="core")
        assert result.plan.endswith("incremental build"), name
        query_pages[0] += counted.query_reused
        query_pages[1] += counted.query_made
        # The rows kept by the build before (a clean one first) are used: most items are not made
        # again, but those the change touches are.
        assert counted.reused > counted.made, (name, counted.reused, counted.made)
        if not name.endswith("deleted"):
            assert counted.made > 0, name
        assert (out / STATE_DIR / ITEM_ROWS).is_file(), name
        shutil.rmtree(reference, ignore_errors=True)
        build(out=reference, inputs=inputs, today=TODAY, site_scope="core")
        assert_same_output(out, reference)
        kept, whole = _indicator_reads_as_rendered_whole(out)
        assert [iri for iri in whole if kept[iri] != whole[iri]] == [], name
        kept, whole = _query_reads_as_rendered_whole(out, tmp_path / "whole")
        assert [key for key in whole if kept[key] != whole[key]] == [], name
    # The pages of the saved queries keep their rows too: a change reaches the rows of few pages.
    reused, made = query_pages
    assert reused > made > 0, query_pages


def test_kept_rows_that_cannot_be_read_are_made_again_with_the_same_output(
    built: tuple[Path, Inputs], tmp_path: Path
) -> None:
    data, inputs = built
    out, reference = tmp_path / "out", tmp_path / "reference"
    files = _target_files(data)
    _edit(files[0], r"nq:value [0-9.]+ ;", "nq:value 4242 ;")
    build(out=out, inputs=inputs, today=TODAY, site_scope="core")
    assert len(read_item_rows(out)) > 0
    kept = out / STATE_DIR / ITEM_ROWS
    kept.unlink()
    kept.write_bytes(b"damaged")
    _edit(files[1], r"nq:value [0-9.]+ ;", "nq:value 4343 ;")
    build(out=out, inputs=inputs, today=TODAY, site_scope="core")
    build(out=reference, inputs=inputs, today=TODAY, site_scope="core")
    assert_same_output(out, reference)
    assert len(read_item_rows(out)) > 0


def test_a_query_pages_kept_rows_are_used_only_for_the_same_lines_and_in_their_shape() -> None:
    from nqgraph.publish.site.views.queries import _made_from

    fits = _made_from("abc")
    assert fits(("abc", "<tr><td>1</td></tr>"))
    assert not fits(("abd", "<tr><td>1</td></tr>"))  # other lines shown now
    assert not fits(("abc",)) and not fits(("abc", 3)) and not fits(("abc", "x", "y"))
