"""Input checks shared by the API serializers and the admin forms."""

import re

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


# A KRA PIN: a letter (A individuals, P companies), nine digits, a check letter.
_KRA_PIN = re.compile(r"[A-Z]\d{9}[A-Z]")


def normalise_kra_pin(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_kra_pin(value: str) -> None:
    if value and not _KRA_PIN.fullmatch(value):
        raise ValidationError(
            "Enter a KRA PIN like A123456789B (a letter, nine digits, a letter).",
            code="invalid_tax_pin",
        )


class KraPinField(serializers.CharField):
    """An optional KRA PIN: spaces and dashes dropped, upper-cased, then checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(max_length=20, **kwargs)

    def to_internal_value(self, data):
        value = normalise_kra_pin(super().to_internal_value(data))
        try:
            validate_kra_pin(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value
