"""Work on a forked process: answers come back, errors are re-raised, a killed child is named."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nqgraph.errors import ResourceError
from nqgraph.runtime.forking import fork_available, fork_map, forked

needs_fork = pytest.mark.skipif(not fork_available(), reason="needs fork and a second core")


def _pid_and_sum(*numbers: int) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fail() -> None:
    raise ValueError("bad row in file.ttl")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
def test_forked_work_runs_in_another_process_and_returns_its_answer() -> None:
    with forked(_pid_and_sum, 1, 2, 3) as job:
        pid, total = job.result()
        assert job.result() == (pid, total)  # asking twice gives the same answer
    assert pid != os.getpid() and total == 6


def test_disabled_forked_work_runs_here_before_the_block() -> None:
    with forked(_pid_and_sum, 4, enabled=False) as job:
        assert job.result() == (os.getpid(), 4)


@needs_fork
def test_an_error_in_forked_work_is_raised_again_in_the_parent() -> None:
    with forked(_fail) as job, pytest.raises(ValueError, match=r"bad row in file\.ttl"):
        job.result()


@needs_fork
def test_a_forked_process_that_is_killed_gives_a_resource_error() -> None:
    with forked(_die) as job, pytest.raises(ResourceError, match="exit code -9"):
        job.result()


@needs_fork
def test_leaving_the_block_stops_work_nobody_waited_for() -> None:
    with forked(signal.pause) as job:
        process = job._process
    assert process is not None and not process.is_alive()


@needs_fork
def test_forked_work_leaves_no_thread_behind_so_later_forks_are_safe() -> None:
    before = threading.active_count()
    with forked(_pid_and_sum, 1) as job:
        assert threading.active_count() == before
        # Page workers are forked while the dumps are still being written.
        assert fork_map(lambda n: n + 1, 5, workers=2) == 15
        assert job.result()[1] == 1


@needs_fork
def test_a_process_with_threads_python_did_not_start_runs_forked_work_itself(tmp_path: Path) -> None:
    # An on-disk Oxigraph store starts RocksDB threads for the life of the process; a child forked
    # beside them can inherit a lock one holds and hang. Tried in a child interpreter, so that this
    # one keeps forking.
    code = (
        "import os, sys, pathlib\n"
        "from nqgraph.graph.store import OxigraphStore\n"
        "from nqgraph.runtime.forking import can_fork, forked\n"
        "before = can_fork()\n"
        "store = OxigraphStore(pathlib.Path(sys.argv[1]))\n"
        "with forked(os.getpid) as job:\n"
        "    pid = job.result()\n"
        "print(before, can_fork(), pid == os.getpid())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "store")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["True", "False", "True"]
