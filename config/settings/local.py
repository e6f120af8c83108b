"""Development: the embedded defaults (SQLite, Huey and the cache in files next to it,
local media, console email). ./bin/dev runs the web server and a Huey consumer."""

from config.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The printed demo admin login works straight away; production requires admin 2FA.
REQUIRE_ADMIN_2FA = env.bool("REQUIRE_ADMIN_2FA", default=False)
