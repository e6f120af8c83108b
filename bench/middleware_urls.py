"""URLconf for bench/middleware_bench.py: the project's URLs plus two routes that return
the same constant JSON body, both where the content API's routes are (inside /api/, just
before cms.urls), so both pay the URL resolution a content route pays. /api/bench/floor
goes through the project's MIDDLEWARE, as every API request does; /api/bench/bare is
served by a handler without middleware (bench/middleware_wsgi.py)."""

from django.http import HttpResponse
from django.urls import include, path

from config import api
from config.urls import urlpatterns as project_urlpatterns

BODY_BYTES = 2048
BODY = ('{"data":"' + "x" * (BODY_BYTES - 11) + '"}').encode()


def constant_json(request):
    return HttpResponse(BODY, content_type="application/json")


def _with_content_routes(patterns, routes):
    """The API's patterns with `routes` inserted just before the content routes."""
    cms = next(
        i
        for i, p in enumerate(patterns)
        if getattr(getattr(p, "urlconf_name", None), "__name__", None) == "cms.urls"
    )
    return [*patterns[:cms], *routes, *patterns[cms:]]


_api = next(i for i, p in enumerate(project_urlpatterns) if str(p.pattern) == "api/")
urlpatterns = [
    *project_urlpatterns[:_api],
    path(
        "api/",
        include(
            _with_content_routes(
                api.urlpatterns,
                [path("bench/floor", constant_json), path("bench/bare", constant_json)],
            )
        ),
    ),
    *project_urlpatterns[_api + 1 :],
]
