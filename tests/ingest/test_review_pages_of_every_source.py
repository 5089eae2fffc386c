"""The review page of the real draft of every source text (the five bundled, the three extra), in a
real browser: each loads without a console error, every highlight leads to its row and every row's
passage link back to a highlight, and the pages pass the Nu HTML Checker and axe-core.

The drafts are made by ``nqgraph draft`` itself, as a curator would make them.
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
from click.testing import CliRunner

from browser_support import AXE_JS, VNU_JAR, Problems, require
from conftest import SOURCES
from nqgraph.cli import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

TEXTS = sorted(SOURCES.glob("*.txt"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """Every source drafted with its review page, the pages served by a static server on loopback."""
    folder = tmp_path_factory.mktemp("reviews")
    names = []
    for text in TEXTS:
        out = folder / f"{text.stem}.ttl"
        result = CliRunner().invoke(cli, ["draft", str(text), "--out", str(out)])
        assert result.exit_code == 0, f"{text.name}: {result.output}"
        names.append(f"{text.stem}.review.html")
        assert (folder / names[-1]).is_file()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/", names
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_there_are_eight_source_texts() -> None:
    assert len(TEXTS) == 8, [t.name for t in TEXTS]


def test_every_review_page_links_each_highlight_to_its_row_and_back_without_errors(
    browser: Browser, reviews: tuple[str, list[str]]
) -> None:
    base, names = reviews
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        for name in names:
            page = context.new_page()
            problems = Problems()
            problems.watch(page, base)
            response = page.goto(base + name, wait_until="load")
            assert response is not None and response.ok, name
            # Each highlight's link names an element of the page, and each row links back to a mark.
            broken = page.evaluate(
                """() => {
                  const missing = [];
                  const links = document.querySelectorAll('mark.fact a[href^="#"], a[href^="#mark-"]');
                  for (const a of links) {
                    const id = a.getAttribute('href').slice(1);
                    if (!document.getElementById(id)) missing.push(id);
                  }
                  return missing;
                }"""
            )
            assert broken == [], f"{name}: {broken[:5]}"
            marks = page.locator("mark.fact").count()
            assert marks > 10, f"{name}: only {marks} highlighted facts"
            assert problems.take() == [], name
            page.close()
    finally:
        context.close()


def test_every_review_page_passes_the_nu_html_checker(reviews: tuple[str, list[str]], tmp_path: Path) -> None:
    require(VNU_JAR.is_file(), str(VNU_JAR))
    base, names = reviews
    import urllib.request

    files = []
    for name in names:
        path = tmp_path / name
        with urllib.request.urlopen(base + name, timeout=30) as answer:
            path.write_bytes(answer.read())
        files.append(str(path))
    java = ["java", "-Xss64m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]
    run = subprocess.run(
        [*java, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    assert errors == []


def test_axe_core_finds_no_serious_problem_on_any_review_page(
    browser: Browser, reviews: tuple[str, list[str]]
) -> None:
    require(AXE_JS.is_file(), str(AXE_JS))
    base, names = reviews
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    context.add_init_script(path=str(AXE_JS))
    try:
        for name in names:
            page = context.new_page()
            page.goto(base + name, wait_until="load")
            found = page.evaluate(
                """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => `${v.impact} ${v.id}: ${v.help}`))"""
            )
            assert found == [], name
            page.close()
    finally:
        context.close()
