"""Admin for job postings and brand assets (imported by cms.wagtail_hooks)."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import BrandAsset, JobPosting


class JobPostingViewSet(SnippetViewSet):
    model = JobPosting
    icon = "user"
    menu_label = "Job postings"
    list_display = [
        "title",
        "department",
        "employment_type",
        Column("status", label="Status", accessor="get_status_display"),
        "deadline",
        "featured",
    ]
    list_filter = ["department", "employment_type", "workplace_type", "live", "featured"]
    search_fields = ["title", "summary", "description"]


class _FileColumn(Column):
    def get_value(self, instance):
        source = instance.document if instance.document_id else instance.image
        return str(source) if source else "— missing: the site shows a broken image —"


class BrandAssetViewSet(SnippetViewSet):
    model = BrandAsset
    icon = "image"
    menu_label = "Brand assets"
    list_display = [
        "path",
        _FileColumn("file", label="Served file"),
        Column("url", label="Address", accessor="url"),
        "updated_at",
    ]
    # Paths like Logos/x-logo.png are one token to full-text search: match substrings.
    search_fields = ["path", "note"]
    search_backend_name = None
    list_per_page = 100


class SiteExtrasViewSetGroup(ViewSetGroup):
    menu_label = "Careers & assets"
    menu_icon = "image"
    menu_order = 260
    items = (JobPostingViewSet, BrandAssetViewSet)


register_snippet(SiteExtrasViewSetGroup)
