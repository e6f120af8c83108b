"""Huey (djhuey) configuration.

- ``REDIS_URL`` set: Huey on Redis (production; ``core.queue`` adds outage handling).
- no ``REDIS_URL``: Huey on an SQLite file next to the database, so tasks wait for a real
  consumer (``manage.py run_huey``, started by ``./bin/dev``) exactly as in production:
  periodic tasks, retries and schedules all run.
- ``immediate``: tasks run inline in memory. Only when asked for (tests, benches)."""

from pathlib import Path


def beside_database(database: dict, base_dir: Path, suffix: str) -> Path:
    """A path for local state that belongs to one database: ``db.sqlite3`` gets
    ``db<suffix>`` next to it; a PostgreSQL database ``angisoft`` gets
    ``<project>/angisoft<suffix>``. Two databases never share a queue or a cache."""
    name = str(database.get("NAME") or "default")
    if database.get("ENGINE", "").endswith("sqlite3") and name != ":memory:":
        path = Path(name)
        return path.with_name(path.stem + suffix)
    return base_dir / f"{Path(name).name}{suffix}"


def huey_settings(
    *, redis_url: str, immediate: bool, name: str, workers: int, sqlite_path: Path | str
) -> dict:
    settings = {
        "name": name,
        "immediate": immediate,
        "utc": True,
        "results": True,
        "store_none": False,
        "consumer": {
            "workers": workers,
            "worker_type": "thread",
            "periodic": True,
            "check_worker_health": True,
            "health_check_interval": 5,
        },
    }
    if immediate:
        # In-memory storage: tasks run inline, nothing needs a consumer.
        settings["huey_class"] = "huey.MemoryHuey"
        settings["immediate_use_memory"] = True
    elif redis_url:
        settings["huey_class"] = "huey.RedisHuey"
        settings["connection"] = {"url": redis_url}
    else:
        # Server-less and shared between processes: the web server enqueues, the
        # consumer that ./bin/dev starts beside it runs the tasks.
        settings["huey_class"] = "huey.SqliteHuey"
        settings["connection"] = {"filename": str(sqlite_path), "timeout": 20}
    return settings
