"""TOTP two-factor: enrolment, verification (no code accepted twice) and one-time
backup codes."""

import base64
import io
import re

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.exceptions import TotpInvalid
from accounts.models import AuthSession, BackupCode, TOTPDevice
from accounts.services.sessions import sessions_revoke_all
from accounts.tokens import backup_code_digest, new_backup_code, normalise_backup_code
from core.exceptions import Conflict

BACKUP_CODE_COUNT = 10


def two_factor_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def two_factor_required(user) -> bool:
    """Admins (whoever may manage staff) must use two-factor when REQUIRE_ADMIN_2FA is on."""
    if not settings.REQUIRE_ADMIN_2FA:
        return False
    return user.is_superuser or user.has_perm("accounts.invite_staff")


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def totp_enrol_start(*, user, keep_pending: bool = False) -> dict:
    """A fresh secret (replacing any unconfirmed one, unless keep_pending); a confirmed
    device must be disabled first."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.is_confirmed:
            raise Conflict("Two-factor authentication is already on for this account.")
        secret = pyotp.random_base32()
        if device is not None and keep_pending:
            secret = device.secret
        elif device is None:
            device = TOTPDevice.objects.create(user=user, secret=secret)
        else:
            device.secret = secret
            device.last_used_step = 0
            device.save(update_fields=["secret", "last_used_step"])
    url = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=settings.TOTP_ISSUER)
    return {"secret": secret, "otpauth_url": url, "qr_code": _qr_data_uri(url)}


def _accept_totp(device: TOTPDevice, code: str) -> bool:
    """True if `code` is valid now (±1 step) and newer than the last accepted one. The
    caller holds a row lock on the device and saves it."""
    code = "".join((code or "").split())
    if not re.fullmatch(r"[0-9]{6}", code):  # ASCII: isdigit() also accepts "³"
        return False
    totp = pyotp.TOTP(device.secret)
    now_step = totp.timecode(timezone.now())
    for step in (now_step, now_step - 1, now_step + 1):
        if step > device.last_used_step and pyotp.utils.strings_equal(
            totp.generate_otp(step), code
        ):
            device.last_used_step = step
            return True
    return False


def _new_backup_codes(user) -> list[str]:
    BackupCode.objects.filter(user=user).delete()
    codes = [new_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        BackupCode(user=user, code_hash=backup_code_digest(code)) for code in codes
    )
    return codes


def totp_enrol_confirm(*, user, code: str, request=None) -> list[str]:
    """Turn two-factor on with the first valid code; returns the backup codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            raise Conflict("Start two-factor setup first.")
        if device.is_confirmed:
            raise Conflict("Two-factor authentication is already on for this account.")
        if not _accept_totp(device, code):
            raise TotpInvalid()
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at", "last_used_step"])
        codes = _new_backup_codes(user)
        audit.record("accounts.2fa.enable", instance=user, actor=user, request=request)
    return codes


def two_factor_verify(*, user, code: str, request=None) -> str | None:
    """Check a TOTP or backup code for a user with two-factor on. Returns "totp",
    "backup_code" or None. A backup code is consumed."""
    if not code:
        return None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return None
        if _accept_totp(device, code):
            device.save(update_fields=["last_used_step"])
            return "totp"
        if len(normalise_backup_code(code)) == 10:
            backup = (
                BackupCode.objects.select_for_update()
                .filter(user=user, used_at__isnull=True, code_hash=backup_code_digest(code))
                .first()
            )
            if backup is not None:
                backup.used_at = timezone.now()
                backup.save(update_fields=["used_at"])
                audit.record(
                    "accounts.2fa.backup_code_used", instance=user, actor=user, request=request
                )
                return "backup_code"
    return None


def two_factor_disable(*, user, code: str, actor=None, request=None) -> None:
    """Turn two-factor off (after a valid code). Refused while it is required for the user."""
    if two_factor_required(user):
        raise Conflict("Two-factor authentication is required for your account.")
    if two_factor_verify(user=user, code=code, request=request) is None:
        raise TotpInvalid()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        BackupCode.objects.filter(user=user).delete()
        sessions_revoke_all(user=user, reason=AuthSession.RevokeReason.TWO_FACTOR)
        audit.record("accounts.2fa.disable", instance=user, actor=actor or user, request=request)


def backup_codes_regenerate(*, user, code: str, request=None) -> list[str]:
    if two_factor_verify(user=user, code=code, request=request) is None:
        raise TotpInvalid()
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit.record(
            "accounts.2fa.backup_codes_regenerated", instance=user, actor=user, request=request
        )
    return codes


def backup_codes_remaining(user) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()
