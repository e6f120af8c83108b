"""runserver (with static files, as django.contrib.staticfiles has it) plus --wait-for
(core.management.gate), so ./bin/dev can start the web server beside the bootstrap."""

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.db.migrations.loader import MigrationLoader

from core.management import gate


class Command(RunserverCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        gate.add_argument(parser)

    def run(self, **options):
        if gate.closed(options.get("wait_for")):
            # Before the autoreloader starts: it would poll every source file each second.
            if not options["skip_checks"]:
                self.stdout.write("Performing system checks...\n\n")
                self.check(display_num_errors=True)  # every check, as runserver runs them
                options = {**options, "skip_checks": True}
            MigrationLoader(None, ignore_no_migrations=True)  # imports every migration
            self.get_handler(**options)  # imports the middleware
            gate.wait(options["wait_for"])
        # The migrations check and serving need the database.
        super().run(**options)
