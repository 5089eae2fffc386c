"""sparql.html pages through an answer larger than the server's cap, in a real browser (Debian's chromium
driven by Playwright) on a real ``nqgraph serve`` whose cap is 5 rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from browser_support import AXE_JS, Problems, Server, require
from nqgraph.graph.knowledge import KnowledgeGraph
from nqgraph.pipeline.build import BuildResult
from nqgraph.publish.site import yasgui

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CAP = 5
NUMBERED = (
    "PREFIX nq: <https://w3id.org/nqgraph/ontology#>\n"
    "SELECT ?document ?number WHERE { ?document nq:documentNumber ?number } ORDER BY ?number ?document"
)
AXE_RUN = """() => axe.run(document.getElementById('sparql-pager'), {resultTypes: ['violations']})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id}: ${v.help}`))"""


@pytest.fixture(scope="module")
def capped(built: BuildResult) -> Iterator[Server]:
    """``nqgraph serve`` on the session's build, sending at most 5 rows a request."""
    require(yasgui.source() is not None, "YASGUI (.tools/yasgui)")
    running = Server(built.out, "--result-cap", str(CAP))
    yield running
    running.stop()


@pytest.fixture
def editor(browser: Browser, capped: Server) -> Iterator[tuple[Page, Problems]]:
    context = browser.new_context()
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    problems = Problems()
    problems.watch(page, capped.url)
    response = page.goto(f"{capped.url}/sparql.html", wait_until="load")
    assert response is not None and response.ok
    page.wait_for_selector("#yasgui[data-ready=true]", timeout=20_000)
    yield page, problems
    context.close()


def expected(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    """The documents' IRIs and numbers in the query's order."""
    rows = kg.store.query(NUMBERED).rows
    return [(str(document), str(number)) for document, number in rows]


def shown(page: Page, first: int) -> list[str]:
    """The rows of the table once the pager says it shows the rows from ``first`` on."""
    page.wait_for_function(
        "n => (document.getElementById('sparql-pager-status') || {}).textContent"
        " && document.getElementById('sparql-pager-status').textContent.startsWith('Dòng ' + n)",
        arg=f"{first:,}".replace(",", "."),
        timeout=20_000,
    )
    return page.locator(".tabPanel.active .yasr table.dataTable tbody tr").all_inner_texts()


def matches(rows: list[str], wanted: list[tuple[str, str]]) -> bool:
    return len(rows) == len(wanted) and all(
        number in row and document.rsplit("/", 1)[-1] in row
        for row, (document, number) in zip(rows, wanted, strict=True)
    )


def test_the_editor_steps_through_an_answer_larger_than_the_servers_cap(
    editor: tuple[Page, Problems], kg: KnowledgeGraph
) -> None:
    page, problems = editor
    answer = expected(kg)
    assert len(answer) > 3 * CAP
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.evaluate("text => window.nqgraphYasgui.getTab().getYasqe().setValue(text)", NUMBERED)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    read: list[str] = shown(page, 1)
    assert matches(read, answer[:CAP])
    assert "tối đa 5 dòng" in page.locator("#sparql-pager-status").inner_text()
    assert page.locator("#sparql-pager-previous").is_disabled()
    while page.locator("#sparql-pager-next").is_enabled():
        page.locator("#sparql-pager-next").click()
        read += shown(page, len(read) + 1)
    # Page by page, the whole answer in its order, and the last page says it is the last.
    assert matches(read, answer)
    assert "các dòng cuối" in page.locator("#sparql-pager-status").inner_text()
    assert re.search(
        r"LIMIT 6 OFFSET \d+\s*$", page.evaluate("window.nqgraphYasgui.getTab().getYasqe().getValue()")
    )
    last_page = (len(answer) - 1) // CAP * CAP
    page.locator("#sparql-pager-previous").click()
    assert matches(shown(page, last_page - CAP + 1), answer[last_page - CAP : last_page])
    assert page.evaluate(AXE_RUN) == []
    assert problems.take() == []


def test_a_query_with_its_own_limit_is_not_paged_but_the_cut_is_said(editor: tuple[Page, Problems]) -> None:
    page, problems = editor
    page.evaluate("text => window.nqgraphYasgui.getTab().getYasqe().setValue(text)", NUMBERED + " LIMIT 20")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = shown(page, 1)
    assert len(rows) == CAP
    assert "bỏ LIMIT hoặc OFFSET" in page.locator("#sparql-pager-status").inner_text()
    assert page.locator("#sparql-pager-next").is_hidden()
    assert problems.take() == []


def test_an_answer_within_the_cap_shows_no_pager(editor: tuple[Page, Problems]) -> None:
    page, problems = editor
    page.get_by_role("tab", name="supersession-chain").click()
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.locator(".tabPanel.active .yasr table.dataTable tbody tr").first.wait_for(timeout=20_000)
    assert page.locator("#sparql-pager").is_hidden()
    assert problems.take() == []
