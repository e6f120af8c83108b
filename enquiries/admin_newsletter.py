"""Newsletter subscribers in the Wagtail admin (list, filters, search, CSV export; managed
by the double opt-in flow only, never edited by hand) and newsletter issues (drafts edited
here, then sent to confirmed subscribers through the outbox)."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.admin_base import WorkflowViewSet, action_messages
from enquiries.admin_views import SafeExportMixin
from enquiries.models import NewsletterIssue, NewsletterSubscriber, SubscriberStatus
from enquiries.services.newsletter_issues import newsletter_issue_send


class SubscriberFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Signed up", widget=DateRangePickerWidget
    )

    class Meta:
        model = NewsletterSubscriber
        fields = ["status", "created_at"]


class SubscriberIndexView(SafeExportMixin, IndexView):
    pass


class NewsletterSubscriberViewSet(WorkflowViewSet):
    model = NewsletterSubscriber
    name = "newsletter_admin"
    url_prefix = "newsletter/subscribers"
    icon = "group"
    menu_label = "Newsletter"
    menu_order = 265
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_export = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    export_filename = "newsletter-subscribers"
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    list_per_page = 100
    form_fields = ["status"]


class IssueEditView(EditView):
    """Only drafts can be edited: what was sent stays what was sent."""

    def get_object(self, queryset=None):
        issue = super().get_object(queryset)
        if issue.status != NewsletterIssue.Status.DRAFT:
            raise PermissionDenied
        return issue


class IssueInspectView(InspectView):
    template_name = "enquiries/admin/issue_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        context.update(
            {
                "issue": issue,
                "confirmed_count": NewsletterSubscriber.objects.filter(
                    status=SubscriberStatus.CONFIRMED
                ).count(),
                "can_send": self.request.user.has_perm("enquiries.send_newsletterissue")
                and issue.status != NewsletterIssue.Status.SENT,
                "send_url": reverse(f"{NewsletterIssueViewSet.name}:send", args=[issue.pk]),
            }
        )
        return context


@require_POST
def send_issue_view(request, pk):
    if not request.user.has_perm("enquiries.send_newsletterissue"):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    with action_messages(request):
        newsletter_issue_send(issue_id=issue.pk, actor=request.user, request=request)
        messages.success(request, f"“{issue.subject}” is being sent to confirmed subscribers.")
    return redirect(reverse(f"{NewsletterIssueViewSet.name}:inspect", args=[issue.pk]))


class NewsletterIssueViewSet(ModelViewSet):
    model = NewsletterIssue
    name = "newsletter_issue_admin"
    url_prefix = "newsletter/issues"
    icon = "mail"
    menu_label = "Newsletter issues"
    menu_order = 266
    add_to_admin_menu = True
    edit_view_class = IssueEditView
    inspect_view_class = IssueInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["subject", "status", "recipients_queued", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    search_backend_name = None
    form_fields = ["subject", "body"]

    def get_urlpatterns(self):
        return [
            *[p for p in super().get_urlpatterns() if p.name != "copy"],
            path("send/<int:pk>/", send_issue_view, name="send"),
        ]
