"""What every command shares: the user-error type, the error wrapper and the common options."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from nqgraph.errors import NqgraphError
from nqgraph.graph.store import ENGINES
from nqgraph.graph.validation import VALIDATORS
from nqgraph.runtime.signals import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, terminable

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A user-facing failure; exit code 2."""

    exit_code = 2


def interrupted() -> click.exceptions.Exit:
    """Say that Ctrl-C ended the command; the exit to raise (130)."""
    click.echo("interrupted (Ctrl-C)", err=True)
    return click.exceptions.Exit(EXIT_INTERRUPTED)


def reports_errors(func: F) -> F:
    """Map errors to exit codes: 2 for an error, 130 for Ctrl-C, 143 for SIGTERM (never 1, which
    means "the data has Violations"), with a one-line message and no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with terminable():
                return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise interrupted() from None
        except Terminated:
            click.echo("terminated (SIGTERM)", err=True)
            raise click.exceptions.Exit(EXIT_TERMINATED) from None
        except NqgraphError as exc:
            raise CliError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit):
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


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CliError(f"--param expects name=value, got {item!r}")
        params[name.strip()] = value
    return params


def parse_date(text: str | None, *, option: str = "--today") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option}: {text!r} is not a valid date (YYYY-MM-DD): {exc}") from exc
