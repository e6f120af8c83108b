"""GET /api/site/home-content: the solution pages' copy (FRONTEND.md §4.11)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from cms.api.nulls import without_nulls
from cms.api.resolver import raw
from cms.api.views import PublicView
from cms.models import HomeContentSettings

HOME_CONTENT_SCHEMA = inline_serializer(
    "HomeContent",
    {
        "solutions": inline_serializer(
            "Solution",
            {
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "headline": serializers.CharField(),
                "description": serializers.CharField(),
                "features": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        )
    },
)


def _list_values(items) -> list:
    # ListBlock stores [{"type": "item", "value": …}] (older data: bare values).
    return [item["value"] if isinstance(item, dict) else item for item in items or []]


def home_content(obj: HomeContentSettings) -> dict:
    solutions = []
    for item in raw(obj.solutions):
        value = item["value"]
        solutions.append(
            {
                "slug": value["slug"],
                "name": value["name"],
                "headline": value["headline"],
                "description": value["description"],
                "features": [f for f in _list_values(value.get("features")) if f],
            }
        )
    return {"solutions": solutions}


class HomeContentView(PublicView):
    @extend_schema(operation_id="site_home_content", responses=HOME_CONTENT_SCHEMA)
    def get(self, request):
        return Response(without_nulls(home_content(HomeContentSettings.load())))
