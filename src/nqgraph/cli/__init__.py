"""The ``nqgraph`` command: one click group, one module per command group.

Exit codes for every command: 0 success; 1 the data has SHACL Violations; 2 an error (unreadable
input, unknown query, bad parameter, unreachable endpoint).

The command modules import only ``nqgraph.cli.common`` of this package, never this module, so
there is no import circle.
"""

from __future__ import annotations

import click

from nqgraph.cli.draft import draft
from nqgraph.cli.engine import build, stats, validate
from nqgraph.cli.query import list_queries, query
from nqgraph.cli.remote import link, push
from nqgraph.cli.score import score_command
from nqgraph.cli.serve import serve
from nqgraph.cli.synth import synth


@click.group()
@click.version_option(package_name="nqgraph")
def cli() -> None:
    """Knowledge graph of Vietnamese provincial Party resolutions."""


for command in (build, validate, query, list_queries, stats, serve, push, link, synth):
    cli.add_command(command)
cli.add_command(score_command)
cli.add_command(draft)
