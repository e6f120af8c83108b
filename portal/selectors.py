"""Every read of the portal: the session behind a bearer token, a client's own bookings
and projects, and the projects a staff member may manage."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from rest_framework.exceptions import NotFound

from accounts.tokens import token_digest
from bookings.models import Booking
from bookings.selectors import bookings_visible_to
from core.request import parse_id
from portal.models import ClientProject, Comment, PortalSession

PROJECT_NOT_FOUND = "We could not find that project."


def portal_session_for_token(token: str) -> PortalSession | None:
    """The open session this token belongs to, or None (unknown, expired or revoked)."""
    if not token:
        return None
    return (
        PortalSession.objects.select_related("client")
        .filter(
            token_hash=token_digest(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def portal_bookings(*, client_id) -> QuerySet[Booking]:
    """The client's own bookings, newest first, with their trackers."""
    return (
        Booking.objects.filter(client_id=client_id)
        .select_related("client_project")
        .order_by("-created_at", "-id")
    )


def portal_project_get(*, client_id, project_id) -> ClientProject:
    """One of the client's own projects; any other id is simply not found."""
    pk = parse_id(project_id)
    project = (
        ClientProject.objects.select_related("booking", "booking__client")
        .prefetch_related(
            "milestones",
            "deliverables",
            "activities",
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
        )
        .filter(pk=pk, booking__client_id=client_id)
        .first()
        if pk is not None
        else None
    )
    if project is None:
        raise NotFound(PROJECT_NOT_FOUND)
    return project


def client_projects_visible_to(user) -> QuerySet[ClientProject]:
    """Staff see the trackers of the bookings they may see (developers: assigned ones)."""
    visible = bookings_visible_to(user).values("pk")
    return ClientProject.objects.select_related(
        "booking", "booking__client", "booking__assigned_to"
    ).filter(booking__in=visible)
