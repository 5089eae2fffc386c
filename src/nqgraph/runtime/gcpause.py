"""Pausing Python's cyclic garbage collector while a build creates millions of objects.

Every few thousand new containers the collector runs, and its full passes walk every object built
so far; indexing a national corpus (millions of tuples, lists and rdflib terms, none of them in a
reference cycle) took twice as long with it running. Reference counting still frees everything
that is not part of a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block, restoring its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Move every object alive now out of the collector's sight (in a forked worker, see
    :mod:`nqgraph.runtime.forking`).

    The collector then only walks what the worker creates, and does not touch (and so copy) the
    pages it shares with its parent.
    """
    gc.freeze()
    gc.enable()
