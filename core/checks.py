"""System checks for the middleware the project uses in place of Django's (Django's own
checks look for its middleware by name, so they would pass without checking anything)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.checks.security import base as django_security

CSRF = "django.middleware.csrf.CsrfViewMiddleware"
SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
SECURITY_HEADERS = "core.security.SecurityHeadersMiddleware"


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


@register(Tags.security, deploy=True)
def security_headers_settings(app_configs, **kwargs):
    """Django's deploy checks of the settings its SecurityMiddleware and
    XFrameOptionsMiddleware read (same messages and ids), for SecurityHeadersMiddleware,
    which reads them in their place. Its absence is security.W001 and W002 (silenced)."""
    if SECURITY_HEADERS not in settings.MIDDLEWARE:
        return [
            Warning(
                f"{SECURITY_HEADERS} is not in MIDDLEWARE: no HTTPS redirect, HSTS, "
                "X-Frame-Options or Content-Security-Policy.",
                id="core.W001",
            )
        ]
    found = []
    if not settings.SECURE_HSTS_SECONDS:
        found.append(django_security.W004)
    else:
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is not True:
            found.append(django_security.W005)
        if settings.SECURE_HSTS_PRELOAD is not True:
            found.append(django_security.W021)
    if settings.SECURE_CONTENT_TYPE_NOSNIFF is not True:
        found.append(django_security.W006)
    if settings.SECURE_SSL_REDIRECT is not True:
        found.append(django_security.W008)
    if settings.X_FRAME_OPTIONS != "DENY":
        found.append(django_security.W019)
    referrer = settings.SECURE_REFERRER_POLICY
    if referrer is None:
        found.append(django_security.W022)
    else:
        values = (
            {v.strip() for v in referrer.split(",")} if isinstance(referrer, str) else set(referrer)
        )
        if not values <= django_security.REFERRER_POLICY_VALUES:
            found.append(django_security.E023)
    opener = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if opener is not None and opener not in django_security.CROSS_ORIGIN_OPENER_POLICY_VALUES:
        found.append(django_security.E024)
    return found
