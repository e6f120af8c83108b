"""GET /api/careers and GET /api/site/careers_content (FRONTEND.md §4.10)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from cms.api.catalog_selectors import open_job_postings
from cms.api.nulls import OmitNullSerializer, without_nulls
from cms.api.resolver import raw
from cms.api.views import PublicView
from cms.models import CareersContentSettings, JobPosting


def _strings(stream_value) -> list[str]:
    return [item["value"] for item in raw(stream_value) if item.get("value")]


class JobPostingSerializer(OmitNullSerializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    department = serializers.CharField()
    location = serializers.CharField()
    employment_type = serializers.CharField()
    workplace_type = serializers.CharField()
    experience_level = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    responsibilities = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()
    preferred_qualifications = serializers.SerializerMethodField()
    technologies = serializers.SerializerMethodField()
    salary_min = serializers.SerializerMethodField()
    salary_max = serializers.SerializerMethodField()
    salary_currency = serializers.CharField()
    salary_visibility = serializers.BooleanField(source="salary_visible")
    openings = serializers.IntegerField()
    application_deadline = serializers.DateTimeField(source="closes_at", required=False)
    featured = serializers.BooleanField()
    status = serializers.CharField(help_text="Always PUBLISHED: only open postings are listed.")
    is_open = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="first_published_at")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_responsibilities(self, job) -> list[str]:
        return _strings(job.responsibilities)

    def get_requirements(self, job) -> list[str]:
        return _strings(job.requirements)

    def get_preferred_qualifications(self, job) -> list[str]:
        return _strings(job.preferred_qualifications)

    def get_technologies(self, job) -> list[str]:
        return _strings(job.technologies)

    def _salary(self, job, value):
        # A hidden salary is not sent at all, not just flagged.
        return int(value) if value is not None and job.salary_visible else None

    def get_salary_min(self, job) -> int | None:
        return self._salary(job, job.salary_min)

    def get_salary_max(self, job) -> int | None:
        return self._salary(job, job.salary_max)

    def get_is_open(self, job) -> bool:
        return job.status == JobPosting.Status.PUBLISHED


class CareersListView(PublicView):
    @extend_schema(
        operation_id="careers_list",
        description="Open job postings: published, accepting applications, before the deadline.",
        responses=JobPostingSerializer(many=True),
    )
    def get(self, request):
        return Response(JobPostingSerializer(open_job_postings(), many=True).data)


_ITEM = {"id": serializers.CharField(), "title": serializers.CharField()}
CAREERS_CONTENT_SCHEMA = inline_serializer(
    "CareersContent",
    {
        "cultureValues": inline_serializer(
            "CultureValue",
            {**_ITEM, "number": serializers.CharField(), "description": serializers.CharField()},
            many=True,
        ),
        "benefits": inline_serializer(
            "Benefit", {**_ITEM, "description": serializers.CharField()}, many=True
        ),
    },
)


def careers_content(obj: CareersContentSettings) -> dict:
    values = [item["value"] for item in raw(obj.culture_values)]
    benefits = [item["value"] for item in raw(obj.benefits)]
    return {
        "cultureValues": [
            {
                "id": value["key"],
                "number": value.get("number") or f"{position:02d}",
                "title": value["title"],
                "description": value["description"],
            }
            for position, value in enumerate(values, start=1)
        ],
        "benefits": [
            {"id": value["key"], "title": value["title"], "description": value["description"]}
            for value in benefits
        ],
    }


class CareersContentView(PublicView):
    @extend_schema(operation_id="site_careers_content", responses=CAREERS_CONTENT_SCHEMA)
    def get(self, request):
        return Response(without_nulls(careers_content(CareersContentSettings.load())))
