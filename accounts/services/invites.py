"""Staff invitations: create (or re-send), accept, revoke."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError

from accounts import audit
from accounts.authentication import EnrolmentToken
from accounts.exceptions import ExpiredToken, InvalidToken
from accounts.models import Invitation
from accounts.roles import assign_role
from accounts.services.sessions import session_start
from accounts.services.two_factor import two_factor_required
from accounts.tokens import new_token, token_digest
from core.exceptions import Conflict
from core.mail import send_email_on_commit

User = get_user_model()


def _send_invite_email(invitation: Invitation, token: str) -> None:
    user = invitation.user
    inviter = invitation.invited_by
    send_email_on_commit(
        "accounts_invite",
        invitation.email,
        {
            "first_name": user.first_name,
            "role": invitation.get_role_display(),
            "invited_by": (inviter.get_full_name() if inviter else "") or "The AngiSoft team",
            "accept_url": f"{settings.FRONTEND_URL}/invite/accept?token={token}",
            "expires_at": timezone.localtime(invitation.expires_at).strftime("%d %b %Y, %H:%M %Z"),
        },
    )


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITE_TTL_DAYS)


def invitation_create(
    *,
    email: str,
    role: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    invited_by,
    request=None,
) -> Invitation:
    """Invite someone. A pending invitation for the same email gets a new token (the old
    link stops working); an active account's email is a conflict."""
    email = User.objects.normalize_email(email)
    token = new_token()
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            if user is not None and (user.is_active or user.has_usable_password()):
                raise Conflict("An account with this email already exists.")
            if user is None:
                user = User(email=email, is_active=False, is_staff=True)
                user.set_unusable_password()
            user.first_name, user.last_name = first_name, last_name
            user.phone = phone or ""
            user.save()
            assign_role(user, role)

            invitation = (
                Invitation.objects.select_for_update()
                .filter(user=user, status=Invitation.Status.PENDING)
                .first()
            )
            action = "accounts.invite.resend" if invitation else "accounts.invite.create"
            if invitation is None:
                invitation = Invitation(user=user, send_count=0)
            invitation.email = email
            invitation.role = role
            invitation.invited_by = invited_by
            invitation.token_hash = token_digest(token)
            invitation.expires_at = _expiry()
            invitation.sent_at = timezone.now()
            invitation.send_count += 1
            invitation.save()
            audit.record(
                action,
                instance=invitation,
                actor=invited_by,
                request=request,
                data={"email": email, "role": role},
            )
            _send_invite_email(invitation, token)
    except IntegrityError as exc:  # a concurrent invite for the same new address won
        raise Conflict("This email was invited a moment ago. Please refresh and retry.") from exc
    return invitation


def invitation_resend(*, invitation_id, actor, request=None) -> Invitation:
    """A new link (and expiry) for a pending invitation; the previous link stops working."""
    token = new_token()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("user").filter(pk=invitation_id)
        ).first()
        if invitation is None:
            raise NotFound("We could not find this invitation.")
        if invitation.status != Invitation.Status.PENDING:
            raise Conflict("Only a pending invitation can be re-sent.")
        invitation.token_hash = token_digest(token)
        invitation.expires_at = _expiry()
        invitation.sent_at = timezone.now()
        invitation.send_count += 1
        invitation.invited_by = actor
        invitation.save()
        audit.record(
            "accounts.invite.resend",
            instance=invitation,
            actor=actor,
            request=request,
            data={"email": invitation.email, "role": invitation.role},
        )
        _send_invite_email(invitation, token)
    return invitation


def invitation_revoke(*, invitation_id, actor, request=None) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None:
            raise NotFound("We could not find this invitation.")
        if invitation.status != Invitation.Status.PENDING:
            raise Conflict("Only a pending invitation can be revoked.")
        invitation.status = Invitation.Status.REVOKED
        invitation.revoked_at = timezone.now()
        invitation.token_hash = None
        invitation.save(update_fields=["status", "revoked_at", "token_hash"])
        audit.record(
            "accounts.invite.revoke",
            instance=invitation,
            actor=actor,
            request=request,
            data={"email": invitation.email},
        )
    return invitation


def invitation_accept(
    *, token: str, password: str, first_name: str = "", last_name: str = "", request=None
) -> dict:
    """Activate the invited account with its password; returns the API token pair."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_digest(token), status=Invitation.Status.PENDING)
            .first()
            if token
            else None
        )
        if invitation is None:
            raise InvalidToken(
                "This invitation link is invalid or has already been used. "
                "Ask an administrator for a new invitation."
            )
        if invitation.is_expired:
            raise ExpiredToken(
                "This invitation has expired. Ask an administrator to send a new one."
            )
        user = invitation.user
        if first_name:
            user.first_name = first_name
        if last_name:
            user.last_name = last_name
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationError({"password": list(exc.messages)}) from exc
        user.set_password(password)
        user.is_active = True
        user.save()
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.token_hash = None
        invitation.save(update_fields=["status", "accepted_at", "token_hash"])
        audit.record(
            "accounts.invite.accept",
            instance=invitation,
            actor=user,
            request=request,
            data={"email": invitation.email, "role": invitation.role},
        )
        send_email_on_commit(
            "accounts_invite_accepted",
            user.email,
            {
                "first_name": user.first_name,
                "role": invitation.get_role_display(),
                "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/",
            },
        )
    if two_factor_required(user):  # an admin enrols in two-factor before any session
        return {
            "totp_enrolment_required": True,
            "enrolment_token": str(EnrolmentToken.for_user(user)),
        }
    return session_start(user=user, request=request)
