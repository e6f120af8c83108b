"""Snippets: small editor-managed records that pages and the API use."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.icons import general_choices


class ServiceCategory(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    icon = models.CharField(
        max_length=60,
        blank=True,
        choices=general_choices(),
        help_text="Shown on the category's cards; the site falls back to a globe.",
    )
    order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("icon"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "service categories"

    def __str__(self):
        return self.name


class BlogCategory(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "blog categories"

    def __str__(self):
        return self.name


class Testimonial(index.Indexed, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    company = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    rating = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    confirmed = models.BooleanField(
        default=False, help_text="The client confirmed this quote is theirs."
    )
    featured = models.BooleanField(default=False)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("company"),
        FieldPanel("text"),
        FieldPanel("rating"),
        FieldPanel("image"),
        FieldPanel("status"),
        FieldPanel("confirmed"),
        FieldPanel("featured"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("text")]

    class Meta:
        ordering = ["sort_order", "-created_at", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class Faq(Orderable):
    question = models.CharField(max_length=255)
    answer = models.TextField()
    category = models.CharField(max_length=80, blank=True, help_text="e.g. General, Payments")

    panels = [FieldPanel("question"), FieldPanel("answer"), FieldPanel("category")]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.question


class CompanyStat(Orderable):
    class ValueType(models.TextChoices):
        PLAIN = "plain", "Plain"
        COUNT = "count", "Count"
        YEAR = "year", "Year"
        PERCENTAGE = "percentage", "Percentage"
        CURRENCY = "currency", "Currency"
        DECIMAL = "decimal", "Decimal"
        DATE = "date", "Date"

    label = models.CharField(max_length=120)
    value = models.CharField(max_length=60)
    prefix = models.CharField(max_length=10, blank=True)
    suffix = models.CharField(max_length=10, blank=True)
    value_type = models.CharField(max_length=12, choices=ValueType.choices, default="count")
    use_grouping = models.BooleanField(default=True)
    description = models.CharField(max_length=255, blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("value"),
        FieldPanel("prefix"),
        FieldPanel("suffix"),
        FieldPanel("value_type"),
        FieldPanel("use_grouping"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.label
