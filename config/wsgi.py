import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What the first requests would import (the URLconf with every view, the payment
# providers' modules), imported now: under gunicorn --preload the master does it once for
# every worker, and no request pays for it or queues behind an import lock.
from django.urls import get_resolver  # noqa: E402 (needs the settings above)

from payments.gateways import preload as preload_payment_providers  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (the property imports the URLconf)
preload_payment_providers()
