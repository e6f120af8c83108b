"""Pieces shared by the public form endpoints."""

from rest_framework import serializers
from rest_framework.views import APIView

from core.exceptions import _flatten_fields
from enquiries.exceptions import InvalidForm


class PublicApi(APIView):
    """A public JSON endpoint: no authentication (a stale Bearer must not 401), open to
    all, CSRF-exempt (APIView is; without SessionAuthentication nothing re-checks it)."""

    authentication_classes: list = []
    permission_classes: list = []


def validated(serializer_class, data) -> dict:
    """Validate or raise a 400 whose `error` names the first problem (the page shows one
    sentence; `fields` carries them all)."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise InvalidForm(_flatten_fields(serializer.errors))
    return serializer.validated_data


class TrimmedCharField(serializers.CharField):
    """CharField that rejects non-strings (DRF would accept 123 as "123")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MessageSerializer(serializers.Serializer):
    class Meta:
        ref_name = "EnquiriesMessage"

    ok = serializers.BooleanField()
    message = serializers.CharField()
