"""The incremental build's copy of the previous output: every file hard-linked, every folder made."""

from __future__ import annotations

import os
from pathlib import Path

from nqgraph.pipeline.state import link_tree


def _tree(root: Path) -> tuple[set[str], set[str]]:
    folders: set[str] = set()
    files: set[str] = set()
    for here, dirs, names in os.walk(root):
        rel = Path(here).relative_to(root)
        folders.update((rel / d).as_posix() for d in dirs)
        files.update((rel / n).as_posix() for n in names)
    return folders, files


def test_every_file_is_linked_and_every_folder_made_however_many_a_level_holds(tmp_path: Path) -> None:
    source = tmp_path / "out"
    # Two hundred folders on one level (made on several threads), deep ones below them, and a
    # folder left out with everything in it.
    for i in range(200):
        page = source / "site" / "id" / f"r{i}" / "a" / "b"
        page.mkdir(parents=True)
        (page / "index.html").write_text(f"page {i}", encoding="utf-8")
    (source / "summary.json").write_text("{}", encoding="utf-8")
    (source / "state" / "store").mkdir(parents=True)
    (source / "state" / "store" / "000001.sst").write_bytes(b"store")
    (source / "state" / "manifest.json").write_text("{}", encoding="utf-8")
    target = tmp_path / "next"
    link_tree(source, target, skip=[source / "state" / "store"])
    folders, files = _tree(source)
    got_folders, got_files = _tree(target)
    assert got_folders == folders - {"state/store"}
    assert got_files == files - {"state/store/000001.sst"}
    for name in got_files:
        assert os.path.samefile(source / name, target / name), name


def test_an_empty_source_gives_an_empty_target(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    link_tree(tmp_path / "out", tmp_path / "next")
    assert list((tmp_path / "next").iterdir()) == []
