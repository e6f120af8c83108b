"""What the bookings APIs share: the JSON details field, multipart upload handling and
the output pieces both the staff list and the staff detail use."""

from __future__ import annotations

import json
import math

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from bookings.uploads import FILE_FIELDS, install_upload_limits

VIEW_PERMS = ("bookings.view_booking", "bookings.view_assigned_booking")


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object sent as a real object (JSON body) or as a string (multipart)."""

    default_error_messages = {
        "invalid": "Send details as a JSON object.",
        "too_big": "Details are too long.",
        "unstorable": "Details may not contain null characters, lone surrogates, NaN or "
        "infinite numbers, or nest deeper than 20 levels.",
    }
    max_depth = 20

    def to_internal_value(self, data):
        if isinstance(data, str):
            if len(data) > 20_000:
                self.fail("too_big")
            try:
                data = json.loads(data) if data.strip() else {}
            except (ValueError, RecursionError):  # RecursionError: "[[[[..." 20 kB deep
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        if not self._storable(data, 0):
            self.fail("unstorable")
        if len(json.dumps(data)) > 20_000:
            self.fail("too_big")
        return data

    def _storable(self, value, depth) -> bool:
        """Whether PostgreSQL's jsonb accepts the value: it refuses \\u0000, unpaired
        surrogates and NaN/Infinity (Python's json reads all of them)."""
        if depth > self.max_depth:
            return False
        if isinstance(value, dict):
            return all(
                self._storable(k, depth + 1) and self._storable(v, depth + 1)
                for k, v in value.items()
            )
        if isinstance(value, list):
            return all(self._storable(v, depth + 1) for v in value)
        if isinstance(value, str):
            if "\x00" in value:
                return False
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # an unpaired surrogate
                return False
        if isinstance(value, float):
            return math.isfinite(value)
        return True

    def to_representation(self, value):
        return value


def uploaded_files(request) -> list:
    files = []
    for name in FILE_FIELDS:
        files.extend(request.FILES.getlist(name))
    return files


def fields_without_files(data) -> dict:
    """The form fields as a plain dict (copying a multipart QueryDict would deep-copy the
    uploaded files)."""
    return {key: data.get(key) for key in data if key not in FILE_FIELDS}


class UploadLimitsMixin:
    """Installs the streaming upload limits before DRF parses a multipart body."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            install_upload_limits(request._request)
        super().initial(request, *args, **kwargs)


# --- shared output pieces ----------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingPerson"

    id = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class ClientSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingClient"

    id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    organisation = serializers.CharField()


class EventSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingEvent"

    id = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    actor_type = serializers.CharField()
    created_at = serializers.DateTimeField()


class StaffEventSerializer(EventSerializer):
    class Meta:
        ref_name = "BookingStaffEvent"

    from_status = serializers.CharField()
    to_status = serializers.CharField()
    visible_to_customer = serializers.BooleanField()
    actor = PersonSerializer(allow_null=True)


class NoteSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingNote"

    id = serializers.CharField()
    body = serializers.CharField()
    author = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
