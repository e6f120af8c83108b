"""Choice lists shared by pages, settings and blocks. Callables so a block's choices are
read when a form is built, not frozen into migrations (which name them by this module's
path). A leaf module: cms.models imports it, so it looks its own models up by name."""

from django.apps import apps

CURRENCIES = [("KES", "KES"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP")]

PRICING_TYPES = [
    ("fixed", "Fixed price"),
    ("starting_from", "Starting from"),
    ("hourly", "Hourly"),
    ("custom_quote", "Custom quote"),
]


def currency_choices():
    return CURRENCIES


def pricing_type_choices():
    return PRICING_TYPES


def project_type_choices():
    """The values POST /api/bookings accepts as projectType."""
    from bookings.models import ProjectType

    return list(ProjectType.choices)


def service_slug_choices():
    """Live services: a package that names another slug could not be booked."""
    service_page = apps.get_model("cms", "ServicePage")
    return [
        (slug, f"{title} ({slug})")
        for slug, title in service_page.objects.live()
        .order_by("title")
        .values_list("slug", "title")
    ]
