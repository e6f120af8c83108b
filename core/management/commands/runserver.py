"""runserver (with static files, as django.contrib.staticfiles has it) plus --wait-for, so
./bin/dev can start the web server while the bootstrap is still filling the database."""

import time
from pathlib import Path

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.db.migrations.loader import MigrationLoader


class Command(RunserverCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--wait-for",
            metavar="FILE",
            help="Do what needs no database (imports, system checks, the request handler), "
            "then wait until FILE exists before checking migrations and serving: ./bin/dev "
            "creates it once the bootstrap is done, so the start-up overlaps the bootstrap "
            "and nothing is served before the site is ready.",
        )

    def run(self, **options):
        gate = options.get("wait_for")
        if gate and not Path(gate).exists():
            # Before the autoreloader starts: it would poll every source file each second.
            if not options["skip_checks"]:
                self.stdout.write("Performing system checks...\n\n")
                self.check(display_num_errors=True)  # every check, as runserver runs them
                options = {**options, "skip_checks": True}
            MigrationLoader(None, ignore_no_migrations=True)  # imports every migration
            self.get_handler(**options)  # imports the middleware
            while not Path(gate).exists():
                time.sleep(0.05)
        super().run(**options)
