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
@click.option("--query-timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--result-cap", default=10_000, show_default=True, type=int, help="Most rows a query returns.")
@reports_errors
def serve(host: str, port: int, out: Path, query_timeout: float, result_cap: int) -> None:
    """Serve the site, resource IRIs with content negotiation, and a read-only SPARQL endpoint."""
    from nqgraph.publish.server import serve as run_server

    click.echo(f"serving {out}/site at http://{host}:{port}/ (SPARQL endpoint: /sparql); Ctrl-C stops")
    try:
        run_server(out=out, host=host, port=port, timeout=query_timeout, cap=result_cap)
    except KeyboardInterrupt:
        click.echo("stopped")
