"""Site settings that editors change often (hero, navigation, footer, pricing, booking)
publish the way pages do: one row per group, edited as a single-instance snippet. The row
holds the live (published) version; drafts are revisions until Publish copies one into the
row. The public API reads `load_live()`, so a saved draft changes nothing on the site."""

from django.db import models
from django.utils.text import capfirst
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from cms import preview


class PublishedSetting(
    DraftStateMixin, RevisionMixin, LockableMixin, PreviewableMixin, models.Model
):
    class Meta:
        abstract = True

    def __str__(self):
        return capfirst(self._meta.verbose_name)

    @classmethod
    def load(cls):
        """The group's one row, created empty (and live) on first use: what the admin edits
        and loaders fill. Not for public reads (see load_live)."""
        return cls.objects.order_by("pk").first() or cls.objects.create()

    @classmethod
    def load_live(cls):
        """What the public sees: the published version, or the built-in defaults (an unsaved
        empty group) while nothing is published."""
        return cls.objects.filter(live=True).order_by("pk").first() or cls()

    @property
    def preview_modes(self):
        # The frontend has no route for a draft settings group: the server renders it.
        return [(preview.SUMMARY_MODE, "Content summary")]

    def serve_preview(self, request, mode_name):
        return preview.render_summary(self, request)
