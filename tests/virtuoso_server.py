"""A throw-away Virtuoso Open Source server for the tests and the benchmark.

The server gets its own ``virtuoso.ini`` and database in a temporary folder, listens on loopback
only (free ports picked at start), has a random ``dba`` password, and is stopped by its process
id. Debian's package (``scripts/setup-virtuoso.sh``) provides ``virtuoso-t`` and ``isql-vt``.

Settings that differ from the package's defaults, and why:

- ``ResultSetMaxRows``: the default (10 000) truncates answers silently;
- ``MaxQueryExecutionTime`` / ``MaxQueryCostEstimationTime``: the defaults cancel a query after
  60 s (or refuse one estimated to be slow) with a partial answer;
- ``DirsAllowed``: ``ld_dir`` silently loads nothing from a folder outside it;
- the ``dba`` password is set through ``USER_SET_PASSWORD`` and made durable by ``checkpoint``
  (without the checkpoint a restart brings back the old one).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 20
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {dir}
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
ThreadsPerQuery      = 2
MaxQueryMem          = 1G

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 3600
MaxQueryExecutionTime      = 600
DefaultQuery               = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
"""


class VirtuosoUnavailable(RuntimeError):
    """Virtuoso is not installed, or did not start."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def binaries() -> tuple[str, str]:
    """The paths of ``virtuoso-t`` and ``isql-vt``, or :class:`VirtuosoUnavailable`."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        raise VirtuosoUnavailable(
            "Virtuoso Open Source is not installed (virtuoso-t / isql-vt not on PATH): "
            "run `bash scripts/setup-virtuoso.sh` (apt-get install virtuoso-opensource)"
        )
    return server, isql


@dataclass
class VirtuosoServer:
    """One running server; use :meth:`start` and :meth:`stop` (or ``with``)."""

    folder: Path
    password: str = field(default_factory=lambda: "pw-" + secrets.token_hex(8))
    sql_port: int = field(default_factory=_free_port)
    http_port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None
    started_in: float = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The anonymous, read-only query endpoint."""
        return self.base + "/sparql"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = (self.folder / "virtuoso.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no virtuoso.log)"
        return "\n".join(text.splitlines()[-lines:])

    def start(self, *, timeout: float = 90.0) -> VirtuosoServer:
        server, _ = binaries()
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8"
        )
        t0 = time.perf_counter()
        out = open(self.folder / "stdout.log", "wb")  # noqa: SIM115 - kept open for the server's life
        # +foreground keeps the server in this process id, so it can be stopped by it.
        self.process = subprocess.Popen(
            [server, "+configfile", str(ini), "+foreground"],
            cwd=self.folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VirtuosoUnavailable(
                    f"virtuoso-t exited with {self.process.returncode} while starting:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        else:
            self.stop()
            raise VirtuosoUnavailable(f"Virtuoso did not answer on {self.sparql} within {timeout:.0f} s")
        self.isql(f"USER_SET_PASSWORD('dba', '{self.password}');", password="dba")
        self.isql("checkpoint;")
        self.started_in = time.perf_counter() - t0
        return self

    def isql(self, sql: str, *, password: str | None = None) -> str:
        """Run SQL through ``isql-vt`` and return its output.

        isql-vt can exit 0 after an error, so its output is read for ``*** Error``.
        """
        _, isql = binaries()
        proc = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", "dba", password or self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        output = proc.stdout + proc.stderr
        if proc.returncode != 0 or "*** Error" in output:
            raise VirtuosoUnavailable(f"isql-vt failed on {sql!r} (exit {proc.returncode}):\n{output}")
        return output

    def stop(self) -> None:
        """Stop the server by its process id: SIGTERM, then SIGKILL after 20 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def served(folder: Path) -> Iterator[VirtuosoServer]:
    """A server on a database in ``folder`` for a test fixture to yield, stopped by its pid after.

    Without Virtuoso the test fails (never a silent skip); NQGRAPH_SKIP_VIRTUOSO=1 skips it on
    purpose on a machine that cannot install it, except in CI.
    """
    import pytest

    if os.environ.get("NQGRAPH_SKIP_VIRTUOSO") == "1" and os.environ.get("CI") != "true":
        pytest.skip("NQGRAPH_SKIP_VIRTUOSO=1: Virtuoso tests skipped on purpose")
    server = VirtuosoServer(folder)
    try:
        server.start()
    except VirtuosoUnavailable as exc:
        pytest.fail(f"Virtuoso is required for these tests: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        assert server.process is not None and server.process.poll() is not None
