"""The static site: a page for every resource, links that resolve, escaped labels, stable bytes."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

import nqgraph
from nqgraph import run_query
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.pipeline.build import BuildResult
from nqgraph.publish import fragments
from nqgraph.publish.site import Ref, format_number, iri_for_path, page_path
from snippets import write_data

SITE_MAX_BYTES = 200_000


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key] or "")
        if a.get("id"):
            self.ids.append(a["id"] or "")
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)
        else:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(built: BuildResult) -> Path:
    return built.out / "site"


def test_every_document_agency_and_indicator_has_a_page_at_its_iri_path(site: Path, kg: object) -> None:
    from nqgraph.publish.site.index import Index

    idx = Index.of((s, p, o) for s, p, o, _ in kg.store.quads())  # type: ignore[attr-defined]
    for cls in ("Document", "Agency", "Indicator", "Target", "Task", "Citation", "Section", "Expression"):
        for node in idx.instances(cls):
            path = page_path(str(node))
            assert path is not None and (site / path).is_file(), (cls, node)
            assert (site / f"{path.removesuffix('/index.html')}.ttl").is_file()
            assert (site / f"{path.removesuffix('/index.html')}.jsonld").is_file()


def test_page_paths_and_iris_map_both_ways() -> None:
    iri = "https://w3id.org/nqgraph/id/eli/dien-bien/tu/2021/10-nq-tu"
    assert page_path(iri) == "id/eli/dien-bien/tu/2021/10-nq-tu/index.html"
    for path in (
        "/id/eli/dien-bien/tu/2021/10-nq-tu",
        "/id/eli/dien-bien/tu/2021/10-nq-tu.ttl",
        "/id/eli/dien-bien/tu/2021/10-nq-tu/index.html",
        "/id/eli/dien-bien/tu/2021/10-nq-tu/",
    ):
        assert iri_for_path(path) == iri


def broken_links(site: Path) -> list[tuple[str, str]]:
    broken = []
    pages = sorted(site.rglob("*.html"))
    parsed_pages = {page.resolve(): parse(page) for page in pages}
    for page in pages:
        parsed = parsed_pages[page.resolve()]
        for link in parsed.links:
            if re.match(r"[a-z]+:", link) or link.startswith("//"):
                continue
            target, fragment = urldefrag(link)
            resolved = (page.parent / unquote(target)).resolve() if target else page
            if target == "sparql":  # the endpoint, served by `nqgraph serve`
                continue
            missing_anchor = (
                fragment and resolved.suffix == ".html" and fragment not in parsed_pages[resolved].ids
            )
            if not resolved.exists() or missing_anchor:
                broken.append((str(page.relative_to(site)), link))
    return broken


def test_no_internal_link_is_broken(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 800
    assert broken_links(site) == []


def test_the_core_site_holds_the_main_pages_of_the_full_site_and_links_the_rest_to_their_paths(
    site: Path, tmp_path: Path
) -> None:
    from conftest import BUILD_DAY, DATA

    result = nqgraph.build(out=tmp_path / "out", data=DATA, today=BUILD_DAY, site_scope="core")
    core = result.out / "site"
    pages = {str(p.relative_to(core)) for p in core.rglob("*.html")}
    assert "id/eli/dien-bien/tu/2021/10-nq-tu/index.html" in pages
    assert "id/agency/dien-bien/so-noi-vu/index.html" in pages
    assert "id/indicator/trained-labour-rate/index.html" in pages
    assert not any("/target/" in p or "/task/" in p for p in pages)
    # A resource's files in the core site are those of the full site, byte for byte: the links to
    # resources without a static page go to the paths `nqgraph serve` renders them at.
    for file in (core / "id").rglob("*"):
        if file.is_file():
            assert file.read_bytes() == (site / file.relative_to(core)).read_bytes(), file
    missing = broken_links(core)
    assert missing and all(
        (site / (core / page).parent.joinpath(link).resolve().relative_to(core.resolve())).is_file()
        for page, link in missing
    )
    assert any("/target/" in link for _, link in missing)
    found = search_entries(core)
    assert [e["h"] for e in found if not (site / e["h"]).is_file()] == []
    assert any("/target/" in e["h"] for e in found) and any("/task/" in e["h"] for e in found)


def test_ids_are_unique_on_every_page(site: Path) -> None:
    dupes = []
    for page in site.rglob("*.html"):
        ids = parse(page).ids
        if len(ids) != len(set(ids)):
            dupes.append(str(page.relative_to(site)))
    assert dupes == []


def test_every_page_except_source_texts_is_at_most_200_kb(site: Path) -> None:
    big = [
        (str(p.relative_to(site)), p.stat().st_size)
        for p in site.rglob("*.html")
        if p.stat().st_size > SITE_MAX_BYTES
    ]
    assert big == []


def test_a_long_query_result_is_paged_with_every_row_on_one_page_and_links_both_ways(
    site: Path, kg: KnowledgeGraph
) -> None:
    from nqgraph.publish.site.views.queries import PAGE_ROWS

    total = len(run_query(kg.store, "targets").rows)
    assert total > PAGE_ROWS, "the bundled data should hold more targets than one page"
    later = sorted((site / "queries" / "targets").glob("page-*.html"), key=lambda p: int(p.stem[5:]))
    pages = [site / "queries" / "targets.html", *later]
    assert [p.stem for p in later] == [f"page-{n}" for n in range(2, len(pages) + 1)]
    assert len(pages) == -(-total // PAGE_ROWS)
    rows = [page.read_text(encoding="utf-8").count("<tr>") - 1 for page in pages]  # less the header row
    assert all(0 < n <= PAGE_ROWS for n in rows) and sum(rows) == total
    assert "targets/page-2.html" in parse(pages[0]).links
    assert "../targets.html" in parse(pages[1]).links


def test_document_page_shows_targets_tasks_chain_and_citations(site: Path) -> None:
    page = site / "id/eli/dien-bien/tu/2021/10-nq-tu/index.html"
    text = page.read_text(encoding="utf-8")
    parsed = parse(page)
    assert "668.030" in text and "99,89" in text
    assert "target-i-3-1-6-a" in parsed.ids
    assert any(link.endswith("06-nq-tu/index.html") for link in parsed.links)
    assert any(link.endswith("19-nq-tu/index.html") for link in parsed.links)
    data = json.loads("".join(parsed.jsonld))
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "10-NQ/TU"
    assert data["legislationDate"] == "2021-07-29"


def test_task_statuses_are_as_of_the_build_day(site: Path) -> None:
    text = (site / "id/eli/dien-bien/tu/2025/19-nq-tu/index.html").read_text(encoding="utf-8")
    assert text.count("status-overdue") == 3  # appendix rows 1, 2 (Quý I/2026) and 9 (Quý II/2026)


def test_source_text_marks_every_statement_and_links_it(site: Path) -> None:
    page = site / "id/eli/dien-bien/tu/2021/10-nq-tu/text-a/index.html"
    assert page.read_text(encoding="utf-8").count("<mark") > 80
    target = (site / "id/eli/dien-bien/tu/2021/10-nq-tu/target/i-3-1-6-a/index.html").read_text(
        encoding="utf-8"
    )
    assert "text-a/index.html#q" in target and "text-b/index.html#q" in target
    missing = []
    for folder in ("10-nq-tu", "19-nq-tu"):
        for target_page in site.glob(f"id/eli/dien-bien/tu/*/{folder}/target/*/index.html"):
            if "/index.html#q" not in target_page.read_text(encoding="utf-8"):
                missing.append(str(target_page.relative_to(site)))
    assert missing == []


def test_indicator_page_draws_an_inline_svg_chart_and_links_sdg(site: Path) -> None:
    text = (site / "id/indicator/trained-labour-rate/index.html").read_text(encoding="utf-8")
    assert "<svg" in text and '<script src="http' not in text
    assert "http://metadata.un.org/sdg/4.4" in text


def test_province_pages_link_their_wikidata_items(site: Path) -> None:
    items = {"dien-bien": "Q36955", "lai-chau": "Q36409", "hung-yen": "Q36235", "thai-binh": "Q36681"}
    for province, qid in items.items():
        page = parse(site / f"id/province/{province}/index.html")
        assert f"http://www.wikidata.org/entity/{qid}" in page.links, province


def test_agency_page_lists_tasks_and_lineage(site: Path) -> None:
    text = (site / "id/agency/dien-bien/so-noi-vu/index.html").read_text(encoding="utf-8")
    assert text.count("appendix-") >= 7
    merged = (site / "id/agency/dien-bien/ban-tuyen-giao-tinh-uy/index.html").read_text(encoding="utf-8")
    assert "ban-tuyen-giao-va-dan-van-tinh-uy/index.html" in merged


def search_entries(site: Path) -> list[dict[str, str]]:
    index = (site / "static/search-index.js").read_text(encoding="utf-8")
    entries: list[dict[str, str]] = json.loads(index.removeprefix("window.NQ_SEARCH = ").rstrip(";\n"))
    return entries


def unresolved_search_hits(site: Path) -> list[str]:
    """Search results that lead nowhere: neither a page of the site nor one of nqgraph's IRIs."""
    return [
        e["h"]
        for e in search_entries(site)
        if not (site / e["h"]).is_file() and not e["h"].startswith("https://w3id.org/nqgraph/id/")
    ]


def test_search_index_folds_accents_and_tone_marks(site: Path) -> None:
    hits = [e for e in search_entries(site) if "ban to chuc tinh uy dien bien" in e["f"]]
    assert hits and hits[0]["vi"] == "Ban Tổ chức Tỉnh ủy Điện Biên"


def test_every_search_hit_of_the_full_site_opens_a_page(site: Path) -> None:
    assert len(search_entries(site)) > 300
    assert [e["h"] for e in search_entries(site) if not (site / e["h"]).is_file()] == []


def test_downloads_hold_every_dump_and_the_csv_tables(site: Path) -> None:
    names = {p.name for p in (site / "downloads").iterdir()}
    assert {
        "nqgraph.ttl",
        "nqgraph.trig",
        "nqgraph.nt",
        "nqgraph.jsonld",
        "targets.csv",
        "tasks.csv",
    } <= names
    rows = (site / "downloads/targets.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 208


def test_the_downloaded_dumps_are_the_builds_own_files_linked_not_copied(site: Path) -> None:
    for name in ("nqgraph.ttl", "nqgraph.trig"):
        dump, download = site.parent / name, site / "downloads" / name
        assert download.read_bytes() == dump.read_bytes()
        assert download.stat().st_ino == dump.stat().st_ino  # one file, whatever its size


def test_every_saved_query_has_a_page_with_its_results(site: Path) -> None:
    for rq in (Path(__file__).parents[1] / "queries").glob("*.rq"):
        text = (site / "queries" / f"{rq.stem}.html").read_text(encoding="utf-8")
        assert "<table>" in text and "SPARQL" in text


def test_numbers_print_with_a_decimal_comma_and_thousands_dots() -> None:
    assert format_number("720000") == "720.000" and format_number("10.5") == "10,5"


HOSTILE = """id:eli/p/tu/2021/1-nq-tu/task/t a nq:Task ;
    rdfs:label "<script>alert(1)</script> nhiệm vụ"@vi, "\\"><img src=x onerror=alert(2)> task"@en ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "<script>alert(3)</script>"@vi ;
    nq:leadAgency id:agency/p/a .
"""


def test_labels_are_text_on_every_page_and_in_the_json_ld(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", HOSTILE)
    out = tmp_path / "out"
    nqgraph.build(out=out, data=data, today=dt.date(2026, 11, 23))
    site = out / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
    task = parse(site / "id/eli/p/tu/2021/1-nq-tu/task/t/index.html")
    assert "<script>alert(1)</script> nhiệm vụ" in "".join(task.text)
    data_ld = json.loads("".join(task.jsonld))
    assert data_ld["name"][0]["@value"] == "<script>alert(1)</script> nhiệm vụ"


def test_the_page_fragments_escape_every_value_they_are_given() -> None:
    hostile = '<b x="1">&'
    escaped = "&lt;b x=&#34;1&#34;&gt;&amp;"
    external = Ref(hostile, hostile, "en", external=True)
    internal = Ref(hostile, hostile, hostile)
    assert fragments.bi(hostile, hostile).count(escaped) == 2
    assert fragments.link(external) == f'<a href="{escaped}" rel="external">{escaped}</a>'
    assert str(fragments.link(internal)).count(escaped) == 3
    assert fragments.links([external, None, external]) == "; ".join(
        [str(fragments.link(external)), "", str(fragments.link(external))]
    )
    assert fragments.value({"literal": hostile, "lang": hostile, "datatype": ""}).count(escaped) == 2
    assert fragments.value({"literal": hostile, "lang": "", "datatype": hostile}).count(escaped) == 2
    assert fragments.value({"literal": hostile, "lang": "", "datatype": ""}) == escaped
    assert fragments.value({"ref": internal}) == fragments.link(internal)
    assert fragments.value(None) == "" and fragments.link(None) == ""
    assert "quá hạn" in fragments.status("overdue") and "no deadline" in fragments.status("")


def _outputs(out: Path) -> dict[Path, bytes]:
    """Every file a build wrote, its state folder aside (a store's files are not the same bytes twice)."""
    from nqgraph.paths import STATE_DIR

    found = (p.relative_to(out) for p in out.rglob("*") if p.is_file())
    return {p: (out / p).read_bytes() for p in found if p.parts[0] != STATE_DIR}


def test_two_builds_give_byte_identical_sites(built: BuildResult, tmp_path: Path) -> None:
    again = nqgraph.build(out=tmp_path / "again", today=dt.date(2026, 11, 23))
    first, second = _outputs(built.out), _outputs(again.out)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_pages_are_counted_once_whether_a_chunk_runs_here_or_in_a_worker() -> None:
    from types import SimpleNamespace

    from nqgraph.publish.site.writer import _run_jobs

    def job(site: SimpleNamespace) -> None:
        site.pages += 1

    for workers in (1, 2):
        site = SimpleNamespace(pages=0)
        site.pages += _run_jobs(site, [[job, job], [job]], workers=workers)  # type: ignore[arg-type]
        assert site.pages == 3, f"{workers} worker(s)"
