"""URLconf for bench/cms_bench.py: the project's URLs plus the framework floor, a bare
Django view returning a constant JSON body of a requested size."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

_BODIES: dict[int, bytes] = {}


def floor(request):
    size = int(request.GET.get("bytes", "1000"))
    body = _BODIES.get(size)
    if body is None:
        filler = "x" * max(0, size - 10)
        body = _BODIES.setdefault(size, ('{"data":"' + filler + '"}').encode())
    return HttpResponse(body, content_type="application/json")


# Before Wagtail's catch-all (the last pattern), after everything else: the floor pays the
# same URL resolution as the API routes do.
urlpatterns = [*project_urlpatterns[:-1], path("bench/floor", floor), project_urlpatterns[-1]]
