"""The install is the locked one: every package of requirements/lock.txt at exactly its version."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


def locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", LOCK.read_text(encoding="utf-8"), flags=re.M)
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    wrong = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"(locked, installed): {wrong}; run bash scripts/setup.sh"


def test_the_lock_covers_every_dependency_of_the_project_and_its_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    names = {re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in wanted}
    assert names <= set(locked()), f"not in the lock (run scripts/lock.sh): {sorted(names - set(locked()))}"


def test_every_pin_carries_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    pins = [b for b in blocks if "==" in b.split("\n", 1)[0]]
    assert pins and all("--hash=sha256:" in b for b in pins)


def test_the_license_is_an_spdx_expression() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)
    assert metadata.metadata("nqgraph")["License-Expression"] == project["license"]
