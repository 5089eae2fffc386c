"""``nqgraph query`` and ``queries``: the saved queries and SPARQL text, locally or on an endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from nqgraph.cli.common import data_options, parse_params, reports_errors
from nqgraph.publish.output import FORMATS, render


@click.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--endpoint", default=None, metavar="URL", help="Run on a remote SPARQL endpoint instead.")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the label columns beside each resource column.",
)
@data_options
@reports_errors
def query(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    lang: str,
    data: Path | None,
    engine: str,
) -> None:
    """Run a saved query (NAME), a query file (FILE.rq) or SPARQL text on the reasoned graph.

    Each resource column is followed by its label (<column>Label) in --lang; the table and CSV
    show comparators and units as written (≥, %, người/năm), JSON keeps the RDF terms.
    """
    from nqgraph.graph.queries import resolve, run
    from nqgraph.graph.store import RemoteStore
    from nqgraph.paths import Inputs

    saved = resolve(query, folder=Inputs.default().queries)
    if endpoint:
        store: Any = RemoteStore(endpoint)
    else:
        from nqgraph.graph.knowledge import open_graph

        store = open_graph(data=data, engine=engine).store
    result = run(store, saved, parse_params(params), lang=lang)
    click.echo(render(result, fmt), nl=False)


@click.command(name="queries")
@reports_errors
def list_queries() -> None:
    """List the saved queries with their summaries and parameters."""
    from nqgraph.graph.queries import load_queries
    from nqgraph.paths import Inputs

    for q in load_queries(Inputs.default().queries).values():
        click.echo(f"{q.name}: {q.summary}")
        for p in q.params:
            default = f" (default: {p.default})" if p.default is not None else ""
            need = " required" if p.required else ""
            click.echo(f"    --param {p.name}=<{p.type}>{need}{default}  {p.description}")
        if q.columns:
            click.echo(f"    columns: {', '.join(c.name + ('(+Label)' if c.iri else '') for c in q.columns)}")
