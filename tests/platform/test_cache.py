"""InstrumentedRedisCache: timed operations against a real Redis, and an outage degrades to
an empty cache instead of failing the request."""

import uuid

from prometheus_client import REGISTRY

from core.cache import InstrumentedRedisCache


def _sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def _cache(url):
    return InstrumentedRedisCache(
        url,
        {
            "KEY_PREFIX": f"cache-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    )


def test_operations_are_timed_against_real_redis(redis_url):
    cache = _cache(redis_url)
    before = _sample("angisoft_cache_operation_seconds_count", operation="get")
    assert cache.add("k", 1, 30) is True
    assert cache.add("k", 2, 30) is False
    assert cache.incr("k") == 2
    assert cache.get("k") == 2
    assert cache.get("missing", "dflt") == "dflt"
    cache.delete("k")
    assert _sample("angisoft_cache_operation_seconds_count", operation="get") == before + 2


def test_redis_down_behaves_like_an_empty_cache():
    cache = _cache("redis://127.0.0.1:9/0")  # nothing listens on the discard port
    errors = _sample("angisoft_cache_errors_total", operation="get")
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1, 30) is None
    assert cache.add("k", 1, 30) is True
    assert cache.incr("k", 3) == 3
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    assert _sample("angisoft_cache_errors_total", operation="get") == errors + 1


def test_operations_share_one_redis_client_per_pool_across_threads(redis_url):
    """Django's client builds a redis.Redis per operation; ours builds one per pool, which
    must still serve concurrent threads correctly."""
    from concurrent.futures import ThreadPoolExecutor

    cache = _cache(redis_url)
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first

    def roundtrip(n):
        cache.set(f"k{n}", n, 30)
        return cache.get(f"k{n}")

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(roundtrip, range(64))) == list(range(64))
    assert cache._cache.get_client("c") is first


def test_count_in_window_is_one_round_trip_with_expiry(redis_url):
    """core.throttling's counter: the first hit creates the key with its timeout, later
    hits increment it, and the previous window's count comes back in the same trip."""
    cache = _cache(redis_url)
    cache.set("previous", 4, 60)
    client = cache._cache.get_client("current", write=True)
    calls = []
    original = client.pipeline

    def pipeline(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    client.pipeline = pipeline
    try:
        assert cache.count_in_window("current", "previous", 60) == (1, 4)
        assert cache.count_in_window("current", "previous", 60) == (2, 4)
    finally:
        del client.pipeline
    assert len(calls) == 2  # one pipeline (one round trip) per hit
    assert cache.get("current") == 2
    assert 0 < client.ttl(cache.make_and_validate_key("current")) <= 60
    assert cache.count_in_window("other", "none", 60) == (1, 0)


def test_count_in_window_during_an_outage_lets_requests_through():
    cache = _cache("redis://127.0.0.1:9/0")
    errors = _sample("angisoft_cache_errors_total", operation="count_in_window")
    assert cache.count_in_window("current", "previous", 60) == (1, 0)
    assert _sample("angisoft_cache_errors_total", operation="count_in_window") == errors + 1
