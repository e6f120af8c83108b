"""--wait-for FILE for the long-running commands ./bin/dev starts beside the bootstrap
(runserver, run_huey): they start up (imports, checks) while the bootstrap fills the
database, and begin to work only once ./bin/dev creates FILE, after the bootstrap."""

import time
from pathlib import Path

HELP = (
    "Start up, then wait until FILE exists before touching the database: ./bin/dev creates "
    "it once the bootstrap is done, so the start-up overlaps the bootstrap and nothing runs "
    "before the site is ready."
)


def add_argument(parser):
    parser.add_argument("--wait-for", metavar="FILE", help=HELP)


def closed(path: str | None) -> bool:
    return bool(path) and not Path(path).exists()


def wait(path: str) -> None:
    try:
        while not Path(path).exists():
            time.sleep(0.05)
    except KeyboardInterrupt:  # Ctrl-C during the bootstrap: nothing to finish, no traceback
        raise SystemExit(130) from None
