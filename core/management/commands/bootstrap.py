"""One process for everything ./bin/dev needs before it serves: migrate, the admin login,
the demo content, then the banner. One Django start-up instead of three."""

import io
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from core.admin_login import ensure_admin_login
from core.banner import render_banner
from core.sqlite_snapshot import load_if_fresh


@contextmanager
def _quiet(enabled: bool):
    """Hold back INFO logging (Wagtail logs every page and search-index task)."""
    if not enabled:
        yield
        return
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)


class Command(BaseCommand):
    requires_system_checks = []  # the web server started next runs them
    help = (
        "Prepare the development site: migrate, ensure the admin login, load the demo "
        "content (only what is missing), then print the banner (or write it to a file)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--banner-file",
            help="Write the banner (it holds the admin password) to this file instead of "
            "printing it; ./bin/dev prints it once the server answers.",
        )
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo content.")
        parser.add_argument(
            "--loaded-file",
            help="Create this file once Django is loaded (its modules compiled): ./bin/dev "
            "then starts the web server and the consumer beside the rest of the bootstrap, "
            "and they read the compiled modules instead of compiling them again.",
        )

    def handle(self, *args, **options):
        if options["loaded_file"]:
            Path(options["loaded_file"]).touch()
        verbosity = options["verbosity"]
        verbose = verbosity > 1
        with _quiet(not verbose):
            # A new SQLite database starts from the snapshot of what migrate builds (the
            # snapshot is used only while every migration file is the one it was made from).
            if load_if_fresh(connection):
                if verbose:
                    self.stdout.write("New SQLite database filled from core/sqlite_snapshot.sql")
            else:
                call_command("migrate", interactive=False, verbosity=verbosity if verbose else 0)
            login = ensure_admin_login()
            if not options["no_demo"]:
                # The CMS's own command: the platform imports no app.
                call_command("load_demo_content", stdout=self.stdout if verbose else io.StringIO())
        banner = render_banner(login)
        path = options["banner_file"]
        if not path:
            self.stdout.write(banner)
            return
        # The banner holds a password: readable by this user only.
        fd = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(banner + "\n")
