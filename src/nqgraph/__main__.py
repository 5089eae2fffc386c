"""The ``nqgraph`` command's entry point (also ``python -m nqgraph``).

Importing the command takes a second or two (rdflib, Oxigraph, the validators). Ctrl-C or SIGTERM
in that time would print a traceback; here they end the command as they do once it runs: exit 130
or 143 with one line and no traceback. Only the standard library and ``runtime.signals`` are
imported before the handlers are in place.
"""

from __future__ import annotations

import sys

from nqgraph.runtime.signals import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, terminable


def main() -> None:
    try:
        with terminable():
            from nqgraph.cli import cli

            cli()  # which ends with SystemExit; the commands map the signals themselves once they run
    except KeyboardInterrupt:
        print("interrupted (Ctrl-C)", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        print("terminated (SIGTERM)", file=sys.stderr)
        sys.exit(EXIT_TERMINATED)


if __name__ == "__main__":
    main()
