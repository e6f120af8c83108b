"""The Wagtail admin's staff inbox: enquiries from every public form in one filtered,
searchable list with CSV export, and an inspect page to change status, assign and reply
by email. Roles (accounts.roles): admins and marketing work the inbox; developers do not
see it (enquiries hold visitors' personal data and are not their job). Every write goes
through enquiries.services, so the audit trail and the emails are always the same."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView

from accounts.admin_base import SERVICE_REFUSALS, WorkflowViewSet, action_messages
from enquiries import states
from enquiries.models import Enquiry, EnquiryStatus
from enquiries.services import enquiries as services

# Spreadsheet apps run a cell that starts with one of these as a formula; visitors
# write these fields, so exported text is defused with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class SafeExportMixin:
    def get_preprocess_function(self, field, value, export_format):
        if export_format == self.FORMAT_CSV:
            return csv_safe
        return super().get_preprocess_function(field, value, export_format)


class EnquiryFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    class Meta:
        model = Enquiry
        fields = ["status", "enquiry_type", "channel", "assigned_to", "created_at"]


class EnquiryIndexView(SafeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assigned_to")


class EnquiryHistoryView(HistoryView):
    """The audit trail of one enquiry, for everyone who may see the inbox (the generic
    view would ask for the edit permission nobody has)."""

    any_permission_required = ["view"]


class EnquiryInspectView(InspectView):
    template_name = "enquiries/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enquiry, user = self.object, self.request.user
        can_change = user.has_perm("enquiries.change_enquiry")
        name = EnquiryViewSet.name
        context.update(
            {
                "enquiry": enquiry,
                "replies": enquiry.replies.select_related("author", "outbox_email"),
                "transitions": [
                    (target, EnquiryStatus(target).label)
                    for target in states.allowed_transitions(enquiry.status)
                ]
                if can_change
                else [],
                "can_assign": can_change,
                "can_reply": user.has_perm("enquiries.reply_enquiry")
                and enquiry.status != EnquiryStatus.CLOSED,
                "staff_users": get_user_model().objects.filter(is_active=True, is_staff=True),
                "default_subject": f"Re: {enquiry.subject} [{enquiry.public_reference}]",
                "transition_url": reverse(f"{name}:transition", args=[enquiry.pk]),
                "assign_url": reverse(f"{name}:assign", args=[enquiry.pk]),
                "reply_url": reverse(f"{name}:reply", args=[enquiry.pk]),
                "history_url": reverse(f"{name}:history", args=[enquiry.pk]),
                "conversation": getattr(enquiry, "conversation", None),
            }
        )
        return context


def _guarded(perm):
    """The enquiry, if the user may see it and holds `perm`; 403 otherwise."""

    def load(request, pk):
        if not (request.user.has_perm("enquiries.view_enquiry") and request.user.has_perm(perm)):
            raise PermissionDenied
        return get_object_or_404(Enquiry, pk=pk)

    return load


def _back(pk):
    return redirect(reverse(f"{EnquiryViewSet.name}:inspect", args=[pk]))


@require_POST
def transition_view(request, pk):
    enquiry = _guarded("enquiries.change_enquiry")(request, pk)
    to_status = request.POST.get("to_status", "")
    with action_messages(request, "The status did not change: ", SERVICE_REFUSALS):
        services.enquiry_transition(
            enquiry_id=enquiry.pk, to_status=to_status, actor=request.user, request=request
        )
        label = EnquiryStatus(to_status).label
        messages.success(request, f"Enquiry {enquiry.public_reference} is now {label}.")
    return _back(enquiry.pk)


@require_POST
def assign_view(request, pk):
    enquiry = _guarded("enquiries.change_enquiry")(request, pk)
    with action_messages(request):
        services.enquiry_assign(
            enquiry_id=enquiry.pk,
            assigned_to_id=request.POST.get("assigned_to") or None,
            actor=request.user,
            request=request,
        )
        messages.success(request, "Assignment saved.")
    return _back(enquiry.pk)


@require_POST
def reply_view(request, pk):
    enquiry = _guarded("enquiries.reply_enquiry")(request, pk)
    with action_messages(request, "The reply was not sent: ", SERVICE_REFUSALS):
        services.enquiry_reply(
            enquiry_id=enquiry.pk,
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            actor=request.user,
            request=request,
        )
        messages.success(request, f"Reply sent to {enquiry.email}.")
    return _back(enquiry.pk)


class EnquiryViewSet(WorkflowViewSet):
    model = Enquiry
    name = services.ADMIN_URL_NAMESPACE
    url_prefix = "enquiries"
    icon = "mail"
    menu_label = "Enquiries"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = EnquiryIndexView
    inspect_view_class = EnquiryInspectView
    history_view_class = EnquiryHistoryView
    list_display = [
        "public_reference",
        "subject",
        "name",
        "email",
        "channel",
        "enquiry_type",
        "status",
        "assigned_to",
        "created_at",
    ]
    list_export = [
        "public_reference",
        "created_at",
        "status",
        "channel",
        "enquiry_type",
        "name",
        "email",
        "phone",
        "organisation",
        "preferred_response",
        "preferred_contact_time",
        "subject",
        "message",
        "booking_reference",
        "service_slug",
        "product_slug",
        "nda_requested",
        "source",
        "source_path",
        "assigned_to",
    ]
    export_filename = "enquiries"
    filterset_class = EnquiryFilterSet
    search_fields = ["public_reference", "subject", "name", "email", "organisation", "message"]
    form_fields = ["assigned_to"]
    action_urls = (
        ("transition", transition_view),
        ("assign", assign_view),
        ("reply", reply_view),
    )
