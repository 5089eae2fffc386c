"""Folders written whole or not at all: a temporary sibling swapped in when the writing succeeds."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nqgraph.errors import OutputError
from nqgraph.runtime.signals import deferred


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_protected(out: Path, *, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy what no command wrote.

    A folder written atomically is replaced whole, so ``out`` may not be a file, nor be or hold
    the project ``root``, the current folder or the home folder, nor hold a ``.git``; the widest
    first, so that the message names the most precious thing that would be lost.
    """
    target = out.resolve()
    if target.exists() and not target.is_dir():
        raise OutputError(f"--out {out}: is a file, not a folder")
    for name, folder in (
        ("the project root", root),
        ("the current folder", Path.cwd()),
        ("your home", Path.home()),
    ):
        if folder.resolve().is_relative_to(target):
            raise OutputError(f"--out {out}: is or holds {name} ({folder}); choose a separate output folder")
    if (target / ".git").exists():
        raise OutputError(f"--out {out}: holds a .git folder; choose a separate output folder")


# Removes the folders named on its command line, ignoring errors: another remover (or recover())
# may be removing the same folder at the same time.
_REMOVER = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)\n"
_removers: list[subprocess.Popen[bytes]] = []
_removers_lock = threading.Lock()


def remove_in_background(*folders: Path) -> None:
    """Remove ``folders`` in a process of their own, which outlives this one.

    A previous output is garbage once the new one is in place, but removing its files (at a
    million triples, 14,000 of them and the state store; every page: 300,000) took a second or
    more of each build. Nothing reads the folders any more: a removal cut short is finished by
    the next build (:func:`recover`). :func:`wait_for_removals` waits for those started here.
    """
    if not folders:
        return
    try:
        remover = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVER, *map(str, folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C of the next command does not stop it half-way
        )
    except OSError:  # no process to spare: removed here, as it used to be
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    with _removers_lock:
        _removers[:] = [r for r in _removers if r.poll() is None]
        _removers.append(remover)


def wait_for_removals() -> None:
    """Wait until every folder this process has given to :func:`remove_in_background` is gone."""
    with _removers_lock:
        waiting, _removers[:] = list(_removers), []
    for remover in waiting:
        remover.wait()


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A fresh temporary folder that replaces ``out`` when the block succeeds.

    On any error, Ctrl-C or SIGTERM the temporary folder is removed (with the signals held, so a
    second Ctrl-C does not cut the removal short) and ``out`` is left as it was. The previous
    ``out``, once replaced, is removed in the background (:func:`remove_in_background`).
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
        with deferred():  # a signal between the two renames would lose both folders
            os.chmod(tmp, 0o755)
            old = None
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
                os.rename(out, old / "previous")
            os.rename(tmp, out)
        if old is not None:
            _discard(old, out=out)
    except BaseException:
        with deferred():
            shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_atomically(out: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer`` on a fresh temporary folder, then replace ``out`` with it."""
    with atomic_folder(out) as folder:
        writer(folder)


def recover(out: Path) -> None:
    """Put back an output folder that a killed swap left aside, and remove what killed writes left.

    :func:`atomic_folder` renames ``out`` aside before it renames the new folder into place; a
    process killed between the two renames (SIGKILL cannot be held) leaves ``out`` missing and the
    previous output in ``.<name>.old-*/previous``. Temporary folders of killed writes, and
    previous outputs whose removal was cut short, are removed in the background; two commands
    writing the same folder at once are not supported.
    """
    out = out.resolve()
    if not out.parent.is_dir():
        return
    olds = sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not out.exists():
        for old in reversed(olds):
            if (old / "previous").is_dir():
                os.rename(old / "previous", out)
                break
    # Trash whose remover was killed is removed again (a remover still at work on it: no harm).
    _discard(
        *olds,
        *out.parent.glob(f".{out.name}.tmp-*"),
        out=out,
        trash=sorted(out.parent.glob(f".{out.name}.trash-*")),
    )


def _discard(*folders: Path, out: Path, trash: list[Path] | None = None) -> None:
    """Rename ``folders`` (beside ``out``) to names no later :func:`recover` puts back as ``out``,
    then remove them, and ``trash``, in the background: a previous output half removed must
    never be restored."""
    doomed = list(trash or ())
    for folder in folders:
        target = out.parent / f".{out.name}.trash-{secrets.token_hex(8)}"
        try:
            os.rename(folder, target)
        except OSError:
            continue  # gone already
        doomed.append(target)
    remove_in_background(*doomed)
