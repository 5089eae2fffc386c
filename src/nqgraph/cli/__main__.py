"""``python -m nqgraph.cli``."""

from nqgraph.cli import cli

cli()
