"""The query editor of sparql.html: YASGUI, vendored from npm by ``scripts/setup-yasgui.sh``, on the
site's own ``/sparql`` endpoint, in a real browser (Debian's chromium, driven by Playwright): a typed
query runs and shows its rows, and a saved query's tab runs with its parameters bound."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import AXE_JS, Problems, Server, require
from conftest import ROOT
from nqgraph.graph.queries import load_queries
from nqgraph.publish.site import yasgui
from nqgraph.publish.site.environment import make_env

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SAVED = sorted(load_queries(ROOT / "queries"))
TYPED = (
    "PREFIX nq: <https://w3id.org/nqgraph/ontology#>\n"
    "SELECT ?document ?number WHERE { ?document nq:documentNumber ?number } ORDER BY ?number"
)
AXE_RUN = """() => axe.run(document.getElementById('yasgui'), {resultTypes: ['violations']})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id}: ${v.help}`))"""


class Scripts(HTMLParser):
    """Scripts and stylesheets a page loads, its ids and tags, and the text of its saved-query data."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.data = ""
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "script" and values.get("src"):
            self.sources.append(str(values["src"]))
        if tag == "link" and values.get("rel") == "stylesheet":
            self.sources.append(str(values["href"]))
        self._in_data = tag == "script" and values.get("id") == "saved-queries"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


@pytest.fixture(scope="module")
def installed() -> None:
    require(yasgui.source() is not None, "YASGUI (.tools/yasgui)")


@pytest.fixture
def editor(browser: Browser, server: Server, installed: None) -> Iterator[tuple[Page, Problems]]:
    """sparql.html open with YASGUI ready, and what goes wrong on it."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    problems = Problems()
    problems.watch(page, server.url)
    response = page.goto(f"{server.url}/sparql.html", wait_until="load")
    assert response is not None and response.ok
    page.wait_for_selector("#yasgui[data-ready=true]", timeout=20_000)
    yield page, problems
    context.close()


def result_rows(page: Page) -> list[str]:
    rows = page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    return rows.all_inner_texts()


def test_the_built_page_loads_yasgui_from_the_site_itself_with_every_saved_query(
    site: Path, installed: None
) -> None:
    for name in (*yasgui.FILES, yasgui.SETUP):
        assert (site / yasgui.FOLDER / name).is_file(), name
    parsed = Scripts()
    parsed.feed((site / "sparql.html").read_text(encoding="utf-8"))
    assert parsed.sources and all("://" not in src and not src.startswith("//") for src in parsed.sources)
    assert any(src.endswith("yasgui/yasgui.min.js") for src in parsed.sources)
    tabs = {q["name"]: q["text"] for q in json.loads(parsed.data)}
    assert sorted(tabs) == SAVED
    assert "eli/dien-bien/tu/2021/10-nq-tu" in tabs["supersession-chain"]  # its example, bound
    assert "VALUES (?document)" in tabs["supersession-chain"]


def test_a_typed_query_runs_and_shows_its_rows(editor: tuple[Page, Problems]) -> None:
    page, problems = editor
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(TYPED)
    assert page.evaluate("window.nqgraphYasgui.getTab().getYasqe().getValue()") == TYPED
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = result_rows(page)
    assert any("19-NQ/TU" in row for row in rows) and any("10-NQ/TU" in row for row in rows)
    assert page.evaluate(AXE_RUN) == []
    assert problems.take() == []


def test_a_saved_query_tab_runs_with_its_parameters(editor: tuple[Page, Problems]) -> None:
    page, problems = editor
    page.get_by_role("tab", name="supersession-chain").click()
    assert "VALUES (?document)" in page.evaluate("window.nqgraphYasgui.getTab().getYasqe().getValue()")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = result_rows(page)
    assert len(rows) == 2
    assert "06-NQ/TU" in rows[0] and "predecessor" in rows[0]
    assert "19-NQ/TU" in rows[1] and "successor" in rows[1]
    assert page.evaluate(AXE_RUN) == []
    assert problems.take() == []


def test_without_yasgui_the_build_says_so_once_and_the_page_keeps_its_plain_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NQGRAPH_YASGUI", str(tmp_path / "nowhere"))
    assert yasgui.vendor(tmp_path / "site") is False
    assert not (tmp_path / "site" / yasgui.FOLDER).exists()
    assert capsys.readouterr().err.count("YASGUI is not installed") == 1
    html = (
        make_env()
        .get_template("sparql.html")
        .render(
            root="./",
            page="sparql.html",
            today="2026-11-23",
            crumbs=[],
            backlinks=[],
            jsonld=None,
            queries=[{"name": "targets", "text": "SELECT * WHERE { ?s ?p ?o }"}],
            yasgui=None,
        )
    )
    parsed = Scripts()
    parsed.feed(html)
    assert not any("yasgui" in src for src in parsed.sources)
    assert "sparql-form" in parsed.ids and "textarea" in parsed.tags and "yasgui" not in parsed.ids
