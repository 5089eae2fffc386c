"""The ``nqgraph`` command: one click group, one module per command group.

Exit codes for every command: 0 success; 1 the data has SHACL Violations; 2 an error (unreadable
input, unknown query, bad parameter, unreachable endpoint).

The command modules import only ``nqgraph.cli.common`` of this package, never this module, so
there is no import circle.
"""

from __future__ import annotations

from typing import Any

import click

from nqgraph.cli.common import interrupted
from nqgraph.cli.draft import draft
from nqgraph.cli.engine import build, stats, validate
from nqgraph.cli.query import list_queries, query
from nqgraph.cli.remote import link, push
from nqgraph.cli.score import score_command
from nqgraph.cli.serve import serve
from nqgraph.cli.synth import synth


class _Group(click.Group):
    """Ctrl-C while click reads the arguments exits 130 too: click itself would print "Aborted!" and
    exit 1, the code for Violations (each command's own run is covered by ``reports_errors``)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise interrupted() from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise interrupted() from None


@click.group(cls=_Group)
@click.version_option(package_name="nqgraph")
def cli() -> None:
    """Knowledge graph of Vietnamese provincial Party resolutions."""


for command in (build, validate, query, list_queries, stats, serve, push, link, synth):
    cli.add_command(command)
cli.add_command(score_command)
cli.add_command(draft)
