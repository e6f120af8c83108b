"""Two-factor on the Wagtail admin: after the password login, staff who use two-factor
(or must, under REQUIRE_ADMIN_2FA) pass a code check before any other admin page."""

from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

SESSION_KEY = "accounts_2fa_verified_user"
_EXEMPT_NAMES = [
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "accounts_2fa_verify",
    "accounts_2fa_setup",
    "wagtailadmin_password_reset",
    "wagtailadmin_javascript_catalog",
]


def mark_verified(request, user) -> None:
    request.session[SESSION_KEY] = user.pk


class AdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def _exempt_paths(self):
        if self._exempt is None:
            paths = []
            for name in _EXEMPT_NAMES:
                try:
                    paths.append(reverse(name))
                except NoReverseMatch:  # not installed: nothing to exempt
                    continue
            self._exempt = tuple(paths)
        return self._exempt

    def __call__(self, request):
        response = self._check(request)
        return response if response is not None else self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        admin_root = reverse("wagtailadmin_home")
        path = request.path_info
        if not path.startswith(admin_root) or path.startswith(self._exempt_paths()):
            return None
        if request.session.get(SESSION_KEY) == user.pk:
            return None
        from accounts.services.two_factor import two_factor_enabled, two_factor_required

        if two_factor_enabled(user):
            target = "accounts_2fa_verify"
        elif two_factor_required(user):
            target = "accounts_2fa_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
