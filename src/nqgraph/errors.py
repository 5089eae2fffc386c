"""The exceptions nqgraph raises; the CLI maps them to exit code 2."""

from __future__ import annotations


class NqgraphError(Exception):
    """Base class of every error nqgraph raises on purpose."""


class DataError(NqgraphError):
    """An input file cannot be read as RDF, or its content breaks a loader rule.

    The message names the file and, where known, the line, column and resource.
    """


class QueryError(NqgraphError):
    """A SPARQL query is unknown, malformed or failed to run."""


class ParameterError(QueryError):
    """A query parameter is missing, unknown or malformed."""


class StoreError(NqgraphError):
    """A store (embedded or remote) could not be reached or refused an operation."""


class ResourceError(NqgraphError):
    """A build would need more memory than it may use; the message names the phase."""


class OutputError(NqgraphError):
    """An output folder is one that may not be replaced (the data, the project, a foreign folder)."""
