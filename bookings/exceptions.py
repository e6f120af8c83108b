"""Domain errors of bookings, rendered by core.exceptions as {"error", "code", ...}."""

from core.exceptions import ApiError, Conflict


class InvalidTransition(Conflict):
    """An illegal status change: 409 naming the moves allowed from the current status."""

    default_code = "invalid_transition"
    default_detail = "This booking cannot move to that status."

    def __init__(self, *, current: str, requested: str, allowed: list[str]):
        allowed_text = ", ".join(allowed) if allowed else "none (the booking is closed)"
        super().__init__(
            f"A booking that is {current} cannot move to {requested}. "
            f"Allowed next steps: {allowed_text}.",
            extra={"allowed": list(allowed), "current": current},
        )


class TermsVersionChanged(Conflict):
    default_code = "terms_changed"
    default_detail = (
        "Our terms have changed since you opened this page. Please reload and read them again."
    )


class UploadRejected(ApiError):
    """A file failed validation: 400 with `fields` naming the file."""

    default_code = "validation_error"


class StorageUnavailable(ApiError):
    status_code = 503
    default_code = "storage_unavailable"
    default_detail = (
        "We could not store your files right now, so nothing was submitted. "
        "Please try again in a few minutes."
    )


class StatusChanged(Conflict):
    """The caller acted on a status the booking no longer has (a concurrent change won)."""

    default_code = "status_changed"

    def __init__(self, *, current: str, expected: str, allowed: list[str]):
        super().__init__(
            f"This booking changed while you were looking at it: it is now {current}, "
            f"not {expected}. Please reload it and try again.",
            extra={"allowed": list(allowed), "current": current},
        )


class TrackingLinkSuperseded(ApiError):
    """A tracking token that a later email replaced (the review issues a new one)."""

    status_code = 404
    default_code = "link_superseded"
    default_detail = (
        "This tracking link has been replaced: we emailed you a newer link for this booking. "
        "Please open the link in our most recent email."
    )


class ActionNotAvailable(Conflict):
    """A tracking-page action the booking's status does not offer."""

    default_code = "action_not_available"


class SpamRejected(ApiError):
    """The booking form's honeypot field was filled in."""

    default_code = "submission_rejected"
    default_detail = "We could not accept this booking. Please try again, or contact us directly."


class FileRejected(Exception):
    """One file failed validation; the message is a sentence for the client."""
