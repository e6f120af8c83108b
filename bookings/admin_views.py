"""The Wagtail admin's Bookings section: a filtered, searchable list and an inspect page
with files (signed links), timeline, notes and the review / transition / assignment
actions. Everything a role may not do is both hidden and refused; every write goes
through bookings.services, so the audit trail and emails match the API."""

from __future__ import annotations

import json
import re

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.exceptions import NotFound
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView

from accounts.admin_base import (
    SERVICE_REFUSALS,
    ReadOnlyPolicy,
    WorkflowViewSet,
    action_messages,
)
from bookings import selectors, states
from bookings.addresses import ADMIN_URL_NAMESPACE, tracking_url
from bookings.admin_forms import BookingAcceptForm, BookingRejectForm, form_errors_text
from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.services.messages import booking_staff_message
from bookings.services.review import (
    booking_assign,
    booking_note_add,
    booking_review,
    client_set_tax_pin,
)
from bookings.services.transitions import booking_transition

VIEW_PERMS = ("bookings.view_booking", "bookings.view_assigned_booking")
# Moves made by the review form rather than by a plain transition button.
REVIEW_TARGETS = {BookingStatus.ACCEPTED, BookingStatus.REJECTED}
# Buttons say what they do, not the status they lead to.
TRANSITION_VERBS = {
    BookingStatus.UNDER_REVIEW: "Start review",
    BookingStatus.IN_PROGRESS: "Start work",
    BookingStatus.DELIVERED: "Mark as delivered",
    BookingStatus.COMPLETED: "Mark as completed",
    BookingStatus.CANCELLED: "Cancel booking",
}


class BookingPermissionPolicy(ReadOnlyPolicy):
    """`view` also covers staff who may only see bookings assigned to them; there is no
    generic add/edit/delete form (bookings come from the public form and change only
    through the workflow actions below)."""

    def user_has_permission(self, user, action):
        if not (user and user.is_active):
            return False
        if action == "view":
            return any(user.has_perm(perm) for perm in VIEW_PERMS)
        return super().user_has_permission(user, action)


def _visible_booking(request, pk) -> Booking:
    try:
        return selectors.booking_get_for_staff(booking_id=pk, user=request.user)
    except NotFound as exc:
        raise Http404 from exc


class BookingFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Submitted", widget=DateRangePickerWidget
    )

    class Meta:
        model = Booking
        fields = ["status", "assigned_to", "project_type", "created_at"]


class BookingIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.bookings_visible_to(self.request.user)


class BookingHistoryView(HistoryView):
    """The audit trail of one booking: open to everyone who may see that booking."""

    any_permission_required = ["view"]

    def get_base_object_queryset(self):
        return selectors.bookings_visible_to(self.request.user)


class BookingInspectView(InspectView):
    template_name = "bookings/admin/inspect.html"

    def get_object(self, queryset=None):
        return _visible_booking(self.request, self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking, user = self.object, self.request.user
        can_review = user.has_perm("bookings.review_booking")
        reviewable = [
            target
            for target in states.allowed_transitions(booking.status, "staff")
            if target in REVIEW_TARGETS
        ]
        can_transition = user.has_perm("bookings.transition_booking")
        transitions = [
            (target, TRANSITION_VERBS.get(target, f"Move to {BookingStatus(target).label}"))
            for target in states.allowed_transitions(booking.status, "staff")
            if target not in REVIEW_TARGETS
        ]
        files = [
            {
                "file": item,
                "url": selectors.file_download_url(item, request=self.request),
                "thumbnail_url": (
                    selectors.file_download_url(item, request=self.request, thumbnail=True)
                    if item.thumbnail_key
                    else None
                ),
            }
            for item in booking.files.all()
        ]
        context.update(
            {
                "booking": booking,
                "files": files,
                "detail_rows": detail_rows(booking.details),
                "accept_form": BookingAcceptForm(booking=booking),
                "reject_form": BookingRejectForm(),
                "events": booking.events.select_related("actor"),
                "notes": booking.notes.select_related("author"),
                "show_review": can_review and bool(reviewable),
                "transitions": transitions if can_transition else [],
                "can_assign": user.has_perm("bookings.change_booking"),
                "staff_users": get_user_model().objects.filter(is_active=True, is_staff=True),
                "review_url": reverse(f"{BookingViewSet.name}:review", args=[booking.pk]),
                "transition_url": reverse(f"{BookingViewSet.name}:transition", args=[booking.pk]),
                "note_url": reverse(f"{BookingViewSet.name}:note", args=[booking.pk]),
                "message_url": reverse(f"{BookingViewSet.name}:message", args=[booking.pk]),
                "client_messages": booking.events.filter(type=BookingEvent.Type.MESSAGE)
                .select_related("actor")
                .order_by("created_at", "id"),
                "assign_url": reverse(f"{BookingViewSet.name}:assign", args=[booking.pk]),
                "tax_pin_url": reverse(f"{BookingViewSet.name}:tax_pin", args=[booking.pk]),
                "tracking_url": tracking_url(booking),
            }
        )
        return context


def _detail_value(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "—"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(_detail_value(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def detail_rows(details) -> list[tuple[str, str]]:
    """The form's free-form answers as (label, text) rows: "targetAudience" reads
    "Target audience"; nested objects stay JSON but indented."""
    if not isinstance(details, dict):
        return [("Details", _detail_value(details))] if details else []
    rows = []
    for key, value in details.items():
        label = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_-]+", " ", str(key)).strip()
        rows.append((label[:1].upper() + label[1:].lower(), _detail_value(value)))
    return rows


def _back(booking_pk):
    return redirect(reverse(f"{BookingViewSet.name}:inspect", args=[booking_pk]))


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


@require_POST
def review_view(request, pk):
    _require(request, "bookings.review_booking")
    booking = _visible_booking(request, pk)
    action = request.POST.get("action", "")
    if action == "accept":
        form = BookingAcceptForm(request.POST, booking=booking)
    else:
        form = BookingRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The booking was not reviewed: {form_errors_text(form)}")
        return _back(booking.pk)
    data = form.cleaned_data
    assignee = data.get("assigned_to")
    with action_messages(request, "The booking was not reviewed: ", SERVICE_REFUSALS):
        booking_review(
            booking_id=booking.pk,
            action=action,
            actor=request.user,
            quoted_amount=data.get("quoted_amount"),
            deposit_amount=data.get("deposit_amount"),
            currency=data.get("currency"),
            assigned_to_id=assignee.pk if assignee else None,
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            request=request,
        )
        verb = "accepted" if action == "accept" else "rejected"
        messages.success(
            request, f"Booking {booking.public_reference} {verb}; the client was emailed."
        )
    return _back(booking.pk)


@require_POST
def transition_view(request, pk):
    _require(request, "bookings.transition_booking")
    booking = _visible_booking(request, pk)
    to_status = request.POST.get("to_status", "")
    with action_messages(request, "The status did not change: ", SERVICE_REFUSALS):
        if to_status in REVIEW_TARGETS:
            raise ValidationError("Accept or reject a booking through its review.")
        booking_transition(
            booking_id=booking.pk,
            to_status=to_status,
            actor=request.user,
            actor_type="staff",
            note=request.POST.get("note", ""),
            request=request,
            visible_to_customer=request.POST.get("internal") != "on",
            expected_status=request.POST.get("from_status") or None,
        )
        label = BookingStatus(to_status).label
        messages.success(request, f"Booking {booking.public_reference} is now {label}.")
    return _back(booking.pk)


@require_POST
def note_view(request, pk):
    booking = _visible_booking(request, pk)
    with action_messages(request):
        booking_note_add(
            booking_id=booking.pk,
            body=request.POST.get("body", ""),
            author=request.user,
            request=request,
        )
        messages.success(request, "Note added.")
    return _back(booking.pk)


@require_POST
def message_view(request, pk):
    """Answer the client: everyone who may see the booking may write to its client."""
    booking = _visible_booking(request, pk)
    with action_messages(request, "The message was not sent: "):
        booking_staff_message(
            booking_id=booking.pk,
            text=request.POST.get("text", ""),
            actor=request.user,
            request=request,
        )
        messages.success(request, "Message sent; the client was emailed.")
    return _back(booking.pk)


@require_POST
def tax_pin_view(request, pk):
    _require(request, "bookings.change_booking")
    booking = _visible_booking(request, pk)
    with action_messages(request, "The tax PIN was not saved: "):
        client_set_tax_pin(
            booking_id=booking.pk,
            tax_pin=request.POST.get("tax_pin", ""),
            actor=request.user,
            request=request,
        )
        messages.success(request, "Buyer tax PIN saved.")
    return _back(booking.pk)


@require_POST
def assign_view(request, pk):
    _require(request, "bookings.change_booking")
    booking = _visible_booking(request, pk)
    with action_messages(request):
        booking_assign(
            booking_id=booking.pk,
            assigned_to_id=request.POST.get("assigned_to") or None,
            actor=request.user,
            request=request,
        )
        messages.success(request, "Assignment saved.")
    return _back(booking.pk)


class BookingViewSet(WorkflowViewSet):
    model = Booking
    name = ADMIN_URL_NAMESPACE
    url_prefix = "bookings"
    icon = "date"
    menu_label = "Bookings"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    history_view_class = BookingHistoryView
    list_display = ["public_reference", "title", "client", "status", "assigned_to", "created_at"]
    filterset_class = BookingFilterSet
    search_fields = ["public_reference", "title", "client__email", "client__name"]
    form_fields = ["assigned_to"]
    action_urls = (
        ("review", review_view),
        ("transition", transition_view),
        ("note", note_view),
        ("message", message_view),
        ("assign", assign_view),
        ("tax_pin", tax_pin_view),
    )
