"""Domain errors of bookings, rendered by config.exceptions as {"error", "code", ...}."""

from config.exceptions import ApiError, Conflict


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
