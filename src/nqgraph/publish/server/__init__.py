"""``nqgraph serve``: the built site, content negotiation on resource IRIs, and a read-only SPARQL 1.1
Protocol endpoint at ``/sparql``, fit to face the internet.

- HTTP is waitress (see ``docs/decisions.md``): a fixed number of threads, slow or idle connections
  closed after ``idle_timeout``, request headers and bodies capped (431, 413), a malformed request
  (a ``Content-Length`` of ``abc`` or ``-1``) answered 400, a listen backlog of 1,024.
- Queries are classified before anything runs (``classify``): too long (413), nested too deep or
  empty (400), updates, ``LOAD`` and ``SERVICE`` (403). Nothing is parsed by an engine on the HTTP
  threads and nothing reaches the network.
- Queries run in worker processes (``workers``) killed at the deadline, counted from the request's
  arrival; at most ``queue`` requests wait for a worker (503 with ``Retry-After`` beyond).
- Answers are capped at ``row_cap`` rows and about ``byte_cap`` bytes; a query may make its worker
  grow by ``memory`` bytes beyond the loaded graph (the allocation beyond fails and ends the worker).
- After a rebuild the new build is loaded before the next answer; ``X-Nqgraph-Build`` names the build.
- A resource whose page the build did not write (a ``--site core`` build writes only documents,
  agencies, indicators and text variants) is rendered from the build's store on request, the same
  bytes as its static page in a ``--site all`` build, and kept in a cache of ``page_cache`` bytes
  that a rebuild empties (``pages``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.parser import HTTPRequestParser  # type: ignore[import-untyped]
from waitress.server import create_server  # type: ignore[import-untyped]
from waitress.task import WSGITask  # type: ignore[import-untyped]

from nqgraph.errors import StoreError
from nqgraph.publish.server.app import Endpoint, Limits
from nqgraph.publish.server.negotiation import preferred
from nqgraph.publish.server.results import serialize_solutions
from nqgraph.publish.server.workers import QueryPool

MAX_HEADER_BYTES = 128 * 1024  # the request line and headers; a GET query is in the request line
MAX_BODY_BYTES = 1024 * 1024


class _TimedParser(HTTPRequestParser):  # type: ignore[misc]
    """Notes when a request has arrived in full, so that a query's deadline counts from there."""

    arrived: float | None = None

    def received(self, data: bytes) -> int:
        consumed: int = super().received(data)
        if self.completed and self.arrived is None:
            self.arrived = time.monotonic()
        return consumed


class _TimedTask(WSGITask):  # type: ignore[misc]
    def get_environment(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environment()
        environ["nqgraph.arrived"] = getattr(self.request, "arrived", None)
        return environ


class _TimedChannel(HTTPChannel):  # type: ignore[misc]
    parser_class = _TimedParser
    task_class = _TimedTask


def serve(
    *,
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    cap: int = 10_000,
    byte_cap: int = 16 * 1024 * 1024,
    workers: int = 2,
    queue: int = 8,
    memory: int = 2 * 1024**3,
    page_cache: int = 64 * 1024 * 1024,
    threads: int = 0,
    idle_timeout: float = 30.0,
    ready: threading.Event | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``out`` (a build folder) until interrupted. ``on_ready`` gets the URL once the socket is
    bound; ``threads`` 0 means enough for every worker and waiting query plus four for pages."""
    limits = Limits(
        timeout=timeout,
        row_cap=cap,
        byte_cap=byte_cap,
        workers=workers,
        queue=queue,
        memory=memory,
        page_cache=page_cache,
    )
    endpoint = Endpoint(out, limits)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        server = create_server(
            endpoint,
            host=host,
            port=port,
            threads=threads or workers + queue + 4,
            channel_timeout=int(max(1, idle_timeout)),
            cleanup_interval=max(1, min(30, int(idle_timeout // 2) or 1)),
            connection_limit=512,
            backlog=1024,
            max_request_header_size=MAX_HEADER_BYTES,
            max_request_body_size=MAX_BODY_BYTES,
            ident="nqgraph",
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
        )
    except (OSError, ValueError) as exc:
        endpoint.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc}") from exc
    for listener in _listeners(server):
        listener.channel_class = _TimedChannel
    try:
        if on_ready is not None:
            on_ready(f"http://{host}:{server.effective_port}/")
        if ready is not None:
            ready.set()
        server.run()
    finally:
        server.close()
        endpoint.close()


def _listeners(server: Any) -> list[Any]:
    """The listening sockets' servers (one, or one per address of a host name with several)."""
    if hasattr(server, "channel_class"):
        return [server]
    return [s for s in server.map.values() if hasattr(s, "channel_class")]


__all__ = ["Endpoint", "Limits", "QueryPool", "preferred", "serialize_solutions", "serve"]
