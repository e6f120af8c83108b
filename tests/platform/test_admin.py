import pytest

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_login_page_loads(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_superuser_logs_in_with_email_and_sees_dashboard(client, admin_user):
    response = client.post(
        "/admin/login/",
        {"username": admin_user.email.upper(), "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert b"Dashboard" in dashboard.content


def test_wrong_password_stays_on_login(client, admin_user):
    response = client.post("/admin/login/", {"username": admin_user.email, "password": "nope"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_ensure_admin_prints_login_once(capsys, monkeypatch):
    from django.core.management import call_command

    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("ADMIN_EMAIL", "Boss@AngiSoft.local")
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "boss@angisoft.local" in first
    password = first.split("Password:")[1].strip()
    assert len(password) >= 12
    call_command("ensure_admin")
    assert "password unchanged" in capsys.readouterr().out
    from django.contrib.auth import authenticate

    assert authenticate(email="boss@angisoft.local", password=password).is_superuser
