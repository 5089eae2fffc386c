"""``nqgraph query`` and ``queries``: the saved queries and SPARQL text, locally or on an endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from nqgraph.cli.common import data_options, parse_params, reports_errors
from nqgraph.publish.output import FORMATS, render, render_chunks


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
@click.option("--limit", default=None, metavar="N", help="Give one page of at most N rows, in a total order.")
@click.option("--offset", default=None, metavar="K", help="Start the page after the first K rows.")
@click.option("--cursor", default=None, metavar="C", help="Give the page a previous page's cursor names.")
@data_options
@reports_errors
def query(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    lang: str,
    limit: str | None,
    offset: str | None,
    cursor: str | None,
    data: Path | None,
    engine: str,
) -> None:
    """Run a saved query (NAME), a query file (FILE.rq) or SPARQL text on the reasoned graph.

    Each resource column is followed by its label (<column>Label) in --lang; the table and CSV
    show comparators and units as written (≥, %, người/năm), JSON keeps the RDF terms. CSV and
    JSON are written row by row as the answer arrives.

    With --limit, --offset or --cursor, one page of the answer is given, its rows ordered by the
    query's ORDER BY and then by every column; the cursor of the next page goes to stderr.
    """
    from nqgraph.graph.answers import Stream, files_digest, run_page, stream
    from nqgraph.graph.queries import resolve, run
    from nqgraph.graph.store import RemoteStore
    from nqgraph.paths import Inputs

    saved = resolve(query, folder=Inputs.default().queries)
    given = parse_params(params)
    if endpoint:
        store: Any = RemoteStore(endpoint)
        identity = f"endpoint {endpoint}"
    else:
        from nqgraph.graph.knowledge import open_graph

        kg = open_graph(data=data, engine=engine)
        store = kg.store
        identity = files_digest([kg.inputs.ontology, *kg.loaded.files])
    if limit is not None or offset is not None or cursor is not None:
        page = run_page(
            store,
            saved,
            given,
            limit=limit if limit is not None else 100,
            offset=offset,
            cursor=cursor,
            build=identity,
            lang=lang,
        )
        click.echo(render(page, fmt), nl=False)
        if page.next_cursor is not None:
            click.echo(f"next page: --cursor {page.next_cursor}", err=True)
        return
    if fmt in ("csv", "json"):
        answer = stream(store, saved, given, lang=lang)
        if isinstance(answer, Stream):
            for piece in render_chunks(answer.variables, answer.chunks, fmt):
                click.echo(piece, nl=False)
            return
        click.echo(render(answer, fmt), nl=False)
        return
    result = run(store, saved, given, lang=lang)
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
