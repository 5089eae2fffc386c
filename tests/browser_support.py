"""Fixtures and helpers for the browser and endpoint tests: the built site, `nqgraph serve` started as a
subprocess on loopback, Debian's chromium driven by Playwright, the Nu HTML Checker and axe-core.

The tools come from ``scripts/setup-browser.sh``. When one is missing the tests that need it are
skipped with the command that installs it, except under CI (``CI`` set), where they fail instead: a
green CI run must have run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT
from nqgraph.pipeline.build import BuildResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Error, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium as root on a machine whose only network is loopback and the package registries:
# without the background-networking flags it keeps trying (and failing) to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / ".tools" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
IRI_BASE = "https://w3id.org/nqgraph/"
SETUP = "bash scripts/setup-browser.sh"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: runs in chromium or the Nu HTML Checker (minutes; -m 'not browser')"
    )


def require(ok: bool, what: str) -> None:
    """Skip (fail under CI) when a tool the test needs is missing."""
    if ok:
        return
    message = f"{what} is missing: run `{SETUP}`"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# ---------------------------------------------------------------- the server


class Server:
    """``nqgraph serve --out DIR`` on 127.0.0.1 and a free port, stopped by its pid."""

    def __init__(self, out: Path, *options: str) -> None:
        self.out = out
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="nqgraph-serve-", suffix=".log", delete=False)  # noqa: SIM115
        command = [sys.executable, "-c", "from nqgraph.cli import cli; cli()", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--out", str(out), *options]
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self._wait_until_up()

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def output(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def _wait_until_up(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nqgraph serve exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url + "/", timeout=2) as r:
                if r.status == 200:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"nqgraph serve did not answer on {self.url} within {seconds:.0f} s:\n{self.output()}"
        )

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Ctrl-C (SIGINT) first, so that the server ends its query workers; then SIGTERM, then SIGKILL."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            self.process.send_signal(sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(
    url: str, *, accept: str | None = None, data: bytes | None = None, timeout: float = 30.0, **headers: str
) -> Answer:
    """GET (or POST with ``data``) ``url``; an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, data=data)
    if accept is not None:
        request.add_header("Accept", accept)
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return Answer(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


@pytest.fixture(scope="session")
def site(built: BuildResult) -> Path:
    """The static site of the bundled data, written by the session's build."""
    folder = built.out / "site"
    assert (folder / "index.html").is_file(), f"the build wrote no site: {folder}"
    return folder


@pytest.fixture(scope="session")
def server(built: BuildResult, site: Path) -> Iterator[Server]:
    """``nqgraph serve`` on the session's build."""
    running = Server(built.out)
    yield running
    running.stop()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(server: Server, site: Path, page: Path) -> str:
    """The URL of a page: ``id/x/index.html`` is served at ``/id/x/`` as well; the file path always works."""
    return f"{server.url}/{page.relative_to(site).as_posix()}"


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, one per session (Playwright gives each context a fresh profile)."""
    require(CHROMIUM.exists(), str(CHROMIUM))
    require(importlib.util.find_spec("playwright") is not None, "the Python package playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Problems:
    """What went wrong while a page loaded: console errors, script errors, failed requests, dialogs."""

    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def watch(self, page: Any, local: str) -> None:
        """Record what goes wrong on ``page``; requests outside ``local`` (the server's URL) count too."""

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                where = message.location.get("url", "") if message.location else ""
                self.console.append(f"console error: {message.text} ({where})")

        def on_page_error(error: Error) -> None:
            self.console.append(f"uncaught exception: {error}")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                self.console.append(f"HTTP {response.status} for {response.url}")

        def on_request(request: Request) -> None:
            if not request.url.startswith((local, "data:", "blob:", "about:")):
                self.external.append(request.url)

        def on_request_failed(request: Request) -> None:
            self.console.append(f"request failed: {request.url} ({request.failure})")

        def on_dialog(dialog: Dialog) -> Any:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            return dialog.dismiss()  # with the async API a coroutine, which Playwright schedules

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("response", on_response)
        page.on("request", on_request)
        page.on("requestfailed", on_request_failed)
        page.on("dialog", on_dialog)

    def take(self) -> list[str]:
        found = [*self.console, *self.dialogs, *(f"external request: {u}" for u in self.external)]
        self.console.clear()
        self.dialogs.clear()
        self.external.clear()
        return found


def visit_all(
    local: str, urls: list[str], *, tabs: int = 3, script: str | None = None, init_script: Path | None = None
) -> dict[str, list[str]]:
    """Open every URL in chromium, ``tabs`` at a time, and return what went wrong on each (only URLs with a
    problem are keys): console errors, uncaught exceptions, failed or external requests, dialogs, an empty
    title, and the strings ``script`` (a JavaScript function, run once the page has loaded) returns.

    Runs Playwright's async API in a thread of its own, with a browser of its own, so that several pages load
    at once (the sync API waits for each navigation) whatever the session's browser is doing.
    """
    require(CHROMIUM.exists(), str(CHROMIUM))
    require(importlib.util.find_spec("playwright") is not None, "the Python package playwright")

    async def run() -> dict[str, list[str]]:
        from playwright.async_api import async_playwright

        found: dict[str, list[str]] = {}
        todo = list(reversed(urls))
        async with async_playwright() as p:
            launched = await p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            context = await launched.new_context()
            if init_script is not None:
                await context.add_init_script(path=str(init_script))

            async def tab() -> None:
                page = await context.new_page()
                problems = Problems()
                problems.watch(page, local)
                while todo:
                    url = todo.pop()
                    response = await page.goto(url, wait_until="load")
                    if response is None or not response.ok:
                        problems.console.append(f"HTTP {response.status if response else '?'} for the page")
                    if not (await page.title()).strip():
                        problems.console.append("empty <title>")
                    if script is not None:
                        problems.console += await page.evaluate(script)
                    if issues := problems.take():
                        found[url] = issues
                await page.close()

            await asyncio.gather(*(tab() for _ in range(tabs)))
            await launched.close()
        return found

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, run()).result()


def report(found: dict[str, list[str]]) -> str:
    """What ``visit_all`` (or a check like it) found, one line per problem, for an assertion message."""
    return "\n" + "\n".join(
        f"{where}: {problem}" for where, problems in sorted(found.items()) for problem in problems
    )


# ---------------------------------------------------------------- links


class LinkParser(HTMLParser):
    """Every href and src of a page, and every id (and a[name]) it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        for name in ("href", "src"):
            if name in values:
                self.links.append((tag, values[name]))
        if "srcset" in values:
            self.links += [(tag, part.split()[0]) for part in values["srcset"].split(",") if part.strip()]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])


def parse_page(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def internal_target(page_url: str, href: str, server_url: str) -> str | None:
    """The absolute local URL a link points to, or None when it leaves the site.

    IRIs under the IRI base (``https://w3id.org/nqgraph/…``) are mapped to the local server: hosting
    the site at that base is what makes them resolve, so they are checked as internal links.
    """
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    if href.startswith(IRI_BASE):
        href = server_url + "/" + href[len(IRI_BASE) :]
    absolute = urljoin(page_url, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != server_url:
        return None
    return absolute


def local_file(site: Path, url: str, server_url: str) -> Path | None:
    """The file under the site folder that a local URL names (``…/`` → ``…/index.html``), if any."""
    path = unquote(urlsplit(url).path)
    relative = path[len(urlsplit(server_url).path) :].lstrip("/")
    candidate = site / relative
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
