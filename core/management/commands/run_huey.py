"""Huey's run_huey plus --wait-for (core.management.gate), so ./bin/dev can start the
consumer beside the bootstrap: no task runs before the database is ready."""

from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHueyCommand

from core.management import gate


class Command(RunHueyCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        gate.add_argument(parser)

    def handle(self, *args, **options):
        path = options.pop("wait_for", None)  # every other option goes to the consumer
        if gate.closed(path):
            if not options.get("disable_autoload"):
                autodiscover_modules("tasks")  # the task modules' imports
            gate.wait(path)
        super().handle(*args, **options)
