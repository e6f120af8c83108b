"""Content routes, included under /api/ (no trailing slash, as the frontend's contract names them),
and Wagtail's API v2 under /api/v2/."""

from django.urls import include, path

from cms.api import views
from cms.api.cache import cached_api
from cms.api.v2 import api_router


def cached(view_class):
    return cached_api(view_class.as_view())


urlpatterns = [
    path("", include("cms.urls_catalog")),
    path("services", cached(views.ServiceListView), name="cms-services"),
    path("services/<str:key>", cached(views.ServiceDetailView), name="cms-service"),
    path("projects", cached(views.ProjectListView), name="cms-projects"),
    path("projects/<str:key>", cached(views.ProjectDetailView), name="cms-project"),
    path("blogs", cached(views.BlogListView), name="cms-blogs"),
    path("blogs/<str:key>", cached(views.BlogDetailView), name="cms-blog"),
    path("testimonials", cached(views.TestimonialListView), name="cms-testimonials"),
    path("faqs", cached(views.FaqListView), name="cms-faqs"),
    path("staff", cached(views.StaffListView), name="cms-staff"),
    path("staff/<slug:username>", cached(views.StaffDetailView), name="cms-staff-member"),
    path("site/all", cached(views.SiteAllView), name="cms-site-all"),
    path("site/<slug:slug>", cached(views.SiteGroupView), name="cms-site-group"),
    path("company-stats", cached(views.CompanyStatListView), name="cms-company-stats"),
    path("about-sections", cached(views.AboutSectionListView), name="cms-about-sections"),
    path("uploads", cached(views.UploadListView), name="cms-uploads"),
    path("preview", views.PreviewView.as_view(), name="cms-preview"),
    path("v2/", api_router.urls),
]
