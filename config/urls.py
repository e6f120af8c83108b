from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.assets import brand_asset
from core import exceptions, health, metrics

urlpatterns = [
    path("health", health.live, name="health"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("api/", include("config.api")),
    # Unknown /api/ paths answer in the API's error shape instead of reaching Wagtail.
    re_path(r"^api/", exceptions.api_not_found),
    # The deposit payment page clients open from an emailed link (server-rendered).
    path("pay/", include("payments.pay_page.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Brand images the frontend loads from fixed paths (cms.models.assets).
    path("uploads/public/images/<path:path>", brand_asset, name="brand-asset"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only; private booking files have no URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include(wagtail_urls)),
]

handler400 = "core.exceptions.handler400"
handler403 = "core.exceptions.handler403"
handler404 = "core.exceptions.handler404"
handler500 = "core.exceptions.handler500"
