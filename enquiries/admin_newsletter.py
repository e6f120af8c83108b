"""Newsletter subscribers in the Wagtail admin: list, filters, search and CSV export.
Subscribers are managed by the double opt-in flow only, never edited by hand."""

from __future__ import annotations

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from enquiries.admin_views import SafeExportMixin
from enquiries.models import NewsletterSubscriber


class SubscriberFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Signed up", widget=DateRangePickerWidget
    )

    class Meta:
        model = NewsletterSubscriber
        fields = ["status", "created_at"]


class SubscriberIndexView(SafeExportMixin, IndexView):
    pass


class NewsletterSubscriberViewSet(ModelViewSet):
    model = NewsletterSubscriber
    name = "newsletter_admin"
    url_prefix = "newsletter/subscribers"
    icon = "group"
    menu_label = "Newsletter"
    menu_order = 265
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_export = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    export_filename = "newsletter-subscribers"
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    search_backend_name = None
    list_per_page = 100
    form_fields = ["status"]  # required by ModelViewSet; no add/edit views are routed

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        hidden = {"add", "edit", "delete", "copy"}
        return [p for p in super().get_urlpatterns() if p.name not in hidden]
