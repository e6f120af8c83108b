"""Typed API errors of the accounts app (rendered by core.exceptions)."""

from rest_framework import status

from core.exceptions import ApiError


class InvalidCredentials(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"
    default_detail = "The email or password is incorrect."


class TotpRequired(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "totp_required"
    default_detail = "Enter the 6-digit code from your authenticator app."


class TotpInvalid(ApiError):
    """A wrong code on an endpoint the user is already signed in to (400)."""

    default_code = "totp_invalid"
    default_detail = "That authentication code is not valid. Try the current code."


class TotpInvalidLogin(TotpInvalid):
    """A wrong code at sign-in (401, like wrong credentials)."""

    status_code = status.HTTP_401_UNAUTHORIZED


class SessionInvalid(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "session_invalid"
    default_detail = "Your session has expired. Please sign in again."


class InvalidToken(ApiError):
    default_code = "invalid_token"
    default_detail = "This link is invalid or has already been used."


class ExpiredToken(ApiError):
    default_code = "token_expired"
    default_detail = "This link has expired."
