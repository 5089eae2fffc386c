"""The install is the locked one: every package of requirements/lock.txt at exactly its version, and
building nqgraph prints no deprecation warning."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


# Offline, with the installed (locked) setuptools, verbose so that the build backend's warnings show.
PIP_WHEEL = ("--no-deps", "--no-build-isolation", "--no-index", "-v")


def build_wheel(source: Path, out: Path) -> str:
    """What building nqgraph's wheel from ``source`` prints, verbosely (setuptools' own warnings)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *PIP_WHEEL, "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def project_copy(folder: Path, pyproject: str) -> Path:
    """The files a build of nqgraph reads, copied (the build writes build/ and egg-info beside them)."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    shutil.copy(ROOT / "README.md", folder / "README.md")
    shutil.copytree(ROOT / "src", folder / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    return folder


def test_building_nqgraph_prints_no_deprecation_warning(tmp_path: Path) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    log = build_wheel(project_copy(tmp_path / "src-copy", pyproject), tmp_path / "wheels")
    assert re.findall(r".*(?:deprecat|BuildBackendWarning|SetuptoolsWarning).*", log, flags=re.I) == []
    # The check can fail: a license written as the old TOML table makes setuptools warn.
    table = re.sub(r'^license = "([^"]+)"$', r'license = {text = "\1"}', pyproject, count=1, flags=re.M)
    assert table != pyproject
    old = build_wheel(project_copy(tmp_path / "old-copy", table), tmp_path / "old-wheels")
    assert "`project.license` as a TOML table is deprecated" in old


def test_every_locked_version_lies_in_the_range_pyproject_gives() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [
        *project["dependencies"],
        *(s for extra in project["optional-dependencies"].values() for s in extra),
    ]
    pins = locked()
    outside = []
    for spec in specs:
        requirement = Requirement(spec)
        version = pins[canonicalize_name(requirement.name)]
        if not requirement.specifier.contains(version, prereleases=True):
            outside.append(f"{requirement} (locked {version})")
    assert outside == [], "run bash scripts/lock.sh and commit requirements/lock.txt"


def test_setup_installs_the_lock_by_hash_and_the_readme_says_how_to_refresh_it() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert re.search(r"pip install .*--require-hashes --no-deps -r requirements/lock\.txt", setup)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "requirements/lock.txt" in readme and "bash scripts/lock.sh" in readme
