"""Writes for the staff inbox: create (public forms, chatbot hand-off), change status,
assign, reply by email. Each runs in one transaction; emails go through the outbox on
commit, so nothing is sent for an enquiry that was not stored."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record
from core.counters import counter_next
from core.mail import send_email_on_commit
from enquiries import states
from enquiries.exceptions import InvalidTransition
from enquiries.models import Enquiry, EnquiryCounter, EnquiryReply, EnquiryStatus

AUDIT_CREATE = "angisoft.enquiry.create"
AUDIT_TRANSITION = "angisoft.enquiry.transition"
AUDIT_ASSIGN = "angisoft.enquiry.assign"
AUDIT_REPLY = "angisoft.enquiry.reply"

CREATE_FIELDS = {
    "name",
    "email",
    "phone",
    "organisation",
    "enquiry_type",
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
    "channel",
}


def _allocate_reference(year: int) -> str:
    """Next ENQ-<year>-<nnnnn>; the year's counter row stays locked until our transaction
    ends (core.counters)."""
    return f"ENQ-{year}-{counter_next(EnquiryCounter, year=year):05d}"


# The Wagtail admin viewset's URL namespace (enquiries.admin_views.EnquiryViewSet.name).
ADMIN_URL_NAMESPACE = "enquiry_admin"


def admin_url(enquiry: Enquiry) -> str:
    path = reverse(f"{ADMIN_URL_NAMESPACE}:inspect", args=[enquiry.pk])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def _email_context(enquiry: Enquiry) -> dict:
    return {
        "reference": enquiry.public_reference,
        "name": enquiry.name,
        "email": enquiry.email,
        "phone": enquiry.phone,
        "organisation": enquiry.organisation,
        "subject": enquiry.subject,
        "message": enquiry.message,
        "enquiry_type": enquiry.get_enquiry_type_display(),
        "preferred_response": enquiry.get_preferred_response_display(),
        "preferred_contact_time": enquiry.preferred_contact_time,
        "booking_reference": enquiry.booking_reference,
        "nda_requested": enquiry.nda_requested,
        "channel": enquiry.get_channel_display(),
    }


def enquiry_create(*, ip: str | None = None, **fields) -> Enquiry:
    """Store an enquiry with the next reference; acknowledge it to the sender and tell
    the team once the transaction commits."""
    unknown = set(fields) - CREATE_FIELDS
    if unknown:
        raise TypeError(f"unknown enquiry fields: {sorted(unknown)}")
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            public_reference=_allocate_reference(timezone.localdate().year),
            ip_address=ip or None,
            **fields,
        )
        record(AUDIT_CREATE, instance=enquiry, data={"channel": enquiry.channel, "ip": ip})
        context = _email_context(enquiry)
        send_email_on_commit("enquiries_received", enquiry.email, context)
        send_email_on_commit(
            "enquiries_team",
            settings.TEAM_NOTIFICATION_EMAIL,
            {**context, "admin_url": admin_url(enquiry)},
        )
    return enquiry


def _locked(enquiry_id: int) -> Enquiry:
    return Enquiry.objects.select_for_update().get(pk=enquiry_id)


def _move(enquiry: Enquiry, to_status: str, *, actor, request=None, note: str = "") -> None:
    if not states.can_transition(enquiry.status, to_status):
        raise InvalidTransition(
            current=enquiry.status,
            requested=to_status,
            allowed=states.allowed_transitions(enquiry.status),
        )
    previous = enquiry.status
    enquiry.status = to_status
    enquiry.save(update_fields=["status", "updated_at"])
    record(
        AUDIT_TRANSITION,
        instance=enquiry,
        actor=actor,
        request=request,
        data={"from": previous, "to": to_status, "note": note},
    )


def enquiry_transition(*, enquiry_id: int, to_status: str, actor, request=None) -> Enquiry:
    """The one place an enquiry's status changes by hand (replies move it to answered)."""
    if to_status not in EnquiryStatus.values:
        raise ValidationError({"status": [f"“{to_status}” is not a status."]})
    with transaction.atomic():
        enquiry = _locked(enquiry_id)
        _move(enquiry, to_status, actor=actor, request=request)
    return enquiry


def enquiry_assign(*, enquiry_id: int, assigned_to_id, actor, request=None) -> Enquiry:
    assignee = None
    if assigned_to_id:
        assignee = (
            get_user_model()
            .objects.filter(pk=assigned_to_id, is_active=True, is_staff=True)
            .first()
        )
        if assignee is None:
            raise ValidationError({"assigned_to": ["Choose an active staff member."]})
    with transaction.atomic():
        enquiry = _locked(enquiry_id)
        enquiry.assigned_to = assignee
        enquiry.save(update_fields=["assigned_to", "updated_at"])
        record(
            AUDIT_ASSIGN,
            instance=enquiry,
            actor=actor,
            request=request,
            data={"assigned_to": assignee.pk if assignee else None},
        )
    return enquiry


def enquiry_reply(*, enquiry_id: int, subject: str, body: str, actor, request=None):
    """Email the sender, keep the reply with the enquiry, and mark it answered (a closed
    enquiry must be reopened first, so nobody answers a finished thread by accident)."""
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if len(body) < 2:
        errors["body"] = ["Write the reply."]
    if len(body) > 20_000:
        errors["body"] = ["The reply is too long (20,000 characters at most)."]
    if len(subject) > 200:
        errors["subject"] = ["The subject is too long (200 characters at most)."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enquiry = _locked(enquiry_id)
        if enquiry.status == EnquiryStatus.CLOSED:
            raise InvalidTransition(
                current=enquiry.status,
                requested=EnquiryStatus.ANSWERED,
                allowed=states.allowed_transitions(enquiry.status),
            )
        subject = subject or f"Re: {enquiry.subject} [{enquiry.public_reference}]"
        outbox = send_email_on_commit(
            "enquiries_reply",
            enquiry.email,
            {
                "reference": enquiry.public_reference,
                "name": enquiry.name,
                "reply_subject": subject,
                "body": body,
                "original_message": enquiry.message,
                "staff_name": actor.get_full_name() if actor else "",
            },
        )
        reply = EnquiryReply.objects.create(
            enquiry=enquiry, author=actor, subject=subject, body=body, outbox_email=outbox
        )
        record(
            AUDIT_REPLY, instance=enquiry, actor=actor, request=request, data={"reply": reply.pk}
        )
        if enquiry.status != EnquiryStatus.ANSWERED:
            _move(enquiry, EnquiryStatus.ANSWERED, actor=actor, request=request, note="replied")
        else:
            enquiry.save(update_fields=["updated_at"])
    return reply
