"""config.wsgi imports at start-up what the first requests would: under gunicorn --preload
the master does it once, and no early request (a webhook storm's first deliveries) waits
on an import lock."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_wsgi_application_imports_the_urlconf_and_payment_providers():
    probe = (
        "import json, sys; import config.wsgi; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('config.urls', "
        "'payments.apis', 'payments.gateways.')))))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert {"config.urls", "payments.apis"} <= loaded
    for provider in ("stripe", "mpesa", "paypal"):
        assert f"payments.gateways.{provider}.webhooks" in loaded
