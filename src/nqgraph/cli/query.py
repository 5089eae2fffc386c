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
@click.option(
    "--out",
    "built",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Query the build in DIR (its graph and written answers) instead of loading the data.",
)
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
    built: Path | None,
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
    answers = None
    if endpoint:
        store: Any = RemoteStore(endpoint)
        identity = f"endpoint {endpoint}"
    elif built is not None:
        from nqgraph.graph.answer_files import FOLDER

        store, identity = open_build(built)
        answers = built / FOLDER
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
            answers=answers,
        )
        click.echo(render(page, fmt), nl=False)
        if page.next_cursor is not None:
            click.echo(f"next page: --limit {page.limit} --cursor {page.next_cursor}", err=True)
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


def open_build(out: Path) -> tuple[Any, str]:
    """The graph of the build in ``out`` (its on-disk state store, opened read-only, or else its TriG
    loaded) and the build's label: the digest ``nqgraph serve`` names it by, so that a cursor of the
    server's pages works here too."""
    import hashlib

    import pyoxigraph as ox

    from nqgraph.errors import StoreError
    from nqgraph.graph.store import OxigraphStore
    from nqgraph.paths import state_store

    trig = out / "nqgraph.trig"
    if not trig.is_file():
        raise StoreError(f"{out}: no nqgraph.trig; run `nqgraph build --out {out}` first")
    digest = hashlib.sha256()
    with trig.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if state_store(out).is_dir():
        return OxigraphStore(state_store(out), read_only=True), digest.hexdigest()[:16]
    store = OxigraphStore()
    try:
        store.native.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{trig}: cannot load the built graph: {exc}") from exc
    return store, digest.hexdigest()[:16]
