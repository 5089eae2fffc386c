"""The ``nqgraph`` command handles Ctrl-C and SIGTERM from its first moment: during its own imports
too, it exits 130 or 143 with one line and no traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT

# Runs the entry point with the import of pyoxigraph (one of the command's heavy imports) held
# until a signal arrives, so that the signal lands in the middle of the command's imports.
HELD_IMPORT = """
import sys, time
class Hold:
    def find_spec(self, name, path=None, target=None):
        if name == "pyoxigraph":
            print("importing", flush=True)
            time.sleep(60)
        return None
sys.meta_path.insert(0, Hold())
sys.argv = ["nqgraph", "--help"]
from nqgraph.__main__ import main
main()
"""

# Runs the entry point with click's reading of the arguments held until a signal arrives.
HELD_PARSING = """
import sys, time
def hold(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "parse_args" and "click" in frame.f_code.co_filename:
        sys.setprofile(None)
        print("parsing", flush=True)
        time.sleep(60)
sys.argv = ["nqgraph", "queries"]
from nqgraph.__main__ import main
sys.setprofile(hold)
main()
"""


def test_the_command_is_the_light_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["nqgraph"] == "nqgraph.__main__:main"


def test_importing_the_package_loads_no_engine() -> None:
    heavy = "{'rdflib', 'pyoxigraph', 'click'}"
    probe = f"import sys, nqgraph, nqgraph.__main__; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
@pytest.mark.parametrize(("program", "moment"), [(HELD_IMPORT, "importing"), (HELD_PARSING, "parsing")])
def test_a_signal_during_the_commands_imports_or_its_reading_of_the_arguments_exits_with_its_code(
    signum: int, code: int, word: str, program: str, moment: str
) -> None:
    command = subprocess.Popen(
        [sys.executable, "-c", program],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert command.stdout is not None
        assert command.stdout.readline() == f"{moment}\n"
        command.send_signal(signum)
        _, err = command.communicate(timeout=30)
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
    assert command.returncode == code, err
    assert "Traceback" not in err
    assert word in err


def test_the_entry_point_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nqgraph", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "build" in done.stdout


def test_every_command_maps_ctrl_c_and_sigterm_to_their_exit_codes() -> None:
    import click

    from nqgraph.cli import cli
    from nqgraph.cli.common import reports_errors

    def leaves(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
        found: dict[str, click.Command] = {}
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found |= leaves(command, f"{prefix}{name} ")
            else:
                found[prefix + name] = command
        return found

    # `reports_errors` turns KeyboardInterrupt into exit 130 and SIGTERM into 143 (never 1).
    wrapper = reports_errors(lambda: None).__code__
    unwrapped = sorted(
        name
        for name, command in leaves(cli).items()
        if getattr(command.callback, "__code__", None) is not wrapper
    )
    assert unwrapped == []
