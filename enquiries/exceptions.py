"""Domain errors of enquiries, rendered by core.exceptions as {"error", "code", ...}."""

import re

from djangorestframework_camel_case.util import camelize_re, underscore_to_camel

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
    "preferred_response_method": "Preferred response method",
    "enquiry_type": "Enquiry type",
    "booking_reference": "Booking reference",
    "preferred_contact_time": "Preferred contact time",
    "preferred_communication": "Preferred communication",
    "nda_requested": "NDA requested",
    "form_started_at": "Form start time",
    "source_path": "Source path",
    "service_slug": "Service",
    "product_slug": "Product",
    "nonFieldErrors": "Form",  # as core.exceptions names them
}


def _label(name: str) -> str:
    # Unlabelled fields read as the camelCase name the page sends ("Visitor email" would
    # change the message the frontend shows).
    camel = re.sub(camelize_re, underscore_to_camel, name)
    return _LABELS.get(name, camel[:1].upper() + camel[1:])
