"""Input checks shared by the API serializers and the admin forms."""

import idna  # IDNA 2008, the encoder django-anymail uses
from django.core.exceptions import ValidationError
from rest_framework import serializers

MAX_EMAIL_LENGTH = 254  # RFC 5321, and every email column


def validate_email_storable(value: str) -> None:
    """For an address that already passed Django's EmailValidator: it still fits the
    column once lower-cased (the form it is stored in: "İ" lower-cases to two characters),
    and its domain has an ASCII form that both Django (IDNA 2003) and anymail (IDNA 2008)
    can produce, within DNS limits, so mail to it cannot fail on encoding."""
    if len(value.lower()) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            f"Ensure this email address has no more than {MAX_EMAIL_LENGTH} characters.",
            code="max_length",
        )
    local, _, domain = value.rpartition("@")
    if domain.isascii():
        return  # the EmailValidator already limited ASCII labels to 63 characters
    try:
        encoded = [domain.encode("idna").decode("ascii"), idna.encode(domain, uts46=True)]
    except UnicodeError:  # idna.IDNAError is one too
        raise ValidationError("Enter a valid email address.", code="invalid") from None
    if any(len(form) > 253 or len(local) + 1 + len(form) > MAX_EMAIL_LENGTH for form in encoded):
        raise ValidationError("Enter a valid email address.", code="invalid")


class EmailAddressField(serializers.EmailField):
    """An email address the app can store (lower-cased) and send mail to."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_EMAIL_LENGTH)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if value:  # only once the syntax checks passed, so errors are not repeated
            try:
                validate_email_storable(value)
            except ValidationError as exc:
                raise serializers.ValidationError(exc.messages, code=exc.code) from None
        return value
