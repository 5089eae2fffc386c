"""The package's layers hold: no module imports a layer above its own (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
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
    "__main__": 7,
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


def module_level_imports(path: Path) -> set[str]:
    """The nqgraph modules that importing ``path`` runs: its top-level imports, not those inside
    functions or under ``if TYPE_CHECKING:``. ``from package import name`` counts as an import of
    ``package.name`` when that is a module, as Python runs it."""
    module = module_name(path)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for _, target in imports_in(ast.unparse(node), module, is_package=is_package):
            found.add(target)
            if isinstance(node, ast.ImportFrom):
                found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``edges`` (module → modules it imports), each as a path back to its start.

    A module's own parent packages are left out: Python imports them first, and they import
    their children by design."""
    graph = {
        m: {t for t in targets if t in edges and t != m and not m.startswith(t + ".")}
        for m, targets in edges.items()
    }
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [iter(sorted(graph[start]))]
        while stack:  # depth-first without recursion
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                found.append([*path[path.index(step) :], step])
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append(iter(sorted(graph[step])))
    return found


def test_no_modules_import_each_other_in_a_circle() -> None:
    edges = {module_name(p): module_level_imports(p) for p in modules()}
    assert circles(edges) == []


def test_the_circle_check_finds_the_old_cli_circle_and_allows_a_package_importing_its_children() -> None:
    old = {"nqgraph.cli": {"nqgraph.cli_synth"}, "nqgraph.cli_synth": {"nqgraph.cli", "nqgraph.text"}}
    assert circles({**old, "nqgraph.text": set()}) == [["nqgraph.cli", "nqgraph.cli_synth", "nqgraph.cli"]]
    package = {"nqgraph.site": {"nqgraph.site.writer"}, "nqgraph.site.writer": {"nqgraph.site"}}
    assert circles(package) == []


ARCHITECTURE = PACKAGE.parents[1] / "docs" / "architecture.md"


def test_the_architecture_page_names_every_folder_and_module_outside_ingest() -> None:
    # `ingest/` is named by its folders only: its modules are still being regrouped.
    page = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w./]+?)/?`", page))
    folders = {p.name for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").is_file()}
    stems = {
        p.stem
        for p in PACKAGE.rglob("*.py")
        if p.stem != "__init__" and "ingest" not in p.relative_to(PACKAGE).parts
    }
    names = {name.rsplit("/", 1)[-1].removesuffix(".py") for name in named}
    hint = "name them in docs/architecture.md, in the rooms table"
    assert sorted(folders - names) == [], hint
    assert sorted(stems - names - {"__main__"}) == [], hint


def test_every_module_over_600_lines_is_accounted_for_in_the_architecture_page() -> None:
    page = ARCHITECTURE.read_text(encoding="utf-8")
    section = page.split("## Modules over 600 lines", 1)[-1]
    large = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 600
    }
    unexplained = sorted(name for name in large if f"`{name}`" not in section)
    assert unexplained == [], "split them, or say in docs/architecture.md why each is one cohesive thing"


def test_every_module_the_architecture_page_names_in_its_rooms_table_exists() -> None:
    page = ARCHITECTURE.read_text(encoding="utf-8")
    table = page.split("## Rooms and layers", 1)[1].split("\n## ", 1)[0]
    named = {name.rsplit("/", 1)[-1].removesuffix(".py") for name in re.findall(r"`([\w./]+?)/?`", table)}
    present = {p.stem for p in PACKAGE.rglob("*.py")} | {p.name for p in PACKAGE.rglob("*") if p.is_dir()}
    present.add("nqgraph")  # the command
    assert sorted(named - present) == []
