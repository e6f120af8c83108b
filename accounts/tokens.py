"""One-time secrets (invite links, password resets, backup codes): random, shown once,
stored only as a digest."""

import hashlib
import secrets

from django.utils.crypto import salted_hmac

_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_token() -> str:
    """A 256-bit URL-safe token."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of a high-entropy token; enough to store it (no salt or stretching needed)."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def new_backup_code() -> str:
    raw = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_backup_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def backup_code_digest(code: str) -> str:
    """Keyed digest (server secret), so a leaked table cannot be brute-forced offline."""
    return salted_hmac("accounts.backup_code", normalise_backup_code(code)).hexdigest()
