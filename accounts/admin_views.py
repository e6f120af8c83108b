"""Wagtail admin views: the two-factor step after the admin login, and staff invitations
(invite form, pending list with resend and revoke)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from rest_framework.exceptions import APIException

from accounts import audit
from accounts.admin_base import action_messages
from accounts.middleware import mark_verified
from accounts.models import Role
from accounts.selectors import invitation_list_pending
from accounts.services import invites
from accounts.services.two_factor import (
    totp_enrol_confirm,
    totp_enrol_start,
    two_factor_enabled,
    two_factor_verify,
)
from core.validators import validate_email_storable

MAX_ADMIN_2FA_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Authentication code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text="The 6-digit code from your authenticator app, or a backup code.",
    )


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def two_factor_verify_view(request):
    user = request.user
    if not two_factor_enabled(user):
        return redirect(_next_url(request))
    failures_key = f"accounts:admin-2fa-failures:{user.pk}"
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor_verify(user=user, code=form.cleaned_data["code"], request=request):
            cache.delete(failures_key)
            mark_verified(request, user)
            audit.record("accounts.admin_login.2fa", instance=user, actor=user, request=request)
            return redirect(_next_url(request))
        audit.record("accounts.admin_login.2fa_failure", instance=user, actor=user, request=request)
        cache.add(failures_key, 0, FAILURE_WINDOW_SECONDS)
        if cache.incr(failures_key) >= MAX_ADMIN_2FA_FAILURES:
            cache.delete(failures_key)
            logout(request)
            messages.error(request, "Too many wrong codes. Please sign in again.")
            return redirect("wagtailadmin_login")
        form.add_error("code", "That code is not valid. Try the current code.")
    return TemplateResponse(
        request,
        "accounts/admin/two_factor_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "page_title": "Two-factor authentication",
            "header_icon": "key",
        },
    )


def two_factor_setup_view(request):
    user = request.user
    if two_factor_enabled(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_enrol_confirm(user=user, code=form.cleaned_data["code"], request=request)
        except APIException:
            form.add_error("code", "That code is not valid. Try the current code.")
        else:
            mark_verified(request, user)
            return TemplateResponse(
                request,
                "accounts/admin/two_factor_backup_codes.html",
                {
                    "codes": codes,
                    "next": _next_url(request),
                    "page_title": "Your backup codes",
                    "header_icon": "key",
                },
            )
    enrolment = totp_enrol_start(user=user, keep_pending=True)
    return TemplateResponse(
        request,
        "accounts/admin/two_factor_setup.html",
        {
            "form": form,
            "enrolment": enrolment,
            "next": _next_url(request),
            "page_title": "Set up two-factor authentication",
            "header_icon": "key",
        },
    )


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    phone = forms.CharField(max_length=32, required=False)

    def clean_email(self):
        # Runs after the field's own checks, so a malformed address gets one error.
        email = self.cleaned_data["email"]
        validate_email_storable(email)
        return email


def _require_invite_perm(request):
    if not request.user.has_perm("accounts.invite_staff"):
        raise PermissionDenied


def invites_index_view(request):
    _require_invite_perm(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invites.invitation_create(
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
                invited_by=request.user,
                request=request,
            )
        except APIException as exc:
            form.add_error("email", str(exc.detail))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts_invites")
    return TemplateResponse(
        request,
        "accounts/admin/invites_index.html",
        {
            "form": form,
            "invitations": invitation_list_pending(),
            "page_title": "Staff invitations",
            "header_icon": "mail",
        },
    )


@require_POST
def invite_resend_view(request, invitation_id):
    _require_invite_perm(request)
    with action_messages(request, errors=(APIException,)):
        invitation = invites.invitation_resend(
            invitation_id=invitation_id, actor=request.user, request=request
        )
        messages.success(request, f"A new invitation link was sent to {invitation.email}.")
    return redirect("accounts_invites")


@require_POST
def invite_revoke_view(request, invitation_id):
    _require_invite_perm(request)
    with action_messages(request, errors=(APIException,)):
        invitation = invites.invitation_revoke(
            invitation_id=invitation_id, actor=request.user, request=request
        )
        messages.success(request, f"The invitation for {invitation.email} was revoked.")
    return redirect("accounts_invites")
