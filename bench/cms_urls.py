"""URLconf for bench/cms_bench.py: the project's URLs plus the framework floor, a bare
Django view returning a constant JSON body of a requested size."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core.exceptions import api_not_found

_BODIES: dict[int, bytes] = {}


def floor(request):
    size = int(request.GET.get("bytes", "1000"))
    body = _BODIES.get(size)
    if body is None:
        filler = "x" * max(0, size - 10)
        body = _BODIES.setdefault(size, ('{"data":"' + filler + '"}').encode())
    return HttpResponse(body, content_type="application/json")


# Under /api/, after the API's routes and before its catch-all: the floor pays the same
# URL resolution and the same middleware (the API skips SITE_MIDDLEWARE) as the API routes.
_catch_all = next(i for i, p in enumerate(project_urlpatterns) if p.callback is api_not_found)
urlpatterns = [
    *project_urlpatterns[:_catch_all],
    path("api/bench/floor", floor),
    *project_urlpatterns[_catch_all:],
]
