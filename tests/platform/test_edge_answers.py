"""Small edges found by attacking a production-like deployment (issue #13, item 10)."""

import logging

import pytest


@pytest.mark.urls("tests.platform.resilience_urls")
@pytest.mark.django_db
def test_the_request_log_records_503_without_a_traceback_while_the_database_is_gone(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get("/api/lost-db")

    assert response.status_code == 503
    [line] = [r for r in caplog.records if r.name == "angisoft.request"]
    assert line.status == 503
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v2/pages/987654/", 404),
        ("/api/v2/pages/?not_a_field=1", 400),
        ("/api/v2/images/987654/", 404),
    ],
)
def test_wagtail_api_v2_errors_use_our_error_shape(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "code"} and body["error"]
    assert "message" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/auth/me", "/api/accounts", "/api/services", "/health"])
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
def test_unknown_methods_answer_405_not_401(client, path, method):
    response = client.generic(method, path)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/services", "/admin/login/", "/health"])
def test_responses_carry_a_permissions_policy(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
