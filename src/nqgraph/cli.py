"""The ``nqgraph`` command.

Exit codes: 0 success; 1 the data has SHACL Violations; 2 an error (unreadable input,
unknown query, bad parameter, unreachable endpoint).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import NqgraphError
from .output import FORMATS, render
from .store import ENGINES
from .validation import VALIDATORS

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A user-facing failure; exit code 2."""

    exit_code = 2


def reports_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NqgraphError as exc:
            raise CliError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, KeyboardInterrupt):
            raise
        except Exception as exc:
            # An unexpected failure must not exit 1, which means "the data has Violations".
            raise CliError(f"internal error: {exc.__class__.__name__}: {exc}") from exc

    return wrapper  # type: ignore[return-value]


def data_options(func: F) -> F:
    func = click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default="oxigraph",
        show_default=True,
        help="Embedded SPARQL engine.",
    )(func)
    return click.option(
        "--data",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder of Turtle data files [default: data/ttl of the project].",
    )(func)


def validator_option(func: F) -> F:
    return click.option(
        "--validator",
        type=click.Choice(VALIDATORS),
        default="sparql",
        show_default=True,
        help="sparql: the shapes compiled to whole-graph queries; pyshacl: the reference, slower.",
    )(func)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CliError(f"--param expects name=value, got {item!r}")
        params[name.strip()] = value
    return params


@click.group()
@click.version_option(package_name="nqgraph")
def cli() -> None:
    """Knowledge graph of Vietnamese provincial Party resolutions."""


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Output folder (replaced atomically).",
)
@click.option(
    "--today", default=None, help="Build date (YYYY-MM-DD) used for 'as of' answers [default: today]."
)
@click.option(
    "--site",
    "site_scope",
    type=click.Choice(("all", "core", "none")),
    default="all",
    show_default=True,
    help="Pages to write: all resources, core (documents, agencies, indicators: national corpora) or none.",
)
@data_options
@validator_option
@reports_errors
def build(
    out: Path, today: str | None, site_scope: str, data: Path | None, engine: str, validator: str
) -> None:
    """Load, reason, validate and write the graph, its report and a summary."""
    from .build import build as run_build

    day = _date(today)
    result = run_build(
        out=out,
        data=data,
        engine=engine,
        today=day,
        validator=validator,
        site=site_scope != "none",
        site_scope="all" if site_scope == "none" else site_scope,
    )
    v = result.validation
    click.echo(f"wrote {out}/: nqgraph.trig, nqgraph.ttl, validation.ttl, summary.txt, summary.json")
    click.echo(
        f"{result.counts['Document']} documents, {result.counts['Target']} targets, "
        f"{result.counts['Task']} tasks, {result.counts['Agency']} agencies, "
        f"{result.counts['Indicator']} indicators; {result.counts['triples.total']} triples"
    )
    click.echo(f"validation: {v.violations} violation(s), {v.warnings} warning(s)")
    for f in v.findings:
        if f.severity == "Violation":
            where = f" [{f.file}]" if f.file else ""
            click.echo(f"  Violation: {f.focus} {f.path}{where}: {f.message}", err=True)
    sys.exit(result.exit_code)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"--today: {text!r} is not a valid date (YYYY-MM-DD): {exc}") from exc


@cli.command()
@data_options
@validator_option
@reports_errors
def validate(data: Path | None, engine: str, validator: str) -> None:
    """Validate the reasoned graph against the SHACL shapes and print the findings."""
    from .graph import open_graph
    from .validation import load_shapes, validate_store

    kg = open_graph(data=data, engine=engine)
    result = validate_store(
        kg.store, load_shapes(kg.inputs.shapes), defined_in=kg.loaded.defined_in, validator=validator
    )
    for f in result.findings:
        where = f" [{f.file}]" if f.file else ""
        click.echo(f"{f.severity}: {f.focus} {f.path}{where}: {f.message}")
    click.echo(f"{result.violations} violation(s), {result.warnings} warning(s)")
    sys.exit(0 if result.conforms else 1)


@cli.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--endpoint", default=None, metavar="URL", help="Run on a remote SPARQL endpoint instead.")
@data_options
@reports_errors
def query(
    query: str, params: tuple[str, ...], fmt: str, endpoint: str | None, data: Path | None, engine: str
) -> None:
    """Run a saved query (NAME), a query file (FILE.rq) or SPARQL text on the reasoned graph."""
    from .paths import Inputs
    from .queries import resolve, run
    from .store import RemoteStore

    saved = resolve(query, folder=Inputs.default().queries)
    if endpoint:
        store: Any = RemoteStore(endpoint)
    else:
        from .graph import open_graph

        store = open_graph(data=data, engine=engine).store
    result = run(store, saved, _parse_params(params))
    click.echo(render(result, fmt), nl=False)


@cli.command(name="queries")
def list_queries() -> None:
    """List the saved queries with their summaries and parameters."""
    from .paths import Inputs
    from .queries import load_queries

    for q in load_queries(Inputs.default().queries).values():
        click.echo(f"{q.name}: {q.summary}")
        for p in q.params:
            default = f" (default: {p.default})" if p.default is not None else ""
            need = " required" if p.required else ""
            click.echo(f"    --param {p.name}=<{p.type}>{need}{default}  {p.description}")


@cli.command()
@data_options
@reports_errors
def stats(data: Path | None, engine: str) -> None:
    """Count documents, targets, tasks, agencies, indicators and triples."""
    from .graph import open_graph
    from .stats import stats as count

    for key, n in count(open_graph(data=data, engine=engine).store).items():
        click.echo(f"{key:<22} {n}")


@cli.command()
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
    from .server import serve as run_server

    click.echo(f"serving {out}/site at http://{host}:{port}/ (SPARQL endpoint: /sparql); Ctrl-C stops")
    try:
        run_server(out=out, host=host, port=port, timeout=query_timeout, cap=result_cap)
    except KeyboardInterrupt:
        click.echo("stopped")


from .cli_remote import link, push  # noqa: E402

cli.add_command(push)
cli.add_command(link)

from .cli_synth import synth  # noqa: E402

cli.add_command(synth)


if __name__ == "__main__":  # pragma: no cover
    cli()
