"""Huey (djhuey) configuration: Redis when REDIS_URL is set, otherwise in-process."""


def huey_settings(*, redis_url: str, immediate: bool, name: str, workers: int) -> dict:
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
        # In-memory storage: tasks run inline, nothing needs Redis.
        settings["huey_class"] = "huey.MemoryHuey"
        settings["immediate_use_memory"] = True
    else:
        settings["huey_class"] = "huey.RedisHuey"
        settings["connection"] = {"url": redis_url}
    return settings
