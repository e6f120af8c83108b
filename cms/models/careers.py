"""Careers: job postings (snippets with drafts, revisions, preview, search) and the culture
and benefits copy of the careers page (/api/careers, /api/site/careers_content).

A posting's status is Wagtail's own publishing plus one switch: a draft is DRAFT, a
published posting is PUBLISHED while it accepts applications and its deadline has not
passed, otherwise CLOSED. Only PUBLISHED postings reach the API."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from cms.fields import StreamField

CURRENCIES = [("KES", "KES"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP")]

# The frontend picks each item's icon by its id (FRONTEND.md §1.5, careers).
CULTURE_VALUE_IDS = [
    ("practical-innovation", "Practical innovation (light bulb)"),
    ("shared-responsibility", "Shared responsibility (people)"),
    ("continuous-growth", "Continuous growth (graduation cap)"),
    ("meaningful-impact", "Meaningful impact (rocket)"),
]
BENEFIT_IDS = [
    ("flexibility", "Flexibility (laptop)"),
    ("learning", "Learning (graduation cap)"),
    ("compensation", "Compensation (money)"),
    ("health", "Health (shield)"),
    ("ownership", "Ownership (briefcase)"),
    ("innovation", "Innovation (light bulb)"),
]


def _string_list(label, help_text=""):
    return StreamField(
        [("item", blocks.CharBlock(max_length=300, label=label))],
        blank=True,
        help_text=help_text,
    )


class JobPosting(
    DraftStateMixin, RevisionMixin, LockableMixin, PreviewableMixin, index.Indexed, models.Model
):
    class EmploymentType(models.TextChoices):
        FULL_TIME = "FULL_TIME", "Full time"
        PART_TIME = "PART_TIME", "Part time"
        CONTRACT = "CONTRACT", "Contract"
        INTERNSHIP = "INTERNSHIP", "Internship"
        ATTACHMENT = "ATTACHMENT", "Attachment"

    class WorkplaceType(models.TextChoices):
        ON_SITE = "ON_SITE", "On site"
        HYBRID = "HYBRID", "Hybrid"
        REMOTE = "REMOTE", "Remote"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        PUBLISHED = "PUBLISHED", "Published (open)"
        CLOSED = "CLOSED", "Closed"

    title = models.CharField(max_length=160, help_text="The role, e.g. Backend Engineer.")
    slug = models.SlugField(max_length=160, unique=True, help_text="Unique, for links.")
    department = models.CharField(
        max_length=80, help_text="Shown as a filter on the careers page, e.g. Engineering."
    )
    location = models.CharField(max_length=120, blank=True, help_text="e.g. Nairobi, Kenya")
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    workplace_type = models.CharField(
        max_length=8, choices=WorkplaceType.choices, default=WorkplaceType.HYBRID
    )
    experience_level = models.CharField(
        max_length=60, blank=True, help_text="e.g. Mid-level (2-4 years)"
    )
    summary = models.TextField(max_length=400, help_text="One or two sentences for the list.")
    description = models.TextField(help_text="The role in a few paragraphs (plain text).")
    responsibilities = _string_list("Responsibility")
    requirements = _string_list("Requirement")
    preferred_qualifications = _string_list("Nice to have")
    technologies = _string_list("Technology", help_text="Tools and languages of the role.")
    salary_min = models.DecimalField(
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Monthly, optional.",
    )
    salary_max = models.DecimalField(
        max_digits=12, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    salary_currency = models.CharField(max_length=3, choices=CURRENCIES, default="KES")
    salary_visible = models.BooleanField(
        default=True, help_text="Show the salary range on the site."
    )
    openings = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    deadline = models.DateField(
        null=True, blank=True, help_text="Last day to apply; the posting closes after it."
    )
    accepting_applications = models.BooleanField(
        default=True, help_text="Untick to close the posting without unpublishing it."
    )
    featured = models.BooleanField(default=False, help_text="Listed first.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("employment_type"), FieldPanel("workplace_type")]),
                FieldPanel("experience_level"),
            ],
            heading="Role",
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("responsibilities"),
        FieldPanel("requirements"),
        FieldPanel("preferred_qualifications"),
        FieldPanel("technologies"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldPanel("salary_currency"),
                FieldPanel("salary_visible"),
            ],
            heading="Salary",
        ),
        MultiFieldPanel(
            [
                FieldPanel("openings"),
                FieldPanel("deadline"),
                FieldPanel("accepting_applications"),
                FieldPanel("featured"),
            ],
            heading="Hiring",
        ),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("department"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-featured", "-first_published_at", "-id"]
        verbose_name = "job posting"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": "The maximum must not be below the minimum."})

    def closes_at(self) -> datetime.datetime | None:
        """The end of the deadline day in the site's time zone."""
        if self.deadline is None:
            return None
        end = datetime.datetime.combine(self.deadline, datetime.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_default_timezone())

    @property
    def status(self) -> str:
        if not self.live:
            return self.Status.DRAFT
        closes = self.closes_at()
        if not self.accepting_applications or (closes and closes < timezone.now()):
            return self.Status.CLOSED
        return self.Status.PUBLISHED

    def get_status_display(self):
        return self.Status(self.status).label

    def get_preview_template(self, request, mode_name):
        return "cms/previews/job_posting.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            "posting": self,
            "lists": [
                ("Responsibilities", self.responsibilities),
                ("Requirements", self.requirements),
                ("Nice to have", self.preferred_qualifications),
                ("Technologies", self.technologies),
            ],
            "frontend_url": settings.FRONTEND_URL + "/careers",
        }


class CultureValueBlock(blocks.StructBlock):
    key = blocks.ChoiceBlock(
        choices=CULTURE_VALUE_IDS, label="Value", help_text="Also picks the icon."
    )
    number = blocks.CharBlock(
        max_length=4, required=False, help_text="Shown beside it, e.g. 01 (default: position)."
    )
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock()

    class Meta:
        icon = "pick"


class BenefitBlock(blocks.StructBlock):
    key = blocks.ChoiceBlock(choices=BENEFIT_IDS, label="Benefit", help_text="Also picks the icon.")
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock()

    class Meta:
        icon = "tick-inverse"


def _unique_keys(stream_value, label):
    keys = [child.value["key"] for child in stream_value]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        return f"Each {label} may appear once; repeated: {', '.join(repeated)}."
    return None


@register_setting(icon="user")
class CareersContentSettings(BaseGenericSetting):
    """The careers page's culture values and benefits (/api/site/careers_content)."""

    api_slug = "careers_content"
    culture_values = StreamField(
        [("value", CultureValueBlock())],
        blank=True,
        max_num=len(CULTURE_VALUE_IDS),
        help_text="The 'how we work' values, in order.",
    )
    benefits = StreamField(
        [("benefit", BenefitBlock())],
        blank=True,
        max_num=len(BENEFIT_IDS),
        help_text="What working here offers, in order.",
    )

    panels = [FieldPanel("culture_values"), FieldPanel("benefits")]

    class Meta:
        verbose_name = "careers page"

    def clean(self):
        super().clean()
        errors = {}
        if message := _unique_keys(self.culture_values, "value"):
            errors["culture_values"] = message
        if message := _unique_keys(self.benefits, "benefit"):
            errors["benefits"] = message
        if errors:
            raise ValidationError(errors)
