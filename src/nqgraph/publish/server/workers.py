"""Query worker processes: each holds its own copy of the graph and answers one query at a time.

A query runs in a worker so that the server can stop it: at the deadline (counted from the request's
arrival, so time spent waiting for a worker counts) the worker is killed and replaced, and a query
that crashes the engine ends only its worker. Waiting is bounded twice: at most ``queue`` requests
wait for a worker (more get 503 with ``Retry-After``), and a replacement that cannot start is retried
a bounded number of times, after which requests are answered 503 at once instead of waiting for a
worker that will not come; the next request after a pause starts another round.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqgraph.errors import StoreError
from nqgraph.publish.server.results import TEXT, Answer, Job, run_job

START_ATTEMPTS = 3  # tries per round to start a replacement worker
RETRY_PAUSE = 5.0  # seconds between rounds, and the Retry-After of a pool that has no worker
MEMORY_EXIT = 3  # a worker's exit code when Python ran out of its memory (Rust code aborts instead)


def load_store(trig: Path) -> ox.Store:
    store = ox.Store()
    try:
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{trig}: cannot load the built graph: {exc}") from exc
    return store


def _limit_memory(extra: int) -> None:
    """Let the process grow by at most ``extra`` bytes beyond what it uses now (the loaded graph): a
    query that needs more fails an allocation, which ends this worker, not the machine's memory."""
    status = Path("/proc/self/status")
    if extra <= 0 or not status.exists():
        return
    match = re.search(r"^VmSize:\s+(\d+) kB", status.read_text(), flags=re.M)
    if match:
        ceiling = int(match.group(1)) * 1024 + extra
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _worker_main(trig: str, conn: multiprocessing.connection.Connection, memory: int) -> None:
    # Ctrl-C reaches the whole process group; the server, not each worker, decides when they end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = load_store(Path(trig))
        _limit_memory(memory)
    except (StoreError, OSError, ValueError) as exc:
        conn.send(str(exc))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_job(store, job)
        except MemoryError:
            os._exit(MEMORY_EXIT)  # the heap may be in any state: end, and let the server say why
        conn.send(answer)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection

    def end(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Busy(Exception):
    """No worker is free and the queue is full, or the pool has no worker: answer 503 with Retry-After."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryPool:
    """``workers`` processes answering :class:`Job`\\ s; see the module's docstring."""

    def __init__(
        self,
        trig: Path,
        *,
        workers: int = 2,
        queue: int = 8,
        timeout: float = 10.0,
        memory: int = 0,
        start_timeout: float = 120.0,
    ) -> None:
        self.trig = trig
        self.timeout = timeout
        self.memory = memory
        self.size = workers
        self.queue = queue
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy = 0
        self._waiting = 0
        self._starting = 0
        self._broken = ""  # why the last round of replacements failed; "" while the pool is whole
        self._last_round = 0.0
        self._closed = False
        started = [self._spawn() for _ in range(workers)]
        try:
            self._idle = [self._await_ready(*pair) for pair in started]
        except StoreError:
            for process, conn in started:
                process.kill()
                conn.close()
            raise

    # ------------------------------------------------------------ starting workers

    def _spawn(self) -> tuple[multiprocessing.process.BaseProcess, multiprocessing.connection.Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(str(self.trig), child, self.memory), daemon=True
        )
        process.start()
        child.close()
        return process, parent

    def _await_ready(
        self, process: multiprocessing.process.BaseProcess, conn: multiprocessing.connection.Connection
    ) -> _Worker:
        message: object = f"it did not answer within {self.start_timeout:g} s"
        try:
            if conn.poll(self.start_timeout):
                message = conn.recv()
        except (EOFError, OSError):
            message = f"it ended with exit code {process.exitcode}"
        if message == "ready":
            return _Worker(process, conn)
        process.kill()
        process.join(5)
        conn.close()
        raise StoreError(f"a query worker could not load {self.trig}: {message}")

    def _replace(self) -> None:
        """Start one replacement worker on a thread, trying ``START_ATTEMPTS`` times."""
        with self._cond:
            self._starting += 1
            self._last_round = time.monotonic()
        threading.Thread(target=self._replacement_round, name="nqgraph-worker-start", daemon=True).start()

    def _replacement_round(self) -> None:
        error = ""
        for attempt in range(START_ATTEMPTS):
            if self._closed:
                break
            try:
                worker = self._await_ready(*self._spawn())
            except StoreError as exc:
                error = str(exc)
                time.sleep(0.5 * 2**attempt)
                continue
            with self._cond:
                self._starting -= 1
                if self._closed:
                    worker.end()
                else:
                    self._idle.append(worker)
                    self._broken = ""
                self._cond.notify_all()
            return
        if error and not self._closed:
            print(f"nqgraph serve: {error}", file=sys.stderr)
        with self._cond:
            self._starting -= 1
            self._broken = error or "the pool is closed"
            self._cond.notify_all()

    def _missing(self) -> int:
        return self.size - len(self._idle) - self._busy - self._starting

    # ------------------------------------------------------------ running jobs

    def run(self, job: Job, deadline: float) -> Answer:
        """Answer ``job`` before ``deadline`` (a ``time.monotonic()`` value), or say why not.

        Raises :class:`Busy` when the query cannot even wait for a worker.
        """
        for _ in range(self.size + 1):
            worker = self._acquire(deadline)
            if worker is None:
                return self._timed_out()
            try:
                if worker.process.is_alive():
                    worker.conn.send(job)
                    break
            except (OSError, ValueError):
                pass
            # The worker died while idle (killed from outside): replace it; the query never ran there.
            self._lose(worker)
        else:
            return Answer(503, TEXT, b"no query worker is running; retry the query")
        remaining = deadline - time.monotonic()
        try:
            if worker.conn.poll(max(0.0, remaining)):
                answer: Answer = worker.conn.recv()
                self._release(worker)
                return answer
        except (EOFError, OSError) as exc:
            self._lose(worker)
            code = worker.process.exitcode
            why = (
                f"it needed more than the {self.memory // 2**20:,} MiB a query may use"
                if code in (-signal.SIGABRT, MEMORY_EXIT) and self.memory
                else f"{exc.__class__.__name__}, exit code {code}"
            )
            message = f"the query ended its worker process ({why}); the endpoint goes on serving"
            return Answer(500, TEXT, message.encode())
        self._lose(worker)
        return self._timed_out()

    def _acquire(self, deadline: float) -> _Worker | None:
        with self._cond:
            self._check_strength()
            if not self._idle:
                if self._broken and not self._starting and not self._busy:
                    raise Busy(f"no query worker is running: {self._broken}", RETRY_PAUSE)
                if self._waiting >= self.queue:
                    raise Busy(f"{self._waiting} queries are already waiting for a worker", 1.0)
            self._waiting += 1
            try:
                while not self._idle:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return None
                    if self._closed or (self._broken and not self._starting and not self._busy):
                        raise Busy(f"no query worker is running: {self._broken or 'closed'}", RETRY_PAUSE)
                    self._cond.wait(remaining)
                self._busy += 1
                return self._idle.pop()
            finally:
                self._waiting -= 1

    def _check_strength(self) -> None:
        """Start another round of replacements when workers are missing and the last round is old."""
        if self._missing() > 0 and not self._closed and time.monotonic() - self._last_round >= RETRY_PAUSE:
            for _ in range(self._missing()):
                self._replace()

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            self._busy -= 1
            if self._closed:
                worker.end()
            else:
                self._idle.append(worker)
            self._cond.notify()

    def _lose(self, worker: _Worker) -> None:
        worker.end()
        with self._cond:
            self._busy -= 1
            self._cond.notify_all()
        if not self._closed:
            self._replace()

    def _timed_out(self) -> Answer:
        message = f"query timed out after {self.timeout:g} s; the endpoint stopped it and goes on serving"
        return Answer(503, TEXT, message.encode())

    def close(self) -> None:
        """End the idle workers now and each busy one when its query returns."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.end()
