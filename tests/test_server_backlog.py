"""A burst of connections while the server is busy waits in the listen backlog (1,024, not
Python's default of 5) instead of being dropped."""

from __future__ import annotations

import os
import select
import signal
import socket
import time
from collections.abc import Iterator

import pytest

from browser_support import Server
from nqgraph.pipeline.build import BuildResult

BURST = 200  # well over the old backlog of 5, under the server's 512 open connections


@pytest.fixture(scope="module")
def idle_server(built: BuildResult) -> Iterator[Server]:
    running = Server(built.out, "--idle-timeout", "2")
    yield running
    running.stop()


def test_a_burst_of_connections_to_a_busy_server_waits_in_the_backlog(idle_server: Server) -> None:
    pid = idle_server.process.pid
    connections: list[socket.socket] = []
    os.kill(pid, signal.SIGSTOP)  # busy: it accepts nothing, so every connection waits in the backlog
    try:
        for _ in range(BURST):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", idle_server.port))
            connections.append(s)
        # The kernel completes the handshake of each connection the backlog holds; one beyond it
        # stays unanswered (its SYN dropped), so it never becomes writable.
        pending = set(connections)
        deadline = time.monotonic() + 3
        while pending and time.monotonic() < deadline:
            _, ready, _ = select.select([], list(pending), [], 0.2)
            pending -= {s for s in ready if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0}
        assert len(pending) == 0, f"{len(pending)} of {BURST} connections were not taken into the backlog"
    finally:
        os.kill(pid, signal.SIGCONT)
        for s in connections:
            s.close()
    assert idle_server.is_alive()
