"""core.throttling.ScopedThrottle: a sliding-window counter with constant cache work per
request, against the configured cache (Redis when REDIS_URL is set, else local memory)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIRequestFactory

from core.throttling import ScopedThrottle

WINDOW_START = 1_800_000_000.0  # a multiple of 60 and 3600: the start of a window


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(WINDOW_START)
    monkeypatch.setattr(ScopedThrottle, "timer", clock)
    return clock


@pytest.fixture
def rate(settings):
    def set_rate(value):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"probe": value},
        }

    return set_rate


class ProbeThrottle(ScopedThrottle):
    scope = "probe"


def hit(ip="10.9.0.1"):
    """One request through a fresh throttle (DRF makes one per request); -> the throttle
    and whether it allowed the request."""
    request = APIRequestFactory().get("/", REMOTE_ADDR=ip)
    throttle = ProbeThrottle()
    return throttle, throttle.allow_request(request, None)


def test_the_rate_is_enforced_per_client_and_refusals_say_when_to_retry(clock, rate):
    rate("3/min")
    cache.clear()
    assert [hit()[1] for _ in range(3)] == [True, True, True]
    throttle, allowed = hit()
    assert allowed is False
    assert 60 < throttle.wait() <= 120  # the 3 hits must slide partly out of the window
    assert hit(ip="10.9.0.2")[1] is True  # another address has its own budget


def test_refused_requests_do_not_use_up_the_budget(clock, rate):
    rate("2/min")
    cache.clear()
    assert [hit()[1] for _ in range(2)] == [True, True]
    for _ in range(50):  # hammering while refused
        assert hit()[1] is False
    clock.now += 60  # the next window: the previous one (2 hits) still fully overlaps
    assert hit()[1] is False
    clock.now += 30  # half of it has slid out: 2 * 0.5 + 1 <= 2
    assert hit()[1] is True


def test_the_window_slides_instead_of_resetting(clock, rate):
    """A client cannot spend a full budget at the end of one window and another at the
    start of the next, as a fixed window allows."""
    rate("10/min")
    cache.clear()
    clock.now += 59
    assert all(hit()[1] for _ in range(10))
    clock.now += 2  # the next window has begun; ~97% of the previous still counts
    assert hit()[1] is False
    clock.now += 57  # ~3% of it still counts: 0.3 + 1 <= 10
    assert all(hit()[1] for _ in range(9))
    assert hit()[1] is False


def test_retry_after_is_when_a_request_fits_again(clock, rate):
    rate("4/min")
    cache.clear()
    clock.now += 30
    assert all(hit()[1] for _ in range(4))
    throttle, allowed = hit()
    assert allowed is False
    wait = throttle.wait()
    clock.now += wait - 1
    assert hit()[1] is False
    clock.now += 1
    assert hit()[1] is True


def test_the_cache_holds_counters_not_a_history(clock, rate):
    """Constant work per request: one integer per window, whatever the rate (DRF's
    SimpleRateThrottle stores every timestamp of the window in one list)."""
    rate("100000/min")
    cache.clear()
    for _ in range(500):
        throttle, allowed = hit()
        assert allowed
    key = throttle.get_cache_key(APIRequestFactory().get("/", REMOTE_ADDR="10.9.0.1"), None)
    assert cache.get(f"{key}:{int(WINDOW_START // 60)}") == 500
