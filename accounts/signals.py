"""Audit of Wagtail admin sign-ins. Django's login view offers no other extension point
than its auth signals, so these receivers only write the audit entry; API sign-ins are
audited by accounts.services.login."""

from django.urls import reverse

from accounts import audit


def _is_admin_login(request) -> bool:
    return request is not None and request.path == reverse("wagtailadmin_login")


def audit_admin_login(sender, request, user, **kwargs):
    if _is_admin_login(request):
        audit.record(
            "accounts.login.success",
            instance=user,
            actor=user,
            request=request,
            data={"method": "password", "channel": "admin"},
        )


def audit_admin_login_failed(sender, credentials, request=None, **kwargs):
    if _is_admin_login(request):
        from accounts.services.login import login_failed

        email = credentials.get("username") or credentials.get("email") or ""
        login_failed(
            email=str(email), reason="invalid_credentials", request=request, channel="admin"
        )
