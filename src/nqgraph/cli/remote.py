"""``nqgraph push`` and ``nqgraph link``: the commands that talk to SPARQL servers.


Exit codes as for every command: 0 success, 2 an error (unreachable endpoint, refused
credentials, an error answered by the server, a load that the count check does not confirm).
"""

from __future__ import annotations

from pathlib import Path

import click

from nqgraph.cli.common import reports_errors


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store's SPARQL query endpoint (e.g. http://localhost:8890/sparql); counts are checked there.",
)
@click.option(
    "--graph-base",
    default=None,
    metavar="IRI",
    help="Name the graphs {IRI}ontology, {IRI}asserted, {IRI}inferred [default: https://w3id.org/nqgraph/graph/].",
)
@click.option("--user", default=None, envvar="NQGRAPH_USER", help="User for the store [env NQGRAPH_USER].")
@click.option(
    "--password",
    default=None,
    envvar="NQGRAPH_PASSWORD",
    help="Password (Digest or Basic, as the server asks) [env NQGRAPH_PASSWORD, kept out of `ps`].",
)
@click.option(
    "--out",
    "build_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Build folder holding nqgraph.trig.",
)
@click.option(
    "--graph-store",
    default=None,
    metavar="URL",
    help="Graph Store Protocol URL [default: guessed for Virtuoso, Fuseki, Oxigraph, GraphDB].",
)
@click.option("--update-endpoint", default=None, metavar="URL", help="SPARQL Update URL [default: guessed].")
@click.option(
    "--method",
    type=click.Choice(["auto", "graph-store", "update"]),
    default="auto",
    show_default=True,
    help="Graph Store PUT, SPARQL Update, or the first that the server offers.",
)
@click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for each answer."
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=250,
    show_default=True,
    help="Triples per INSERT DATA request (SPARQL Update only).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Replace every graph whole, even where a record of the last push allows sending a diff.",
)
@click.option(
    "--record-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the record of each push is kept, per endpoint and graph "
    "[default: $XDG_CACHE_HOME/nqgraph/push].",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Replace whole graphs through Virtuoso's bulk loader (a Virtuoso on this machine; "
    "needs --bulk-dir and the SQL port, --isql).",
)
@click.option(
    "--isql",
    "isql_address",
    default=None,
    metavar="HOST:PORT",
    help="Virtuoso's SQL port for --bulk [default: the endpoint's host, port 1111].",
)
@click.option(
    "--bulk-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="For --bulk: a folder on this machine that Virtuoso's DirsAllowed lists (files are written there).",
)
@reports_errors
def push(
    endpoint: str,
    graph_base: str | None,
    user: str | None,
    password: str | None,
    build_dir: Path,
    graph_store: str | None,
    update_endpoint: str | None,
    method: str,
    timeout: float,
    chunk_size: int,
    full: bool,
    record_dir: Path | None,
    bulk: bool,
    isql_address: str | None,
    bulk_dir: Path | None,
) -> None:
    """Load the built graph into a SPARQL 1.1 store: a diff where possible, else each graph whole.

    After a push, a record of what each graph received is kept (--record-dir); the next push
    sends only the triples added and removed since, when the server still holds what the record
    says (same count, same push marker), and otherwise replaces the graph whole and says why.
    Verifies the triple count of every graph on the server before reporting it loaded; running
    it twice leaves the same state, and it repairs a graph that an interrupted push left
    half-loaded.
    """
    import urllib.parse

    from nqgraph.remote.push import Bulk
    from nqgraph.remote.push import push as run_push

    bulk_target: Bulk | None = None
    if bulk:
        if bulk_dir is None:
            raise click.UsageError("--bulk needs --bulk-dir (a folder that Virtuoso's DirsAllowed lists)")
        host = urllib.parse.urlsplit(endpoint).hostname or "localhost"
        bulk_target = Bulk(isql=isql_address or f"{host}:1111", folder=bulk_dir)
    elif isql_address or bulk_dir:
        raise click.UsageError("--isql and --bulk-dir go with --bulk")

    report = run_push(
        endpoint=endpoint,
        build_dir=build_dir,
        graph_base=graph_base,
        user=user,
        password=password,
        graph_store=graph_store,
        update_endpoint=update_endpoint,
        method=method,
        timeout=timeout,
        chunk_size=chunk_size,
        record_dir=record_dir,
        full=full,
        bulk=bulk_target,
    )
    for line in report.lines():
        click.echo(line)


@click.group()
def link() -> None:
    """Find, check and write links from the graph to other open data."""


@link.command()
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="SPARQL endpoint holding Wikidata [default: https://query.wikidata.org/sparql].",
)
@click.option("--write", is_flag=True, help="Rewrite the links file from what was found (else only report).")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of Turtle data files [default: data/ttl of the project].",
)
@click.option(
    "--links-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to read and write [default: DATA/links/wikidata.ttl].",
)
@click.option(
    "--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each answer."
)
@reports_errors
def wikidata(
    endpoint: str | None, write: bool, data: Path | None, links_file: Path | None, timeout: float
) -> None:
    """Find the Wikidata items of the provinces, the country and the Party; check their labels.

    Provinces are found by ISO 3166-2 code (P300), the country by ISO 3166-1 code (P297), the
    Party by label and country. Labels of a linked item that match none of ours are reported.
    """
    from nqgraph.paths import Inputs
    from nqgraph.remote.links import WIKIDATA_SPARQL, link_wikidata

    inputs = Inputs.default(data=data)
    report = link_wikidata(
        data_dir=inputs.data,
        ontology=inputs.ontology,
        endpoint=endpoint or WIKIDATA_SPARQL,
        links_file=links_file,
        write=write,
        timeout=timeout,
    )
    for line in report.lines():
        click.echo(line)
