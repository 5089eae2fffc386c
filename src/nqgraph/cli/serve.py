"""``nqgraph serve``: the built site, resource IRIs and the SPARQL endpoint over HTTP."""

from __future__ import annotations

from pathlib import Path

import click

from nqgraph.cli.common import reports_errors


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Build folder to serve (made by `nqgraph build`).",
)
@click.option(
    "--query-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may take, counted from its arrival (waiting for a worker included).",
)
@click.option(
    "--result-cap",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most rows a query returns.",
)
@click.option(
    "--result-bytes",
    default=16 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(min=1024),
    help="About the most bytes a query returns.",
)
@click.option(
    "--query-workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1, max=64),
    help="Worker processes answering queries (each holds a copy of the graph).",
)
@click.option(
    "--query-queue",
    default=8,
    show_default=True,
    type=click.IntRange(min=0, max=1024),
    help="Queries that may wait for a worker; more are answered 503 with Retry-After.",
)
@click.option(
    "--query-memory",
    default=2048,
    show_default=True,
    type=click.IntRange(min=0),
    help="MiB a query may add to its worker's memory beyond the graph (0: no limit).",
)
@click.option(
    "--page-cache",
    default=64,
    show_default=True,
    type=click.IntRange(min=0),
    help="MiB of pages rendered on demand (resources the build wrote no page for) kept in memory.",
)
@click.option(
    "--idle-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds after which an idle or stalled connection is closed.",
)
@reports_errors
def serve(
    host: str,
    port: int,
    out: Path,
    query_timeout: float,
    result_cap: int,
    result_bytes: int,
    query_workers: int,
    query_queue: int,
    query_memory: int,
    page_cache: int,
    idle_timeout: float,
) -> None:
    """Serve the site, resource IRIs with content negotiation, and a read-only SPARQL endpoint."""
    from nqgraph.publish.server import serve as run_server

    def announce(url: str) -> None:
        # Said only once the socket is bound: a port in use is an error, not a false "serving".
        click.echo(f"serving {out}/site at {url} (SPARQL endpoint: {url}sparql); Ctrl-C stops")

    # Ctrl-C and SIGTERM stop the server (exit 130 and 143, as for every command) once its workers
    # and temporary links are cleaned up.
    run_server(
        out=out,
        host=host,
        port=port,
        timeout=query_timeout,
        cap=result_cap,
        byte_cap=result_bytes,
        workers=query_workers,
        queue=query_queue,
        memory=query_memory * 1024 * 1024,
        page_cache=page_cache * 1024 * 1024,
        idle_timeout=idle_timeout,
        on_ready=announce,
    )
