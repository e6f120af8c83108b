"""URLconf for bench/middleware_bench.py: the project's URLs plus two routes that return
the same constant JSON body, at the same place (before Wagtail's catch-all) so both pay
the same URL resolution. /bench/floor goes through every middleware; /bench/bare is
served by a handler without middleware (bench/middleware_wsgi.py)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

BODY_BYTES = 2048
BODY = ('{"data":"' + "x" * (BODY_BYTES - 11) + '"}').encode()


def constant_json(request):
    return HttpResponse(BODY, content_type="application/json")


urlpatterns = [
    *project_urlpatterns[:-1],
    path("bench/floor", constant_json),
    path("bench/bare", constant_json),
    project_urlpatterns[-1],
]
