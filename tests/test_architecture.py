"""The package's layers hold: no module imports a layer above its own (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nqgraph"

# Lower numbers are lower layers. A module may import its own room and any lower layer; rooms on
# the same floor stay independent of each other.
LAYERS: dict[str, int] = {
    "errors": 0,
    "paths": 0,
    "text": 0,
    "namespaces": 0,
    "runtime": 1,
    "graph": 2,
    "publish": 3,
    "remote": 4,
    "corpora": 4,
    "ingest": 4,
    "pipeline": 5,
    "cli": 6,
}


def room(module: str) -> str | None:
    """The room of ``nqgraph.x.y`` (``x``), or None for the package's own facade."""
    parts = module.split(".")
    if parts[0] != "nqgraph" or len(parts) == 1:
        return None
    return parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """Every nqgraph module that the code of ``module`` imports, at module level or in functions."""
    here = module.split(".")
    package = here if is_package else here[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from nqgraph import graph` imports the room that the alias names.
            if target == "nqgraph":
                found += [(node.lineno, f"nqgraph.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "nqgraph"]


def upward_imports(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """The imports of ``module`` that reach its own layer's siblings or a higher layer."""
    home = room(module)
    if home is None:
        return []  # the facade `nqgraph/__init__.py` re-exports the public API of every layer
    bad = []
    for line, target in imports_in(source, module, is_package=is_package):
        other = room(target)
        if other is not None and other != home and LAYERS[other] >= LAYERS[home]:
            bad.append(f"line {line}: {target} (layer {LAYERS[other]} ≥ {LAYERS[home]})")
    return bad


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_room_of_the_package_has_a_layer() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    rooms |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    missing = sorted(rooms - set(LAYERS))
    assert not missing, f"rooms without a layer (add them here and to docs/architecture.md): {missing}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer_or_a_sibling_room(path: Path) -> None:
    bad = upward_imports(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )
    assert not bad, f"{path.relative_to(PACKAGE)} imports upward: {bad}"


def test_the_check_catches_an_upward_import_and_allows_a_downward_one() -> None:
    probe = "from nqgraph.publish.site import build_site\nfrom . import store\nfrom nqgraph import errors\n"
    bad = upward_imports(probe, "nqgraph.graph.probe")
    assert bad == ["line 1: nqgraph.publish.site (layer 3 ≥ 2)"]
    assert upward_imports("from nqgraph.corpora import synth\n", "nqgraph.remote.push") != []
    assert upward_imports("from nqgraph.graph.store import Store\n", "nqgraph.cli.query") == []
