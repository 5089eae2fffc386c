"""Ctrl-C and SIGTERM: a command ends with exit 130 or 143, its cleanups run, and its workers stop.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt`` in the main thread, but SIGTERM ends the
process at once, leaving a build's temporary folder and its forked workers behind. While a command
runs, SIGTERM raises :class:`Terminated` in the main thread instead, so the same ``finally`` blocks
and context managers run as for Ctrl-C. Forked workers ignore Ctrl-C (the terminal sends it to
the whole process group; the parent stops them) and die quietly on SIGTERM, which is how their
parent stops them.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# The shell's convention: 128 + the signal's number.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived; a ``BaseException`` like ``KeyboardInterrupt``, so no ``except Exception`` eats it."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def terminable() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` for the block (in the main thread; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def in_child() -> None:
    """Signal handling for a forked worker: Ctrl-C is the parent's to handle, SIGTERM ends it (and
    both are unblocked: the parent forks with them held, see :func:`deferred`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


@contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (a cleanup that a second Ctrl-C must not cut short)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
