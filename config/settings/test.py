"""Tests: fast and isolated. DATABASE_URL / REDIS_URL switch to the real services."""

from config.env import env

from .base import *  # noqa: F403
from .base import HUEY, LOGGING, REDIS_URL, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FRONTEND_URL = "http://frontend.test"
BACKEND_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BACKEND_URL
WAGTAILAPI_BASE_URL = BACKEND_URL
FRONTEND_ORIGINS = [FRONTEND_URL]
CORS_ALLOWED_ORIGINS = FRONTEND_ORIGINS

# Tasks run inline in tests unless a test starts a real consumer itself.
HUEY = {
    **HUEY,
    "immediate": True,
    "huey_class": "huey.MemoryHuey",
    "immediate_use_memory": True,
}
HUEY.pop("connection", None)
# Without Redis each test run gets a private in-memory cache (the conftest clears it
# between tests); tests of cross-process coherence configure a shared cache themselves.
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits stay on (they are tested); generous defaults keep unrelated tests apart.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        scope: env(f"TEST_THROTTLE_{scope.upper()}", default="1000/min")
        for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    },
}
WHITENOISE_AUTOREFRESH = True  # no collected static folder is needed to run tests
LOGGING["root"]["level"] = "WARNING"
LOGGING["loggers"]["huey"]["level"] = "WARNING"

# --- Staff accounts: two-factor for admins is off unless a test switches it on.
REQUIRE_ADMIN_2FA = False

# --- CMS (cms app): read the content version on every request, so a test that clears
# the cache always measures the uncached path.
CMS_API_VERSION_TTL = 0
