"""What users see stays: every name ``import nqgraph`` exported and every command and option the
``nqgraph`` command had before the package was regrouped by stage (issue 15) still exist."""

from __future__ import annotations

import click
import pytest

import nqgraph
from nqgraph.cli import cli

# `nqgraph.__all__` before the package was regrouped.
EXPORTED_BEFORE = [
    "BuildResult",
    "DataError",
    "Inputs",
    "KnowledgeGraph",
    "NqgraphError",
    "OxigraphStore",
    "ParameterError",
    "QueryError",
    "QueryResult",
    "RdflibStore",
    "RemoteStore",
    "SavedQuery",
    "Store",
    "StoreError",
    "build",
    "load_queries",
    "new_store",
    "open_graph",
    "run_query",
    "stats",
]

# Every command (with its sub-commands) and the options and arguments each took before.
OPTIONS_BEFORE: dict[str, set[str]] = {
    "build": {"--data", "--engine", "--out", "--site", "--today", "--validator"},
    "link": set(),
    "link wikidata": {"--data", "--endpoint", "--links-file", "--timeout", "--write"},
    "push": {
        "--chunk-size",
        "--endpoint",
        "--graph-base",
        "--graph-store",
        "--method",
        "--out",
        "--password",
        "--timeout",
        "--update-endpoint",
        "--user",
    },
    "queries": set(),
    "query": {"--data", "--endpoint", "--engine", "--format", "--param", "-p", "query"},
    "serve": {"--host", "--out", "--port", "--query-timeout", "--result-cap"},
    "stats": {"--data", "--engine"},
    "synth": {"--out", "--seed", "--triples"},
    "validate": {"--data", "--engine", "--validator"},
}


def commands(group: click.Group, prefix: str = "") -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, command in group.commands.items():
        found[prefix + name] = {option for param in command.params for option in param.opts}
        if isinstance(command, click.Group):
            found |= commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name", EXPORTED_BEFORE)
def test_every_name_the_package_exported_is_still_exported(name: str) -> None:
    assert name in nqgraph.__all__
    assert getattr(nqgraph, name) is not None


def test_every_command_and_option_of_before_is_still_there() -> None:
    now = commands(cli)
    missing = {name: sorted(options - now.get(name, set())) for name, options in OPTIONS_BEFORE.items()}
    assert {name: gone for name, gone in missing.items() if gone or name not in now} == {}
