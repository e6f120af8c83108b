"""Domain errors of enquiries, rendered by core.exceptions as {"error", "code", ...}."""

from core.exceptions import ApiError, Conflict


class SubmissionRejected(ApiError):
    """The honeypot was filled or the form came back faster than a person types."""

    default_code = "submission_rejected"
    default_detail = (
        "We could not accept this message. Please try again, or email or call us directly."
    )


class InvalidForm(ApiError):
    """400 whose `error` names the first problem, so the page's one-line message helps."""

    default_code = "validation_error"

    def __init__(self, fields: dict[str, list[str]]):
        name, messages = next(iter(fields.items()))
        super().__init__(f"{_label(name)}: {messages[0]}", extra={"fields": fields})


class InvalidTransition(Conflict):
    default_code = "invalid_transition"

    def __init__(self, *, current: str, requested: str, allowed: list[str]):
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(
            f"An enquiry that is {current} cannot move to {requested}. "
            f"Allowed next steps: {allowed_text}.",
            extra={"allowed": list(allowed), "current": current},
        )


class BadToken(ApiError):
    default_code = "invalid_token"
    default_detail = "This link is invalid or has expired. Please subscribe again."


_LABELS = {
    "preferredResponseMethod": "Preferred response method",
    "enquiryType": "Enquiry type",
    "bookingReference": "Booking reference",
    "preferredContactTime": "Preferred contact time",
    "preferredCommunication": "Preferred communication",
    "ndaRequested": "NDA requested",
    "formStartedAt": "Form start time",
    "sourcePath": "Source path",
    "serviceSlug": "Service",
    "productSlug": "Product",
    "nonFieldErrors": "Form",
}


def _label(name: str) -> str:
    return _LABELS.get(name, name[:1].upper() + name[1:])
