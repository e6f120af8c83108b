import base64
from urllib.parse import parse_qs, urlparse

import pytest

from accounts.models import BackupCode, TOTPDevice
from tests.accounts.conftest import totp_now
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def enrol(client):
    setup = client.post("/api/auth/2fa/setup")
    assert setup.status_code == 200, setup.json()
    body = setup.json()
    confirm = client.post("/api/auth/2fa/confirm", {"code": totp_now(body["secret"])})
    assert confirm.status_code == 200, confirm.json()
    return body["secret"], confirm.json()


def login(api_client, user, **extra):
    return api_client.post(
        "/api/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD, **extra}
    )


def test_enrolment_gives_an_otpauth_url_a_qr_code_and_backup_codes(staff, bearer):
    user = staff("developer", email="dev@angisoft.test")
    client = bearer(user)
    setup = client.post("/api/auth/2fa/setup").json()
    url = urlparse(setup["otpauthUrl"])
    assert url.scheme == "otpauth" and url.netloc == "totp"
    assert parse_qs(url.query)["secret"] == [setup["secret"]]
    assert parse_qs(url.query)["issuer"] == ["AngiSoft"]
    assert "dev%40angisoft.test" in setup["otpauthUrl"]
    assert setup["qrCode"].startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(setup["qrCode"].split(",", 1)[1])

    wrong = client.post("/api/auth/2fa/confirm", {"code": "000000"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "totp_invalid"
    confirm = client.post("/api/auth/2fa/confirm", {"code": totp_now(setup["secret"])})
    assert confirm.status_code == 200
    codes = confirm.json()["backupCodes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    # Stored only as digests.
    stored = set(BackupCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert client.get("/api/auth/me").json()["twoFactorEnabled"] is True
    assert client.post("/api/auth/2fa/setup").status_code == 409


def test_login_needs_the_code_once_enrolled(api_client, staff, bearer):
    user = staff("marketing")
    secret, _ = enrol(bearer(user))
    missing = login(api_client, user)
    assert missing.status_code == 401
    assert missing.json()["code"] == "totp_required"
    wrong = login(api_client, user, totp="123456")
    assert wrong.status_code == 401 and wrong.json()["code"] == "totp_invalid"
    ok = login(api_client, user, totp=totp_now(secret, offset_steps=1))
    assert ok.status_code == 200 and ok.json()["accessToken"]
    # The same code is never accepted twice.
    replay = login(api_client, user, totp=totp_now(secret, offset_steps=1))
    assert replay.status_code == 401
    # Wrong password with a right code is still just "invalid credentials".
    bad = api_client.post(
        "/api/auth/login", {"email": user.email, "password": "nope", "totp": totp_now(secret)}
    )
    assert bad.json()["code"] == "invalid_credentials"


def test_backup_codes_work_once(api_client, staff, bearer):
    user = staff("developer")
    _, confirmed = enrol(bearer(user))
    code = confirmed["backupCodes"][3]
    assert login(api_client, user, totp=code.upper()).status_code == 200
    assert login(api_client, user, totp=code).status_code == 401
    assert BackupCode.objects.filter(user=user, used_at__isnull=False).count() == 1


def test_regenerate_backup_codes_and_disable(api_client, staff, bearer):
    user = staff("developer")
    client = bearer(user)
    secret, confirmed = enrol(client)
    new = client.post("/api/auth/2fa/backup-codes", {"code": confirmed["backupCodes"][0]})
    assert new.status_code == 200
    assert login(api_client, user, totp=confirmed["backupCodes"][1]).status_code == 401
    assert login(api_client, user, totp=new.json()["backupCodes"][0]).status_code == 200

    assert client.post("/api/auth/2fa/disable", {"code": "000000"}).status_code == 400
    # Codes older than the last accepted one are refused (no replay).
    assert client.post("/api/auth/2fa/disable", {"code": totp_now(secret, -1)}).status_code == 400
    disabled = client.post("/api/auth/2fa/disable", {"code": new.json()["backupCodes"][1]})
    assert disabled.status_code == 204
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/api/auth/me").status_code == 401  # sessions ended with the change
    assert login(api_client, user).status_code == 200


def test_required_admin_enrols_with_an_enrolment_token(api_client, staff, settings):
    settings.REQUIRE_ADMIN_2FA = True
    admin = staff("admin")
    first = login(api_client, admin)
    assert first.status_code == 200
    body = first.json()
    assert body["totpEnrolmentRequired"] is True
    assert "accessToken" not in body
    enrolment = body["enrolmentToken"]

    client = api_client.__class__()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {enrolment}")
    # The enrolment token opens nothing but the enrolment endpoints.
    assert client.get("/api/auth/me").status_code == 401
    assert client.get("/api/invites").status_code == 401
    setup = client.post("/api/auth/2fa/setup").json()
    confirmed = client.post("/api/auth/2fa/confirm", {"code": totp_now(setup["secret"])})
    assert confirmed.status_code == 200
    tokens = confirmed.json()
    assert tokens["backupCodes"] and tokens["accessToken"] and tokens["refreshToken"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    assert client.get("/api/invites").status_code == 200
    # And it cannot be switched off while required.
    refused = client.post("/api/auth/2fa/disable", {"code": tokens["backupCodes"][0]})
    assert refused.status_code == 409


def test_developers_are_not_forced_to_enrol(api_client, staff, settings):
    settings.REQUIRE_ADMIN_2FA = True
    assert "accessToken" in login(api_client, staff("developer")).json()


def test_an_invited_admin_enrols_before_getting_a_session(
    api_client, staff, settings, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    settings.REQUIRE_ADMIN_2FA = True
    admin = staff("admin")
    admin_client = api_client.__class__()
    admin_client.force_authenticate(admin)
    body = {"email": "boss@example.com", "role": "admin", "firstName": "B", "lastName": "C"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post("/api/invite", body, format="json").status_code == 201
    token = re.search(r"token=([\w-]+)", mail.outbox[0].body).group(1)
    accepted = api_client.post(
        "/api/invite/accept", {"token": token, "password": "Serengeti-Lions-9"}
    )
    assert accepted.status_code == 200
    assert accepted.json()["totpEnrolmentRequired"] is True
    assert "accessToken" not in accepted.json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {accepted.json()['enrolmentToken']}")
    secret = api_client.post("/api/auth/2fa/setup").json()["secret"]
    done = api_client.post("/api/auth/2fa/confirm", {"code": totp_now(secret)})
    assert done.status_code == 200 and done.json()["accessToken"]


def test_a_code_in_other_digits_is_refused(api_client, staff, bearer):
    """ "³" and "٣" count as digits to str.isdigit(); a TOTP code is six ASCII digits."""
    user = staff("marketing")
    secret, _ = enrol(bearer(user))
    code = totp_now(secret, offset_steps=1)
    superscripts = code.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))

    refused = login(api_client, user, totp=superscripts)

    assert refused.status_code == 401 and refused.json()["code"] == "totp_invalid"
    assert login(api_client, user, totp=code).status_code == 200
