"""Tracking tokens: the client gets the token once, we keep only its SHA-256 hash."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_tracking_token() -> tuple[str, str]:
    """A fresh (token, hash) pair: the token goes to the client, the hash to the row."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
