"""The one rate-limit mechanism of the public routes. Each app's throttles.py names its
scopes; the rates are in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

A sliding-window counter (Cloudflare's approximation): one counter per scope, ident and
fixed window; a request is allowed while this window's count plus the previous window's,
weighted by how much of it still overlaps the sliding window, stays within the rate. The
cache work per request is constant (on Redis one round trip), where DRF's
SimpleRateThrottle reads and rewrites a list of every timestamp in the window: 600 floats
per request at 600/min."""

import hashlib
from contextlib import suppress

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def count_hit(cache, key: str, previous_key: str, timeout: int) -> tuple[int, int]:
    """Count one request on `key` (kept `timeout` seconds) and read `previous_key`;
    -> (count on key, count on previous_key)."""
    if hasattr(cache, "count_in_window"):  # core.cache's Redis: one round trip
        return cache.count_in_window(key, previous_key, timeout)
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            count = 1
    return count, cache.get(previous_key, 0)


class ScopedThrottle(SimpleRateThrottle):
    """Counts requests per `ident_for(request)` (the client IP unless overridden); a
    request without one (None) is not counted, nor is a refused one."""

    def get_rate(self):
        # Read at request time so rates follow settings overrides (tests, env changes).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def ident_for(self, request) -> str | None:
        return self.get_ident(request)

    def get_cache_key(self, request, view):
        ident = self.ident_for(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        window, offset = divmod(self.timer(), self.duration)
        current_key = f"{key}:{int(window)}"
        count, previous = count_hit(
            self.cache, current_key, f"{key}:{int(window) - 1}", 2 * self.duration
        )
        overlap = 1 - offset / self.duration  # of the previous window, still in the slide
        if previous * overlap + count <= self.num_requests:
            return True
        with suppress(ValueError):  # (expired meanwhile)
            self.cache.decr(current_key)  # a refused request does not use up the budget
        self.retry_after = self._seconds_until_allowed(count - 1, previous, offset)
        return False

    def _seconds_until_allowed(self, count: int, previous: int, offset: float) -> float:
        """When one more request fits: later in this window as the previous one slides
        out, or in the next window as this one does."""
        rate, duration = self.num_requests, self.duration
        if count < rate:  # previous > 0 here, or the request would have been allowed
            at = (1 - (rate - count - 1) / previous) * duration
            return max(at - offset, 1.0)
        next_window_at = (1 - (rate - 1) / count) * duration if count else 0
        return max(duration - offset + next_window_at, 1.0)

    def wait(self):
        return getattr(self, "retry_after", None)


class EmailThrottle(ScopedThrottle):
    """Counts per email address in the body, from anywhere: nobody can flood a mailbox
    or try one account's password from many addresses."""

    def ident_for(self, request):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()
