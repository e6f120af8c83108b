"""The client's tracking page as the React frontend reads it (FRONTEND.md §6.1): our
statuses and events translated to its lowercase stage keys, action names and event
types. Reads only; the writes behind each action are in bookings.services.client_actions."""

from __future__ import annotations

from bookings import hooks, states
from bookings.models import Booking, BookingEvent, BookingStatus
from core.money import display_amount

S = BookingStatus

# The frontend's stepper keys, in order, and which of our statuses each one shows.
STAGE_ORDER = [
    "request_submitted",
    "requirements_review",
    "scope_and_quotation",
    "awaiting_confirmation",
    "scheduled",
    "in_progress",
    "customer_review",
    "completed",
]
STAGE_OF_STATUS = {
    S.SUBMITTED: "request_submitted",
    S.UNDER_REVIEW: "requirements_review",
    S.ACCEPTED: "scope_and_quotation",  # quoted, waiting for the client's answer
    S.TERMS_ACCEPTED: "awaiting_confirmation",  # waiting for the deposit
    S.DEPOSIT_PAID: "scheduled",
    S.IN_PROGRESS: "in_progress",
    S.DELIVERED: "customer_review",
    S.COMPLETED: "completed",
    S.CANCELLED: "cancelled",
    S.REJECTED: "rejected",
}

# Frontend action name -> the status the client's click moves the booking to (None: no
# status change). The state machine decides which are offered and allowed.
ACCEPT_QUOTATION = "ACCEPT_QUOTATION"
DECLINE_QUOTATION = "DECLINE_QUOTATION"
REQUEST_CHANGES = "REQUEST_CHANGES"
CONFIRM_DELIVERY = "CONFIRM_DELIVERY"
CANCEL_BOOKING = "CANCEL_BOOKING"
ADD_FILE = "ADD_FILE"
ACTION_NAMES = (
    ACCEPT_QUOTATION,
    DECLINE_QUOTATION,
    REQUEST_CHANGES,
    CONFIRM_DELIVERY,
    CANCEL_BOOKING,
    ADD_FILE,
)


def action_target(action: str, status: str) -> str | None:
    """The status an action asks for from `status` (None for actions that change none)."""
    if action == ACCEPT_QUOTATION:
        return S.TERMS_ACCEPTED
    if action in (DECLINE_QUOTATION, CANCEL_BOOKING):
        return S.CANCELLED
    if action == CONFIRM_DELIVERY:
        return S.COMPLETED
    if action == REQUEST_CHANGES:
        # Back to review for a new quotation, or back to work after a delivery.
        return S.IN_PROGRESS if status == S.DELIVERED else S.UNDER_REVIEW
    return None


def available_actions(booking: Booking) -> list[str]:
    status = booking.status
    allowed = set(states.allowed_transitions(status, states.CLIENT))
    actions = []
    if status == S.ACCEPTED and S.TERMS_ACCEPTED in allowed:
        actions += [ACCEPT_QUOTATION, DECLINE_QUOTATION]
    if status in (S.ACCEPTED, S.DELIVERED) and action_target(REQUEST_CHANGES, status) in allowed:
        actions.append(REQUEST_CHANGES)
    if status == S.DELIVERED and S.COMPLETED in allowed:
        actions.append(CONFIRM_DELIVERY)
    if status != S.ACCEPTED and S.CANCELLED in allowed:
        actions.append(CANCEL_BOOKING)  # at ACCEPTED, declining the quotation is the way out
    if status not in states.TERMINAL:
        actions.append(ADD_FILE)
    return actions


def stage_progress(booking: Booking) -> tuple[str, dict]:
    """(currentStage, {order, currentIndex}); a stopped booking shows how far it got."""
    stage = STAGE_OF_STATUS[booking.status]
    if stage in STAGE_ORDER:
        return stage, {"order": STAGE_ORDER, "currentIndex": STAGE_ORDER.index(stage)}
    last = (
        booking.events.filter(type=BookingEvent.Type.STATUS_CHANGED, to_status=booking.status)
        .order_by("-created_at", "-id")
        .first()
    )
    reached = STAGE_OF_STATUS.get(last.from_status) if last else None
    index = STAGE_ORDER.index(reached) if reached in STAGE_ORDER else 0
    return stage, {"order": STAGE_ORDER, "currentIndex": index}


# Never one of the four types the frontend threads (information_requested,
# customer_replied, customer_review_requested, changes_requested): one of those crashes
# the page (FRONTEND.md §6.1).
_EVENT_TYPE_OF_STATUS = {
    S.ACCEPTED: "quotation_sent",
    S.TERMS_ACCEPTED: "quotation_accepted",
    S.DEPOSIT_PAID: "payment_received",
    S.IN_PROGRESS: "work_started",
    S.COMPLETED: "booking_completed",
    S.CANCELLED: "booking_cancelled",
}
_EVENT_TYPE = {
    BookingEvent.Type.SUBMITTED: "booking_submitted",
    BookingEvent.Type.TERMS_ACCEPTED: "quotation_accepted",
    BookingEvent.Type.DEPOSIT_RECEIVED: "payment_received",
    BookingEvent.Type.FILES_ADDED: "file_uploaded",
    BookingEvent.Type.MESSAGE: "message",
    BookingEvent.Type.PAYMENT_REQUESTED: "payment_requested",
}
THREADED_EVENT_TYPES = frozenset(
    {
        "information_requested",
        "customer_replied",
        "customer_review_requested",
        "changes_requested",
    }
)


def event_type(event: BookingEvent) -> str:
    if event.type == BookingEvent.Type.STATUS_CHANGED:
        return _EVENT_TYPE_OF_STATUS.get(event.to_status, "stage_changed")
    return _EVENT_TYPE.get(event.type, "stage_changed")


def event_data(event: BookingEvent) -> dict:
    return {
        "id": str(event.pk),
        "type": event_type(event),
        "title": event.title,
        "description": event.description,
        "actorType": event.actor_type,
        "createdAt": event.created_at.isoformat(),
    }


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def booking_tracking(*, booking: Booking, request=None) -> dict:
    """`data.booking` of the tracking page. Keys with no value are left out rather than
    sent as null (the frontend's defaults apply only to missing keys), except the amounts
    the page documents as nullable."""
    from bookings.selectors import file_download_url

    stage, progress = stage_progress(booking)
    currency = (booking.currency or "").upper() or "KES"
    events = booking.events.filter(visible_to_customer=True).order_by("created_at", "id")
    documents = hooks.client_documents(booking.pk)
    data = {
        "id": str(booking.pk),
        "publicReference": booking.public_reference,
        "title": booking.title,
        "status": booking.status,
        "currentStage": stage,
        "stageProgress": progress,
        "availableActions": available_actions(booking),
        "projectType": booking.project_type,
        "description": booking.description,
        "budgetAmount": _money(booking.budget_amount),
        "quotedAmount": _money(booking.quoted_amount),
        "currency": currency,
        "quotedCurrency": currency,
        "submittedAt": booking.created_at.isoformat(),
        "createdAt": booking.created_at.isoformat(),
        "updatedAt": booking.updated_at.isoformat(),
        "payments": hooks.settled_payments(booking.pk),
        "files": [
            {
                "id": str(item.pk),
                "filename": item.filename,
                "originalName": item.filename,
                "url": file_download_url(item, request=request),
            }
            for item in booking.files.order_by("created_at", "id")
        ]
        # The page renders only `files` as links, so issued invoices, receipts and credit
        # notes are listed there too (same shape); `documents` has their details.
        + [
            {"id": d["id"], "filename": d["filename"], "originalName": d["title"], "url": d["url"]}
            for d in documents
        ],
        "events": [event_data(event) for event in events],
        "messages": [],
    }
    optional = {
        "serviceTitle": booking.service_title,
        "serviceSlug": booking.service_slug,
        "packageTitle": booking.package_title,
        "packageSlug": booking.package_slug,
        "requestType": booking.request_type,
        "depositAmount": _money(booking.deposit_amount),
        "quotedNote": _quoted_note(booking),
        "termsVersion": booking.terms_version,
        "termsAcceptedAt": booking.terms_accepted_at and booking.terms_accepted_at.isoformat(),
        "depositPaidAt": booking.deposit_paid_at and booking.deposit_paid_at.isoformat(),
        "rejectionReason": booking.rejection_reason,
        "documents": documents,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def _quoted_note(booking: Booking) -> str:
    if booking.quoted_amount is None or booking.deposit_amount is None:
        return ""
    currency = (booking.currency or "").upper() or "KES"
    return f"Deposit to start the work: {display_amount(booking.deposit_amount, currency)}."
