"""Public staff profiles: what the site shows about a staff member. Contact details of the
account (email, phone) are never part of it."""

from django.conf import settings
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from cms.fields import StreamField
from cms.links import SafeURLField


class StaffProfile(index.Indexed, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    username = models.SlugField(max_length=80, unique=True, help_text="Used in /staff/<username>.")
    public_title = models.CharField(max_length=120, blank=True, help_text="e.g. Lead Engineer")
    department = models.CharField(
        max_length=80,
        blank=True,
        help_text="The team this person is listed under on /staff, e.g. Engineering.",
    )
    bio = models.TextField(blank=True)
    avatar = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.CharField(max_length=120, blank=True)
    linkedin_url = SafeURLField(blank=True)
    github_url = SafeURLField(blank=True)
    twitter_url = SafeURLField(blank=True)
    website_url = SafeURLField(blank=True)
    skills = StreamField([("skill", blocks.CharBlock(max_length=60))], blank=True)
    is_public = models.BooleanField(
        default=False, help_text="Show this profile on the public team pages."
    )
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("user"),
        FieldPanel("username"),
        FieldPanel("public_title"),
        FieldPanel("department"),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        FieldPanel("location"),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("github_url"),
                FieldPanel("twitter_url"),
                FieldPanel("website_url"),
            ],
            heading="Links",
        ),
        FieldPanel("skills"),
        FieldPanel("is_public"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("username"), index.SearchField("public_title")]

    class Meta:
        ordering = ["sort_order", "username"]

    def __str__(self):
        return f"{self.username} ({self.user})"
