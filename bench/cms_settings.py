"""Settings for bench/cms_bench.py: local settings, DEBUG off, the bench URLconf."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.cms_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
