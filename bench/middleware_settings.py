"""Production settings (config.settings.production) with the bench URLconf."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.middleware_urls"
