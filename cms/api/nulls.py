"""The frontend applies its defaults only to missing keys (FRONTEND.md §1.4.6): responses of
the newer routes leave out keys whose value is null instead of sending null."""

from rest_framework import serializers


def without_nulls(data):
    if isinstance(data, dict):
        return {key: without_nulls(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [without_nulls(item) for item in data]
    return data


class OmitNullSerializer(serializers.Serializer):
    def to_representation(self, instance):
        return without_nulls(super().to_representation(instance))
