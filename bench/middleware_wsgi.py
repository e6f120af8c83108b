"""WSGI entry point for bench/middleware_bench.py: one gunicorn process model serving
/api/bench/bare through Django's handler with no middleware and everything else through the
project's handler with the full middleware stack."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.middleware_settings")

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

BARE_PATH = "/api/bench/bare"


class BareHandler(WSGIHandler):
    """Django's WSGI handler (request, URL resolution, response) with no middleware."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


full = get_wsgi_application()
bare = BareHandler()


def application(environ, start_response):
    handler = bare if environ.get("PATH_INFO") == BARE_PATH else full
    return handler(environ, start_response)
