from functools import cached_property

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail import fields


class StreamField(fields.StreamField):
    """Wagtail's StreamField, building its JSONField helper once per field instead of on
    every value read (upstream's `json_field` is a property that constructs a new field
    each call: hundreds per 100-item list). Migrations see the upstream class."""

    @cached_property
    def json_field(self):
        return models.JSONField(encoder=DjangoJSONEncoder)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.StreamField", args, kwargs
