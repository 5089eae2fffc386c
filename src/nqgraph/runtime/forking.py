"""Work handed to forked processes: how nqgraph runs Python work on a second core (work that runs
in Oxigraph's native code uses a thread instead, :mod:`nqgraph.runtime.threads`).

A forked child starts with the parent's memory (the store, the site index) without pickling it, and
only small results come back: one piece of work gets a process and a pipe (:func:`forked`), many
chunks a pool whose workers find the work in a module-level reference set just before the fork
(:func:`fork_map`). In the child the objects inherited from the parent are frozen out of the
garbage collector's sight (:func:`nqgraph.runtime.gcpause.settle`), so that collecting neither walks nor
copies them. Without ``fork`` or a second core, the same work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from nqgraph.errors import ResourceError
from nqgraph.runtime.gcpause import settle
from nqgraph.runtime.signals import deferred, in_child

T = TypeVar("T")

# The work of the pool being started; a forked child finds it here.
_WORK: Callable[..., Any] | None = None


# Why this process may no longer fork, once it may not (see threads_started).
_HAZARD: str | None = None


def threads_started(reason: str) -> None:
    """Say that this process now runs a native library's threads for the rest of its life.

    An on-disk Oxigraph store starts RocksDB threads that outlive it; a child forked while one of
    them holds a lock inherits the lock held, waits on it for ever, and with its signals still
    held, not even SIGTERM ends it. From then on :func:`can_fork` is false and forked work runs in
    this process.
    """
    global _HAZARD
    _HAZARD = reason


def fork_available() -> bool:
    """Whether this platform forks and has a second core (whatever this process has done)."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def can_fork() -> bool:
    """Whether forking helps here and is safe: :func:`fork_available`, and no native library
    has started threads in this process (:func:`threads_started`)."""
    return fork_available() and _HAZARD is None


def _call(*args: Any) -> Any:
    assert _WORK is not None
    settle()
    return _WORK(*args)


def _pool(work: Callable[..., Any], workers: int) -> Any:
    global _WORK
    _WORK = work
    try:
        with deferred():  # see Forked: a signal during the fork would be lost
            return multiprocessing.get_context("fork").Pool(workers, initializer=in_child)
    finally:
        _WORK = None  # the children have their own copy


def _answer(work: Callable[[], Any], conn: Any) -> None:
    in_child()
    settle()
    try:
        answer = (True, work())
    except BaseException as exc:  # handed to the parent, which re-raises it
        answer = (False, exc)
    conn.send(answer)
    conn.close()


class Forked(Generic[T]):
    """One piece of work running in a forked process (or already done here).

    A plain process and a pipe, not a pool: a pool keeps threads running in this process, and
    forking the page workers while threads run could copy a lock some thread holds.
    """

    def __init__(self, work: Callable[[], T], *, enabled: bool = True) -> None:
        self._process: Any = None
        if not (enabled and can_fork()):
            self._value = work()
            return
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(work, sending), daemon=True)
        # Ctrl-C and SIGTERM are held while forking: arriving in the at-fork handlers (logging's),
        # their exception would be printed and dropped, and the build would run on. The child
        # unblocks them once it has its own handlers (in_child).
        with deferred():
            self._process.start()
        sending.close()
        self._receiving = receiving
        self._answered = False

    def result(self) -> T:
        """Wait for the work; re-raise its exception."""
        if self._process is None:
            return self._value
        if not self._answered:
            try:
                ok, value = self._receiving.recv()
            except EOFError:
                self._process.join()
                # Killed, most likely by the operating system for want of memory.
                raise ResourceError(
                    f"a forked process ended without an answer (exit code {self._process.exitcode})"
                ) from None
            self._answered = True
            self._process.join()
            if not ok:
                raise value
            self._value = value
        return self._value

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._receiving.close()
            self._process = None


@contextmanager
def forked(func: Callable[..., T], *args: Any, enabled: bool = True) -> Iterator[Forked[T]]:
    """Run ``func(*args)`` in a forked process for the duration of the block.

    Leaving the block stops the process; call ``result()`` inside it to wait for the answer.
    With ``enabled`` false the work runs here, before the block.
    """
    job = Forked(lambda: func(*args), enabled=enabled)
    try:
        yield job
    finally:
        job.close()


def _numbered(n: int) -> tuple[int, int]:
    return n, _call(n)


def fork_map(
    func: Callable[[int], int],
    count: int,
    *,
    workers: int,
    on_result: Callable[[int, int], None] | None = None,
) -> int:
    """Sum of ``func(0) … func(count - 1)``, run on ``workers`` forked processes, lowest first.

    ``on_result(n, func(n))`` is called here as each answer arrives (for progress: the answers
    come back anyway, so telling of them costs no message of its own).
    """
    if workers <= 1 or not can_fork():
        answers: Iterator[tuple[int, int]] = ((n, func(n)) for n in range(count))
        return _summed(answers, on_result)
    with _pool(func, workers) as pool:
        return _summed(pool.imap_unordered(_numbered, range(count)), on_result)


def _summed(answers: Iterator[tuple[int, int]], on_result: Callable[[int, int], None] | None) -> int:
    total = 0
    for n, value in answers:
        total += value
        if on_result is not None:
            on_result(n, value)
    return total
