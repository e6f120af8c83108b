from django.core.management.base import BaseCommand

from cms import demo


class Command(BaseCommand):
    help = "Build (or refresh) the demo AngiSoft site: pages, images, snippets, settings."

    def handle(self, *args, **options):
        demo.load(stdout=self.stdout)
