"""Settings for ops/stack.py: production-like (DEBUG off, Redis queue, PostgreSQL) with
email sent through the anymail Postmark backend to a local fake provider."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "stack-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
ANYMAIL = {
    "POSTMARK_SERVER_TOKEN": "stack-token",
    "POSTMARK_API_URL": env("FAKE_POSTMARK_URL"),
    "REQUESTS_TIMEOUT": (2, 20),
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        scope: "100000/min" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    },
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
