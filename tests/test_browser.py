"""The site in a real browser (Debian's chromium, driven by Playwright), checked by the Nu HTML Checker and
axe-core, with its links followed; and labels shown as text however much markup they hold.

The tools are installed by ``scripts/setup-browser.sh``.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal

import nqgraph
from browser_support import (
    AXE_JS,
    VNU_JAR,
    LinkParser,
    Problems,
    Server,
    fetch,
    html_pages,
    internal_target,
    local_file,
    page_url,
    parse_page,
    report,
    require,
    visit_all,
)
from conftest import BUILD_DAY, ROOT
from snippets import write_data

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

DOCUMENT = "id/eli/dien-bien/tu/2021/10-nq-tu/index.html"
AGENCY = "id/agency/dien-bien/ban-to-chuc-tinh-uy/index.html"
INDICATOR = "id/indicator/trained-labour-rate/index.html"
# Beside the build, not in it: the main command refuses to replace a folder no build wrote.
SCREENSHOTS = ROOT / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (own storage) for one test."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def open_page(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, (url, response and response.status)


# ---------------------------------------------------------------- every page renders


def test_every_page_of_the_site_renders_in_chromium_without_console_errors(
    server: Server, site: Path
) -> None:
    pages = html_pages(site)
    assert len(pages) > 100, pages
    start = time.monotonic()
    found = visit_all(server.url, [page_url(server, site, path) for path in pages])
    print(f"chromium rendered {len(pages)} pages in {time.monotonic() - start:.1f} s")
    assert found == {}, report(found)


# ---------------------------------------------------------------- search


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box and return the texts of the result links."""
    page.fill("#search-input", query)
    page.locator("#search-results a").first.wait_for(timeout=5000)
    return page.locator("#search-results a").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ban to chuc", "Ban Tổ chức Tỉnh ủy Điện Biên"),
        ("BAN TO CHUC tinh uy dien bien", "Ban Tổ chức Tỉnh ủy Điện Biên"),
        ("dien bien", "Điện Biên"),
        ("10-nq/tu", "10-NQ/TU"),
    ],
)
def test_search_finds_labels_from_an_unaccented_query(
    page: Page, server: Server, query: str, expected: str
) -> None:
    open_page(page, f"{server.url}/search.html")
    assert any(expected in text for text in search(page, query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hoa", "hóa"),
        ("kien co hoa", "kiên cố hóa"),
        ("kiên cố hoá", "kiên cố hóa"),
        ("KIÊN CỐ HOÁ", "kiên cố hóa"),
    ],
)
def test_search_finds_new_style_tone_marks_from_any_style(
    page: Page, server: Server, query: str, expected: str
) -> None:
    """ "hóa" (new style, the mark on the a) is found from "hoa" and from the old style "hoá"."""
    open_page(page, f"{server.url}/search.html")
    assert any(expected in text for text in search(page, query))


@pytest.mark.parametrize("query", ["van hoa", "văn hóa", "văn hoá", "VAN HOA the thao"])
def test_search_finds_old_style_tone_marks_from_any_style(
    page: Page, small_site: tuple[Server, Path], query: str
) -> None:
    """The bundled labels all write "hóa"; the small site has "Sở Văn hoá" (old style, the mark on the o)."""
    server, _ = small_site
    open_page(page, f"{server.url}/search.html")
    assert "Sở Văn hoá, Thể thao và Du lịch" in search(page, query)


def test_a_search_link_with_a_query_shows_its_results(page: Page, server: Server) -> None:
    """The 404 page links to ``search.html?q=…``."""
    open_page(page, f"{server.url}/search.html?q=ban%20to%20chuc")
    page.locator("#search-results a").first.wait_for(timeout=5000)
    assert "Ban Tổ chức Tỉnh ủy Điện Biên" in page.locator("#search-results a").all_inner_texts()


def test_search_results_link_to_existing_pages(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/search.html")
    page.fill("#search-input", "ban to chuc")
    link = page.locator("#search-results a").filter(has_text="Ban Tổ chức Tỉnh ủy Điện Biên").first
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert "agency/dien-bien/ban-to-chuc-tinh-uy" in page.url


# ---------------------------------------------------------------- language switch


def shown_language(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def test_the_language_switch_turns_the_page_to_english_and_back(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/{DOCUMENT}")
    assert shown_language(page) == "vi"
    heading = page.locator("header nav a[href$='documents.html']")
    assert heading.inner_text().strip() == "Văn bản"
    page.click("#lang-switch")
    assert shown_language(page) == "en"
    assert heading.inner_text().strip() == "Documents"
    page.click("#lang-switch")
    assert shown_language(page) == "vi"
    assert heading.inner_text().strip() == "Văn bản"


def test_the_chosen_language_persists_across_pages(page: Page, server: Server) -> None:
    open_page(page, f"{server.url}/index.html")
    page.click("#lang-switch")
    assert shown_language(page) == "en"
    for path in (DOCUMENT, AGENCY, INDICATOR, "search.html"):
        open_page(page, f"{server.url}/{path}")
        assert shown_language(page) == "en", path
        assert page.locator("header nav a[href$='agencies.html']").inner_text().strip() == "Agencies", path
    page.click("#lang-switch")
    open_page(page, f"{server.url}/index.html")
    assert shown_language(page) == "vi"


# ---------------------------------------------------------------- links


def test_no_internal_link_of_the_site_is_broken(server: Server, site: Path) -> None:
    parsed: dict[Path, LinkParser] = {path: parse_page(path) for path in html_pages(site)}
    targets: dict[str, set[str]] = defaultdict(set)  # URL without fragment -> pages linking to it
    fragments: dict[tuple[str, str], set[str]] = defaultdict(set)  # (URL, fragment) -> pages
    for path, parser in parsed.items():
        here = page_url(server, site, path)
        name = path.relative_to(site).as_posix()
        for _tag, href in parser.links:
            target = internal_target(here, href, server.url)
            if target is None:
                continue
            url, _, fragment = target.partition("#")
            targets[url].add(name)
            if fragment and not fragment.startswith(":~:"):
                fragments[(url, unquote(fragment))].add(name)
    assert len(targets) > 100

    def status(url: str) -> tuple[str, int]:
        return url, fetch(url, accept="text/html").status

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(pool.map(status, sorted(targets)))
    broken = {
        f"{url} (HTTP {code})": sorted(targets[url])[:3] for url, code in answers.items() if code != 200
    }
    for (url, fragment), sources in sorted(fragments.items()):
        file = local_file(site, url, server.url)
        if file is None or file.suffix != ".html" or answers.get(url) != 200:
            continue
        ids = parsed[file].ids if file in parsed else parse_page(file).ids
        if fragment not in ids:
            broken[f"{url}#{fragment} (no such anchor)"] = sorted(sources)[:3]
    assert broken == {}, report(broken)


def test_the_main_pages_answer_at_the_path_of_their_iri(server: Server, site: Path) -> None:
    """``id/x/index.html`` is what ``https://w3id.org/nqgraph/id/x`` answers when the site is hosted there."""
    for path in (site / DOCUMENT, site / AGENCY, site / INDICATOR):
        iri_path = "/" + path.parent.relative_to(site).as_posix()
        answer = fetch(server.url + iri_path, accept="text/html")
        assert answer.status == 200, iri_path
        assert answer.media_type == "text/html"


# ---------------------------------------------------------------- Nu HTML Checker


def test_every_page_passes_the_nu_html_checker(site: Path) -> None:
    require(VNU_JAR.is_file(), str(VNU_JAR))
    start = time.monotonic()
    # C1 only (TieredStopAtLevel=1) halves the checker's time on a run this short; C1's frames need the
    # larger stack.
    java = ["java", "-Xss64m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]
    run = subprocess.run(
        [*java, "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(f"vnu checked {len(html_pages(site))} pages in {time.monotonic() - start:.1f} s")
    try:
        checked = json.loads(run.stderr or run.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"the Nu HTML Checker did not report in JSON (exit {run.returncode}):\n{run.stderr[-2000:]}"
        )
    errors = [
        f"{unquote(urlsplit(m['url']).path).removeprefix(str(site) + '/')}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in checked["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
    assert run.returncode == 0, run.stderr[-2000:]


# ---------------------------------------------------------------- axe-core


def page_type(relative: str) -> str:
    """The kind of page a path holds, from the shape of the path.

    >>> page_type("index.html"), page_type("id/agency/dien-bien/so-noi-vu/index.html")
    ('index.html', 'id/agency')
    >>> page_type("id/eli/dien-bien/tu/2021/10-nq-tu/index.html")
    'document'
    >>> page_type("id/eli/dien-bien/tu/2021/10-nq-tu/text-a/s/i-1/index.html")
    'document/text/section'
    >>> page_type("id/eli/dien-bien/tu/2021/10-nq-tu/target/i-3-1-1-a/in-b/index.html")
    'document/target/attestation'
    """
    parts = relative.split("/")[:-1]
    if parts[:1] != ["id"]:
        return relative if len(parts) == 0 else parts[0]
    if parts[1:2] != ["eli"]:
        return "/".join(parts[:2]) if len(parts) > 2 else relative
    rest = parts[6:]  # after id/eli/{province}/{issuer}/{year}/{number}
    if not rest:
        return "document"
    if rest[0].startswith("text"):
        return "document/text" + ("/section" if len(rest) > 1 else "")
    return f"document/{rest[0]}" + ("/attestation" if len(rest) > 2 else "")


def axe_sample(site: Path, per_type: int = 2) -> list[str]:
    """Every top-level page, and the first and last page of each other kind."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        groups[page_type(relative)].append(relative)
    chosen = {m for members in groups.values() for m in (members[:1] + members[-1:])[:per_type]}
    return sorted(chosen | {"index.html", DOCUMENT, AGENCY, INDICATOR})


AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id}: ${v.help} — `
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""


def test_axe_core_reports_no_serious_or_critical_violation(server: Server, site: Path) -> None:
    require(AXE_JS.is_file(), str(AXE_JS))
    sample = axe_sample(site)
    start = time.monotonic()
    # axe.min.js is injected into every page before the page's own scripts (Playwright's init script).
    found = visit_all(server.url, [f"{server.url}/{p}" for p in sample], script=AXE_RUN, init_script=AXE_JS)
    print(f"axe checked {len(sample)} of {len(html_pages(site))} pages in {time.monotonic() - start:.1f} s")
    assert found == {}, report(found)


# ---------------------------------------------------------------- screenshots


@pytest.mark.parametrize(
    ("name", "path"),
    [("home", "index.html"), ("document", DOCUMENT), ("agency", AGENCY), ("indicator", INDICATOR)],
)
def test_screenshots_of_the_main_page_kinds_are_written(
    page: Page, server: Server, name: str, path: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{server.url}/{path}")
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000, len(data)
    print(f"screenshot: {shot}")


# ---------------------------------------------------------------- labels are data

PAYLOAD = "</script><script>alert('script')</script>\"><img src=x onerror=alert('img')>&amp;"
AGENCY_X = "id/agency/p/x/index.html"


def turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SMALL_DATA = f"""
id:agency/p/x a nq:Agency ; rdfs:label {turtle_string(PAYLOAD)}@vi, {turtle_string(PAYLOAD)}@en ;
    nq:province id:province/p .
id:eli/p/tu/2021/1-nq-tu/task/t a nq:AppendixTask ;
    rdfs:label {turtle_string("Nhiệm vụ " + PAYLOAD)}@vi, {turtle_string("Task " + PAYLOAD)}@en ;
    nq:document id:eli/p/tu/2021/1-nq-tu ; nq:sourceText "Nhiệm vụ"@vi ; nq:deadlineText "Quý I/2026"@vi ;
    nq:leadAgency id:agency/p/x .
id:agency/p/culture a nq:Agency ; nq:province id:province/p ;
    rdfs:label "Sở Văn hoá, Thể thao và Du lịch"@vi, "Department of Culture"@en .
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A small site, served on its own port: an agency and a task whose labels are markup, and an agency
    whose label puts the tone mark the old way ("hoá")."""
    folder = tmp_path_factory.mktemp("small_site")
    data = write_data(folder / "data", SMALL_DATA)
    result = nqgraph.build(out=folder / "out", data=data, today=BUILD_DAY)
    assert (result.out / "site" / AGENCY_X).is_file()
    running = Server(result.out)
    yield running, result.out / "site"
    running.stop()


def visible_text(page: Page) -> str:
    return str(page.evaluate("document.body.innerText"))


def injected(page: Page) -> list[str]:
    """Elements the payload would have created had it been pasted into the page as markup."""
    found: list[str] = page.evaluate(
        """() => [
          ...[...document.querySelectorAll('img[onerror], [onerror]')].map(e => e.outerHTML),
          ...[...document.querySelectorAll('script:not([type="application/ld+json"])')]
              .filter(s => s.textContent.includes('alert('))
              .map(s => s.outerHTML),
        ]"""
    )
    return found


def test_markup_in_labels_shows_as_text_on_every_page_and_never_runs(
    browser: Browser, small_site: tuple[Server, Path]
) -> None:
    server, site = small_site
    ctx = browser.new_context()
    tab = ctx.new_page()
    problems = Problems()
    problems.watch(tab, server.url)
    showing: list[str] = []
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        open_page(tab, f"{server.url}/{relative}")
        assert injected(tab) == [], relative
        text = visible_text(tab)
        if "alert(" in text:
            assert PAYLOAD in text, (relative, text)
            showing.append(relative)
        assert problems.dialogs == [], (relative, problems.dialogs)
    ctx.close()
    assert AGENCY_X in showing
    assert "id/eli/p/tu/2021/1-nq-tu/index.html" in showing
    assert "id/eli/p/tu/2021/1-nq-tu/task/t/index.html" in showing


def test_markup_in_a_label_is_visible_literally_on_its_page(
    page: Page, small_site: tuple[Server, Path]
) -> None:
    server, _ = small_site
    problems = Problems()
    problems.watch(page, server.url)
    open_page(page, f"{server.url}/{AGENCY_X}")
    assert page.locator("h1").inner_text().strip() == PAYLOAD
    assert page.get_by_text(PAYLOAD, exact=True).first.is_visible()
    assert problems.take() == []


def test_markup_in_a_label_survives_in_the_embedded_json_ld(
    page: Page, small_site: tuple[Server, Path]
) -> None:
    server, _ = small_site
    open_page(page, f"{server.url}/{AGENCY_X}")
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(blocks) == 1
    assert PAYLOAD in strings_in(json.loads(blocks[0]))


def strings_in(data: Any) -> set[str]:
    """Every string value in parsed JSON."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return {s for value in data.values() for s in strings_in(value)}
    if isinstance(data, list):
        return {s for value in data for s in strings_in(value)}
    return set()


def test_markup_in_a_label_survives_in_turtle_and_json_ld_files(small_site: tuple[Server, Path]) -> None:
    server, _ = small_site
    for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
        answer = fetch(f"{server.url}/id/agency/p/x{suffix}")
        assert answer.status == 200, answer.text
        graph = Graph().parse(data=answer.body, format=fmt)
        assert Literal(PAYLOAD, lang="vi") in set(graph.objects()), suffix


def test_searching_for_markup_shows_it_as_text(page: Page, small_site: tuple[Server, Path]) -> None:
    server, _ = small_site
    problems = Problems()
    problems.watch(page, server.url)
    open_page(page, f"{server.url}/search.html")
    page.fill("#search-input", "img src")
    page.locator("#search-results a").first.wait_for(timeout=5000)
    assert PAYLOAD in " ".join(page.locator("#search-results a").all_inner_texts())
    assert injected(page) == []
    assert problems.take() == []
