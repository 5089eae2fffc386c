"""The site's templates are compiled once a process, and kept compiled between processes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from nqgraph.publish.site.context import Site
from nqgraph.publish.site.environment import TemplateCache, make_env, shared_env
from nqgraph.publish.site.index import Index


def test_every_site_of_a_process_renders_with_one_environment(tmp_path: Path) -> None:
    first = Site(Index(), root=tmp_path, today=dt.date(2026, 11, 23), sources_root=tmp_path)
    second = Site(Index(), root=tmp_path, today=dt.date(2026, 11, 23), sources_root=tmp_path)
    assert first.env is second.env is shared_env()
    assert shared_env().autoescape is True


def test_a_compiled_template_is_read_back_from_the_cache_folder(tmp_path: Path) -> None:
    env = make_env(bytecode_cache=TemplateCache(str(tmp_path)))
    env.get_template("downloads.html")  # compiles, and writes the cache
    assert list(tmp_path.iterdir())
    again = make_env(bytecode_cache=TemplateCache(str(tmp_path)))
    compiled: list[str] = []
    original = again._compile

    def counting(source: str, filename: str) -> object:
        compiled.append(filename)
        return original(source, filename)

    again._compile = counting  # type: ignore[method-assign]
    again.get_template("downloads.html")
    assert compiled == []  # read from the cache, not compiled again


def test_a_cache_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    env = make_env(bytecode_cache=TemplateCache(str(missing)))
    assert isinstance(env.get_template("downloads.html"), jinja2.Template)


def test_a_damaged_cache_file_only_means_compiling(tmp_path: Path) -> None:
    make_env(bytecode_cache=TemplateCache(str(tmp_path))).get_template("downloads.html")
    for cached in tmp_path.iterdir():
        cached.write_bytes(b"\x00 not bytecode")
    again = make_env(bytecode_cache=TemplateCache(str(tmp_path))).get_template("downloads.html")
    assert isinstance(again, jinja2.Template)
