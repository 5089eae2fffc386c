"""The build never replaces anything but an output folder, and ends cleanly on signals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import nqgraph
from conftest import BUILD_DAY, DATA, ROOT
from nqgraph.cli import cli
from nqgraph.errors import OutputError
from nqgraph.pipeline.build import MARKER, check_out


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A small valid data folder (the periods file) that a build may be pointed at."""
    copy = tmp_path / "d"
    copy.mkdir()
    shutil.copy(DATA / "periods.ttl", copy / "periods.ttl")
    return copy


def test_build_refuses_the_data_folder_as_output_and_leaves_it_untouched(
    runner: CliRunner, data_copy: Path
) -> None:
    before = _tree(data_copy)
    result = runner.invoke(
        cli, ["build", "--data", str(data_copy), "--out", str(data_copy), "--site", "none"]
    )
    assert result.exit_code == 2, result.output
    assert "data folder" in result.output
    assert _tree(data_copy) == before


def test_build_refuses_an_output_that_holds_the_data_or_lies_inside_it(
    runner: CliRunner, data_copy: Path
) -> None:
    before = _tree(data_copy.parent)
    for out in (data_copy.parent, data_copy / "out", data_copy / "sub" / "out"):
        result = runner.invoke(cli, ["build", "--data", str(data_copy), "--out", str(out), "--force"])
        assert result.exit_code == 2, (out, result.output)
        assert "data folder" in result.output
    assert _tree(data_copy.parent) == before


def test_build_refuses_the_current_folder_and_a_folder_holding_git_even_with_force(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (checkout / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(checkout)
    before = _tree(checkout)
    for out in (".", str(checkout), ".."):
        result = runner.invoke(cli, ["build", "--data", str(DATA), "--out", out, "--force"])
        assert result.exit_code == 2, (out, result.output)
        assert "current folder" in result.output
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build", "--data", str(DATA), "--out", str(checkout), "--force"])
    assert result.exit_code == 2
    assert ".git" in result.output
    assert _tree(checkout) == before


def test_build_refuses_the_project_root_and_its_parents(data_copy: Path) -> None:
    for out in (ROOT, ROOT.parent):
        with pytest.raises(OutputError, match="project root"):
            nqgraph.build(out=out, data=data_copy)


def test_build_refuses_a_foreign_non_empty_folder_unless_forced(
    runner: CliRunner, tmp_path: Path, data_copy: Path
) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    result = runner.invoke(cli, ["build", "--data", str(data_copy), "--out", str(out), "--site", "none"])
    assert result.exit_code == 2, result.output
    assert "--force" in result.output and "thesis.docx" in result.output
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    args = ["build", "--data", str(data_copy), "--out", str(out), "--site", "none", "--force"]
    forced = runner.invoke(cli, [*args, "--today", "2026-11-23"])
    assert forced.exit_code == 0, forced.output
    assert not (out / "thesis.docx").exists()
    assert (out / MARKER).is_file()


def test_build_replaces_its_own_earlier_output_byte_identically(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    nqgraph.build(out=out, data=data_copy, today=BUILD_DAY)
    first = _tree(out)
    assert MARKER in first
    nqgraph.build(out=out, data=data_copy, today=BUILD_DAY)
    assert _tree(out) == first


# ---------------------------------------------------------------- signals


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus whose build takes a few seconds: long enough to be interrupted."""
    from nqgraph.corpora.synth import synthesize

    return synthesize(triples=30_000, seed=7, out=tmp_path_factory.mktemp("synth") / "corpus").out


def _children(pid: int) -> list[int]:
    return [int(n) for f in Path(f"/proc/{pid}/task").glob("*/children") for n in f.read_text().split()]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state == "Z"  # ended, waiting for its new parent to reap it


def _reading(pid: int, folder: Path) -> bool:
    """Whether the process has a file of ``folder`` open."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return any(link.startswith(str(folder)) for link in links)


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from nqgraph.cli import cli; cli()", *args]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_build_cleanly_with_its_exit_code(
    corpus: Path, tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("earlier\n")
    (out / "summary.txt").write_text("the previous build\n")
    before = _tree(out)
    # Ctrl-C in a terminal reaches the whole process group; SIGTERM (from kill) the build alone.
    build = subprocess.Popen(
        _command("build", "--data", str(corpus), "--out", str(out), "--today", "2026-11-23"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        # Wait until the build writes into its temporary folder with its workers forked.
        while time.monotonic() < deadline and build.poll() is None:
            workers = _children(build.pid)
            if list(tmp_path.glob(".out.tmp-*")) and len(workers) >= 2:
                break
            time.sleep(0.01)
        assert build.poll() is None, "the build ended before it could be interrupted"
        if signum == signal.SIGINT:
            os.killpg(build.pid, signum)
        else:
            os.kill(build.pid, signum)
        _, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    assert build.returncode == code, err
    assert "Traceback" not in err
    assert ("interrupted" if signum == signal.SIGINT else "terminated") in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert _tree(out) == before
    deadline = time.monotonic() + 10
    while not all(map(_gone, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(_gone, workers)), workers


def test_ctrl_c_in_another_command_exits_130_not_1(corpus: Path, tmp_path: Path) -> None:
    log = tmp_path / "stderr.txt"
    with log.open("w") as err_file:
        validate = subprocess.Popen(
            _command("validate", "--data", str(corpus)),
            stdout=subprocess.DEVNULL,
            stderr=err_file,
            text=True,
            start_new_session=True,
        )
        try:
            # Interrupted once it reads the data (it then reasons and validates for seconds).
            deadline = time.monotonic() + 60
            while (
                not _reading(validate.pid, corpus) and time.monotonic() < deadline and validate.poll() is None
            ):
                time.sleep(0.005)
            assert validate.poll() is None, "validate ended before it could be interrupted"
            os.killpg(validate.pid, signal.SIGINT)
            validate.wait(timeout=60)
        finally:
            if validate.poll() is None:
                os.killpg(validate.pid, signal.SIGKILL)
                validate.wait()
    err = log.read_text()
    assert validate.returncode == 130, err
    assert "Traceback" not in err


def test_an_empty_folder_or_an_output_from_before_the_marker_may_be_replaced(
    tmp_path: Path, data_copy: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    check_out(empty, data=data_copy, root=ROOT)
    earlier = tmp_path / "earlier"
    (earlier / "site").mkdir(parents=True)
    for name in ("nqgraph.trig", "nqgraph.ttl", "summary.json", "summary.txt", "validation.ttl"):
        (earlier / name).write_text("x\n")
    check_out(earlier, data=data_copy, root=ROOT)
    (earlier / "notes.md").write_text("mine\n")
    with pytest.raises(OutputError, match=r"notes\.md"):
        check_out(earlier, data=data_copy, root=ROOT)


def test_a_file_is_refused_as_output(tmp_path: Path, data_copy: Path) -> None:
    (tmp_path / "out").write_text("not a folder\n")
    with pytest.raises(OutputError, match="is a file"):
        check_out(tmp_path / "out", data=data_copy, root=ROOT, force=True)
