"""Every provider call, retries included, must end well inside gunicorn's worker timeout,
so a hung provider gives our 502 instead of gunicorn killing the worker."""

import runpy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_timeout_is_set_explicitly_and_matches_the_settings(settings):
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert conf["timeout"] == settings.WORKER_TIMEOUT_SECONDS
    assert conf["graceful_timeout"] >= conf["timeout"] // 2
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"GUNICORN_TIMEOUT={settings.WORKER_TIMEOUT_SECONDS}" in dockerfile
    assert '"--config", "config/gunicorn.conf.py"' in dockerfile


def test_default_provider_budget_fits_well_inside_the_worker_timeout():
    call_command("check")  # raises SystemCheckError when the budget is too big


def test_a_provider_budget_past_half_the_worker_timeout_fails_the_check(settings):
    settings.PAYMENTS_HTTP_TIMEOUT = 15
    settings.STRIPE_MAX_NETWORK_RETRIES = 2
    settings.WORKER_TIMEOUT_SECONDS = 30
    with pytest.raises(SystemCheckError, match=r"payments\.E001"):
        call_command("check")


def test_compose_trusts_exactly_the_proxy_in_front_of_the_app():
    """With NUM_PROXIES=0 behind a proxy every client shares the proxy's address, so one
    rate-limit bucket: the image runs behind one TLS proxy."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app_env = compose["x-app"]["environment"]
    assert str(app_env["NUM_PROXIES"]) == "${NUM_PROXIES:-1}"
