"""Production: every secret from the environment, no fallbacks, `check --deploy` clean."""

import os

from django.core.exceptions import ImproperlyConfigured

# REDIS_URL too: the cache and the task queue must be shared by every gunicorn worker and
# the Huey consumer. Without it each worker kept its own cache and served the old hero to
# half the requests long after an edit.
_REQUIRED = ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    _message = "Production settings need these environment variables: " + ", ".join(_missing)
    if "REDIS_URL" in _missing:
        _message += (
            ". REDIS_URL is the cache and task queue shared by every web worker and the "
            "Huey consumer; without it each process would serve its own stale copy of "
            "edited content (see docs/production.md)."
        )
    raise ImproperlyConfigured(_message)

from config.env import env  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import FRONTEND_ORIGINS  # noqa: E402

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=FRONTEND_ORIGINS)

# TLS terminates at the proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^health/ready$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
