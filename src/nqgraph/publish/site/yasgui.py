"""YASGUI, the SPARQL editor linked-data users know, vendored into the built site.

``scripts/setup-yasgui.sh`` installs the npm package ``@zazuko/yasgui`` (pinned) into
``.tools/yasgui/``; the build copies its two files, and the script that opens the saved queries as
tabs, into ``site/static/yasgui/``. The page never loads anything from elsewhere: no CDN, and the
autocompleters that would ask Linked Open Vocabularies are left out (prefixes come from YASGUI's
own list). Without the files the page keeps the plain editor and the build says so once.
``NQGRAPH_YASGUI`` names another folder holding ``yasgui.min.js`` and ``yasgui.min.css``.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from nqgraph.paths import project_root

FILES = ("yasgui.min.js", "yasgui.min.css")
SETUP = "yasgui-tabs.js"  # ours, in nqgraph/publish/static
FOLDER = "static/yasgui"  # in the site
INSTALLED = Path(".tools") / "yasgui" / "node_modules" / "@zazuko" / "yasgui" / "build"


def source() -> Path | None:
    """The folder holding YASGUI's files, or None when it is not installed."""
    env = os.environ.get("NQGRAPH_YASGUI")
    folder = Path(env) if env else project_root() / INSTALLED
    return folder if all((folder / name).is_file() for name in FILES) else None


def vendor(site_root: Path) -> bool:
    """Copy YASGUI into the site (``static/yasgui/``); False, said once on stderr, when it is missing."""
    found = source()
    if found is None:
        sys.stderr.write(
            "nqgraph build: YASGUI is not installed (bash scripts/setup-yasgui.sh); "
            "sparql.html has the plain query editor\n"
        )
        return False
    target = site_root / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        (target / name).write_bytes((found / name).read_bytes())
    ours = resources.files("nqgraph.publish") / "static" / SETUP
    (target / SETUP).write_bytes(ours.read_bytes())
    return True
