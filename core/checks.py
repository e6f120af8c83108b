"""System checks for the middleware split (core.middleware.SiteMiddleware)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CSRF = "django.middleware.csrf.CsrfViewMiddleware"
SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"


@register(Tags.security, deploy=True)
def csrf_runs_wherever_sessions_do(app_configs, **kwargs):
    """Django's security.W003 (silenced) looks for CsrfViewMiddleware in MIDDLEWARE only.
    Here it runs in SITE_MIDDLEWARE beside the sessions it protects; a request that has a
    session but no CSRF check would accept forged cross-site posts."""
    if CSRF in settings.MIDDLEWARE:
        return []
    if CSRF in settings.SITE_MIDDLEWARE and SESSIONS not in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            "CsrfViewMiddleware does not run wherever sessions do: add it to MIDDLEWARE, "
            "or to SITE_MIDDLEWARE when SessionMiddleware is there.",
            id="core.W003",
        )
    ]
