"""Files of a site folder written anew or removed: an incremental build's site folder holds hard
links to the previous output's files, which must never be changed in place."""

from __future__ import annotations

from pathlib import Path


def remove_file(root: Path, relative: str) -> None:
    """Delete a file of the site, and the folders it leaves empty (a clean build has none)."""
    target = root / relative
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def replace_file(root: Path, relative: str, body: bytes) -> None:
    """Write a file of the site anew."""
    # Unlinked first, never truncated: the file may be a hard link shared with the previous output.
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(body)
