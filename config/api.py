"""Every /api/ route, in one place. Each app owns its own urls module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("accounts.urls")),
    path("", include("bookings.urls")),
    path("", include("payments.urls")),
    path("", include("invoicing.urls")),
    path("", include("portal.urls")),
    path("", include("cms.urls")),
    path("", include("enquiries.urls")),
]
