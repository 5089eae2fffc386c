"""Folders replaced whole: the new one swapped in, the previous one removed in the background, and
whatever a killed command left put back or removed by the next one."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqgraph.runtime.atomic import atomic_folder, recover, wait_for_removals


def _write(folder: Path, text: str) -> None:
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "deep" / "er" / "file.txt").write_text(text, encoding="utf-8")


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p != out)


def test_the_new_folder_is_in_place_when_the_block_ends_and_the_previous_one_is_removed_after(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    with atomic_folder(out) as folder:
        _write(folder, "first")
    with atomic_folder(out) as folder:
        _write(folder, "second")
    assert (out / "deep" / "er" / "file.txt").read_text(encoding="utf-8") == "second"
    wait_for_removals()
    assert _siblings(out) == []


def test_a_failed_block_leaves_the_previous_folder_and_nothing_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_folder(out) as folder:
        _write(folder, "first")
    with pytest.raises(RuntimeError), atomic_folder(out) as folder:
        _write(folder, "half")
        raise RuntimeError("stopped")
    assert (out / "deep" / "er" / "file.txt").read_text(encoding="utf-8") == "first"
    wait_for_removals()
    assert _siblings(out) == []


def test_an_output_set_aside_by_a_swap_killed_between_its_renames_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    aside = tmp_path / ".out.old-abc" / "previous"
    aside.mkdir(parents=True)
    _write(aside, "kept")
    (tmp_path / ".out.tmp-def").mkdir()
    recover(out)
    assert (out / "deep" / "er" / "file.txt").read_text(encoding="utf-8") == "kept"
    wait_for_removals()
    assert _siblings(out) == []


def test_a_previous_output_whose_removal_was_cut_short_is_removed_and_never_put_back(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    half_removed = tmp_path / ".out.trash-0123456789abcdef" / "previous"
    half_removed.mkdir(parents=True)
    _write(half_removed, "half")
    recover(out)
    assert not out.exists()
    wait_for_removals()
    assert _siblings(out) == []


def test_an_old_output_beside_a_complete_one_is_removed_not_restored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "current.txt").write_text("current", encoding="utf-8")
    stale = tmp_path / ".out.old-xyz" / "previous"
    stale.mkdir(parents=True)
    (stale / "old.txt").write_text("old", encoding="utf-8")
    recover(out)
    assert sorted(p.name for p in out.iterdir()) == ["current.txt"]
    wait_for_removals()
    assert _siblings(out) == []
