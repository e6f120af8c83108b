"""Writes to project trackers: opening one when a deposit is paid, and comments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from bookings import states
from bookings.models import Booking
from core.mail import send_email_on_commit
from portal.models import Activity, AuthorType, ClientProject, Comment

MAX_COMMENT_LENGTH = 5000
OPENED_MESSAGE = "Deposit received: your project is open and the team is planning the work."


def project_admin_url(project: ClientProject) -> str:
    path = reverse("client_projects:edit", args=[project.pk])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def client_project_open(*, booking_id) -> ClientProject | None:
    """The booking's tracker, created (with a first activity) if it has none yet and the
    deposit is paid. Idempotent: safe to run twice, or after staff created it by hand."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
        if booking is None or booking.status not in states.PAID_OR_LATER:
            return None
        existing = ClientProject.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                project = ClientProject.objects.create(booking=booking)
        except IntegrityError:  # created in the admin at the same moment
            return ClientProject.objects.get(booking=booking)
        Activity.objects.create(project=project, message=OPENED_MESSAGE)
    return project


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ["Write a comment first."]})
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError({"body": [f"Keep comments under {MAX_COMMENT_LENGTH} characters."]})
    return body


def _email_context(project: ClientProject, comment: Comment) -> dict:
    booking = project.booking
    return {
        "reference": booking.public_reference,
        "project_title": project.display_title,
        "client_name": booking.client.name,
        "body": comment.body,
        "admin_url": project_admin_url(project),
        "portal_url": f"{settings.FRONTEND_URL}/portal/request",
    }


def comment_add_by_client(*, project: ClientProject, body: str) -> Comment:
    """A client's comment; the booking's assignee (or else the team) is emailed."""
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.create(project=project, author_type=AuthorType.CLIENT, body=body)
        assignee = project.booking.assigned_to
        to = assignee.email if assignee and assignee.is_active else settings.TEAM_NOTIFICATION_EMAIL
        send_email_on_commit("portal_comment_team", to, _email_context(project, comment))
    return comment


def comment_add_by_staff(*, project: ClientProject, body: str, author) -> Comment:
    """A staff reply: shown to the client in the portal, and the client is emailed."""
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.create(
            project=project, author_type=AuthorType.STAFF, author=author, body=body
        )
        send_email_on_commit(
            "portal_staff_reply",
            project.booking.client.email,
            _email_context(project, comment),
        )
    return comment
