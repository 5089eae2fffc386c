"""No data is left out silently: links, unreadable paths, upper-case extensions, byte-order marks and
terms too long for the parser are read or reported with the path."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from nqgraph.cli import cli
from nqgraph.errors import DataError
from nqgraph.graph.loader import MAX_TOKEN_BYTES, data_files

PERIODS = DATA / "periods.ttl"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder of one file, ``a/periods.ttl``."""
    (tmp_path / "d" / "a").mkdir(parents=True)
    shutil.copy(PERIODS, tmp_path / "d" / "a" / "periods.ttl")
    return tmp_path / "d"


def _names(files: list[Path], base: Path) -> list[str]:
    return [p.relative_to(base).as_posix() for p in files]


def test_an_upper_case_extension_is_read(folder: Path) -> None:
    shutil.copy(PERIODS, folder / "MORE.TTL")
    shutil.copy(PERIODS, folder / "a" / "other.Ttl")
    assert _names(data_files(folder), folder) == ["MORE.TTL", "a/other.Ttl", "a/periods.ttl"]


def test_a_symlinked_sub_folder_is_read(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(PERIODS, tmp_path / "elsewhere" / "linked.ttl")
    (folder / "b").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (folder / "file-link.ttl").symlink_to(PERIODS)
    assert _names(data_files(folder), folder) == ["a/periods.ttl", "b/linked.ttl", "file-link.ttl"]


def test_a_symlink_loop_is_reported_with_its_path(folder: Path) -> None:
    (folder / "a" / "loop").symlink_to(folder, target_is_directory=True)
    with pytest.raises(DataError, match=r"a/loop: symbolic link loop"):
        data_files(folder)


def test_a_folder_reached_twice_is_reported(folder: Path) -> None:
    (folder / "again").symlink_to(folder / "a", target_is_directory=True)
    with pytest.raises(DataError, match="reached twice"):
        data_files(folder)


def test_a_dangling_link_is_reported_with_its_path(folder: Path) -> None:
    (folder / "gone.ttl").symlink_to(folder / "missing.ttl")
    (folder / "gone-folder").symlink_to(folder / "missing")
    (folder / ".#periods.ttl").symlink_to("root@host.1234")  # an editor's lock link: not data
    with pytest.raises(DataError) as caught:
        data_files(folder)
    message = str(caught.value)
    assert f"{folder / 'gone.ttl'}: broken symbolic link" in message
    assert f"{folder / 'gone-folder'}: broken symbolic link" in message
    assert ".#periods.ttl" not in message


def _as_nobody(work: Callable[[], object]) -> str:
    """Run ``work`` as an unprivileged user (root reads everything), in a forked child; its DataError."""
    if os.geteuid() != 0:
        try:
            work()
        except DataError as exc:
            return str(exc)
        return ""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, report the error through the pipe
        os.close(reading)
        message = b""
        try:
            os.setgid(65534)
            os.setuid(65534)
            work()
        except DataError as exc:
            message = str(exc).encode()
        finally:
            os.write(writing, message)
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A data folder that an unprivileged user may enter (pytest's own temp folders are private)."""
    base = Path(tempfile.mkdtemp(prefix="nqgraph-unreadable-"))
    os.chmod(base, 0o755)
    (base / "a").mkdir()
    shutil.copy(PERIODS, base / "a" / "periods.ttl")
    os.chmod(base / "a" / "periods.ttl", 0o644)
    os.chmod(base / "a", 0o755)
    yield base
    for path in (base / "locked", base / "a" / "secret.ttl"):
        if path.exists():
            os.chmod(path, 0o755)
    shutil.rmtree(base)


def test_an_unreadable_folder_is_reported_with_its_path(open_folder: Path) -> None:
    (open_folder / "locked").mkdir()
    shutil.copy(PERIODS, open_folder / "locked" / "hidden.ttl")
    os.chmod(open_folder / "locked", 0)
    message = _as_nobody(lambda: data_files(open_folder))
    assert f"{open_folder / 'locked'}: cannot read folder" in message


def test_an_unreadable_file_is_reported_with_its_path(open_folder: Path) -> None:
    shutil.copy(PERIODS, open_folder / "a" / "secret.ttl")
    os.chmod(open_folder / "a" / "secret.ttl", 0)
    message = _as_nobody(lambda: data_files(open_folder))
    assert f"{open_folder / 'a' / 'secret.ttl'}: cannot read file" in message


# ---------------------------------------------------------------- what the files hold


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A small valid data folder: the periods, in a sub-folder ``documents`` and at the top."""
    copy = tmp_path / "data"
    (copy / "documents").mkdir(parents=True)
    shutil.copy(PERIODS, copy / "periods.ttl")
    return copy


def test_a_utf8_byte_order_mark_is_accepted(runner: CliRunner, data_copy: Path, tmp_path: Path) -> None:
    target = data_copy / "periods.ttl"
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    result = runner.invoke(cli, ["stats", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output


def test_a_utf16_byte_order_mark_is_refused_by_name(runner: CliRunner, data_copy: Path) -> None:
    target = data_copy / "periods.ttl"
    target.write_bytes(b"\xff\xfe" + target.read_text(encoding="utf-8").encode("utf-16-le"))
    result = runner.invoke(cli, ["stats", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert f"{target}: starts with a UTF-16 byte-order mark" in result.output


def test_a_literal_over_the_limit_is_refused_with_file_and_line(runner: CliRunner, data_copy: Path) -> None:
    big = data_copy / "big.ttl"
    prefix = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
    big.write_text(
        prefix + '<https://w3id.org/nqgraph/id/x> rdfs:comment "' + "a" * (MAX_TOKEN_BYTES + 1) + '" .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["stats", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert f"{big}:3: a literal or IRI longer than 16 MiB" in result.output
    assert "out of memory" not in result.output


def test_the_cli_names_a_symlink_loop_and_exits_2(runner: CliRunner, data_copy: Path) -> None:
    (data_copy / "documents" / "loop").symlink_to(data_copy, target_is_directory=True)
    result = runner.invoke(cli, ["stats", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert f"{data_copy / 'documents' / 'loop'}: symbolic link loop" in result.output
