"""One reader for every setting that comes from the environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; real deployments set the environment.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")
