"""Security hardening: Argon2 with upgrade on login, security headers (CSP for admin and
docs with hashed inline scripts, deny-all CSP for the API), HTTPS-only cookies in
production."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password

from tests.factories import DEFAULT_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
BASE_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _inline_script_hashes(html: bytes) -> set[str]:
    found = set()
    for body in re.findall(rb"<script(?![^>]*\bsrc=)(?:\s[^>]*)?>(.*?)</script>", html, re.S):
        found.add("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'")
    return found


@pytest.mark.django_db
def test_old_pbkdf2_hash_is_upgraded_to_argon2_on_login(client, settings):
    settings.PASSWORD_HASHERS = BASE_HASHERS
    user = UserFactory(is_superuser=True)
    user.password = make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")

    response = client.post("/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(DEFAULT_PASSWORD)


def test_base_settings_put_argon2_first():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert base.PASSWORD_HASHERS == BASE_HASHERS


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health", "/api/no-such-route", "/metrics"])
def test_api_responses_deny_everything(client, path, settings):
    settings.METRICS_TOKEN = "t"
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]


@pytest.mark.django_db
def test_api_docs_csp_allows_only_its_own_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    hashes = _inline_script_hashes(response.content)
    assert hashes, "the docs page has an inline initialiser"
    assert set(csp["script-src"]) == {"'self'", *hashes}
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]


@pytest.mark.django_db
def test_admin_csp_hashes_every_inline_script(client, admin_user):
    client.force_login(admin_user)
    for path in ["/admin/login/", "/admin/", "/admin/pages/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        csp = _directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in csp["script-src"], path
        assert _inline_script_hashes(response.content) <= set(csp["script-src"]), path
        assert csp["frame-ancestors"] == ["'self'"]  # Wagtail's preview panel frames itself
        assert csp["form-action"] == ["'self'"]
        assert csp["base-uri"] == ["'self'"]


def test_production_cookies_are_https_only_and_hsts_on():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_REFERRER_POLICY, s.PASSWORD_HASHERS[0]]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="api.angisoft.test",
        DATABASE_URL="sqlite:////tmp/angisoft-security-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/15",  # required in production, never contacted here
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        True,
        True,
        True,
        True,
        True,
        "strict-origin-when-cross-origin",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.mark.django_db
def test_production_login_sets_secure_cookies(client, settings):
    """With production's cookie settings, a real admin login answers with Secure cookies."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.PASSWORD_HASHERS = BASE_HASHERS
    user = UserFactory(is_superuser=True)
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD}, secure=True
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
    assert client.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [
        ("get", "/api/blogs?search=%00x", None, None),
        (
            "post",
            "/api/auth/login",
            '{"email": "a\\u0000@b.test", "password": "x"}',
            "application/json",
        ),
        ("post", "/api/auth/login", b'{"email": "\x00"}', "application/json"),
        ("post", "/api/auth/login", "email=a%00&password=x", "application/x-www-form-urlencoded"),
    ],
)
def test_nul_characters_are_rejected_with_400(client, method, path, body, content_type):
    kwargs = {} if body is None else {"data": body, "content_type": content_type}
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


@pytest.mark.django_db
def test_multipart_files_with_nul_bytes_are_not_touched(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.bin", b"\x00\x01\x02", content_type="application/octet-stream")
    response = client.post("/api/auth/login", {"email": "x@y.test", "file": upload})
    assert b"NUL character" not in response.content  # the view decided, not the filter
