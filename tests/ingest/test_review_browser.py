"""The review page in a real browser (Debian's chromium driven by Playwright, served on loopback):
a click on a warning lands on its passage and its row, a click on a highlight on the fact's row and
back, with no console error; the page passes the Nu HTML Checker and axe-core.

The tools are installed by ``scripts/setup-browser.sh``.
"""

from __future__ import annotations

import functools
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rdflib import Graph

from browser_support import AXE_JS, VNU_JAR, Problems, require
from conftest import SOURCES
from nqgraph.ingest.model import Draft, DraftWarning, SourceText, Span
from nqgraph.ingest.review import write_review

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SOURCE = SOURCES / "002_1a6e2be53d6a1245.txt"
DOC = "https://w3id.org/nqgraph/id/eli/dien-bien/tu/2025/19-nq-tu"


def review_draft() -> Draft:
    """A small draft of a bundled text: a target, an assignment and an appendix row with their spans,
    one nested in another, a warning with a passage and one naming a drafted agency."""
    text = (SOURCE).read_text(encoding="utf-8")

    def span(phrase: str) -> Span:
        start = text.index(phrase)
        return Span(start, start + len(phrase))

    item = span("Các đảng ủy trực thuộc tỉnh tổ chức nghiên cứu, quán triệt, tuyên truyền sâu rộng")
    inner = span("Các đảng ủy trực thuộc tỉnh")
    row = span("Ban hành Kế hoạch triển khai thực hiện Nghị quyết")
    facts = {
        "task/assignment-v-1": ("Assignment", item, "Các đảng ủy trực thuộc tỉnh nghiên cứu, quán triệt"),
        "new-agency": ("Agency", inner, "Các đảng ủy trực thuộc tỉnh"),
        "task/appendix-2": ("AppendixTask", row, "Ban hành Kế hoạch triển khai thực hiện Nghị quyết"),
    }
    turtle = [
        "@prefix nq: <https://w3id.org/nqgraph/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        f'<{DOC}> a nq:Resolution ; rdfs:label "Nghị quyết số 19-NQ/TU"@vi .',
    ]
    for tail, (kind, where, label) in facts.items():
        turtle.append(
            f'<{DOC}/{tail}> a nq:{kind} ; rdfs:label "{label}"@vi ; '
            f"nq:spanStart {where.start} ; nq:spanEnd {where.end} ."
        )
    graph = Graph().parse(data="\n".join(turtle), format="turtle")
    warnings = [
        DraftWarning(
            "unresolved-agency", "Which agency is 'Các đảng ủy trực thuộc tỉnh'?", inner, f"{DOC}/new-agency"
        ),
        DraftWarning(
            "missing-english-label",
            "Write the English label of the appendix row.",
            None,
            f"{DOC}/task/appendix-2",
        ),
    ]
    source = SourceText(text=text, path=SOURCE, format="text")
    return Draft(source=source, document=DOC, graph=graph, turtle="", warnings=warnings)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def review_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The review page written by ``write_review`` and served by a static server on loopback."""
    folder = tmp_path_factory.mktemp("review")
    write_review(review_draft(), folder / "19-nq-tu.review.html", violations=[])
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/19-nq-tu.review.html"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    yield context.new_page()
    context.close()


def target_id(page: Page) -> str:
    found: str = page.evaluate("() => { const t = document.querySelector(':target'); return t ? t.id : ''; }")
    return found


def in_view(page: Page, element_id: str) -> bool:
    inside: bool = page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.bottom > 0 && r.top < window.innerHeight; }""",
        element_id,
    )
    return inside


def test_clicking_a_warning_and_a_highlight_lands_on_the_passage_and_the_row(
    page: Page, review_url: str
) -> None:
    problems = Problems()
    problems.watch(page, review_url.rsplit("/", 1)[0])
    response = page.goto(review_url, wait_until="load")
    assert response is not None and response.ok
    assert page.title().strip()

    # The warning about the agency: its passage in the text, then its row in the table.
    warning = page.locator("#warnings-unresolved-agency li").first
    warning.locator("a[href^='#passage-']").click()
    assert target_id(page) == "passage-1"
    assert in_view(page, "passage-1")
    warning.locator("a[href^='#fact-']").click()
    row = target_id(page)
    assert row.startswith("fact-") and in_view(page, row)
    assert "Các đảng ủy trực thuộc tỉnh" in page.locator(f"#{row}").inner_text()

    # A highlight in the text leads to its row, and the row's number back to the highlight.
    page.locator("mark.fact a", has_text="Ban hành Kế hoạch").first.click()
    row = target_id(page)
    assert row.startswith("fact-") and in_view(page, row)
    assert "AppendixTask" in page.locator(f"#{row}").inner_text()
    assert "chưa xem xét" in page.locator(f"#{row}").inner_text()  # "not reviewed", the page is in Vietnamese
    page.locator(f"#{row} a[href^='#mark-']").click()
    mark = target_id(page)
    assert mark.startswith("mark-") and in_view(page, mark)
    assert page.locator(f"#{mark}").inner_text() == "Ban hành Kế hoạch triển khai thực hiện Nghị quyết"

    # The site's script runs: the language switch works on the review page too.
    page.click("#lang-switch")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert problems.take() == []


def test_the_review_page_passes_the_nu_html_checker(tmp_path: Path) -> None:
    require(VNU_JAR.is_file(), str(VNU_JAR))
    page = tmp_path / "review.html"
    write_review(review_draft(), page, violations=[])
    java = ["java", "-Xss64m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]
    run = subprocess.run(
        [*java, "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m.get('lastLine', '?')}: {m['message']}" for m in messages if m["type"] != "info"]
    assert errors == []


def test_axe_core_finds_no_serious_problem_on_the_review_page(page: Page, review_url: str) -> None:
    require(AXE_JS.is_file(), str(AXE_JS))
    page.context.add_init_script(path=str(AXE_JS))
    page.goto(review_url, wait_until="load")
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
          .filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => `${v.impact} ${v.id}: ${v.help} — `
            + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""
    )
    assert found == []
