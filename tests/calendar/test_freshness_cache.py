"""The feed route's token/version lookups: concurrent requests for an expired entry share one
lookup (issue 14: fifty connections used to queue fifty lookups once a second)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from service.web.feeds import FreshnessCache


class CountingLookup:
    def __init__(self, value: object = "v1", fail: bool = False) -> None:
        self.calls = 0
        self.value = value
        self.fail = fail
        self._lock = threading.Lock()

    def __call__(self) -> object:
        with self._lock:
            self.calls += 1
        time.sleep(0.05)  # long enough for every concurrent request to arrive meanwhile
        if self.fail:
            raise RuntimeError("database is down")
        return self.value


async def _many(cache: FreshnessCache, lookup: CountingLookup, n: int = 20) -> list[object]:
    return await asyncio.gather(*(cache.get("token", "abc", lookup) for _ in range(n)))


def test_concurrent_requests_for_an_expired_entry_share_one_lookup() -> None:
    cache, lookup = FreshnessCache(ttl=60), CountingLookup()
    assert asyncio.run(_many(cache, lookup)) == ["v1"] * 20
    assert lookup.calls == 1


def test_a_fresh_entry_is_not_looked_up_again_and_an_expired_one_is() -> None:
    async def scenario() -> tuple[int, int]:
        cache, lookup = FreshnessCache(ttl=0.2), CountingLookup()
        await cache.get("token", "abc", lookup)
        await cache.get("token", "abc", lookup)
        within_ttl = lookup.calls
        await asyncio.sleep(0.25)
        await cache.get("token", "abc", lookup)
        return within_ttl, lookup.calls

    assert asyncio.run(scenario()) == (1, 2)


def test_ttl_zero_still_shares_a_lookup_in_flight_but_keeps_nothing() -> None:
    async def scenario() -> int:
        cache, lookup = FreshnessCache(ttl=0), CountingLookup()
        await _many(cache, lookup)
        await cache.get("token", "abc", lookup)
        return lookup.calls

    assert asyncio.run(scenario()) == 2


def test_a_failed_lookup_reaches_every_waiter_and_is_not_kept() -> None:
    async def scenario() -> tuple[list[object], int, object]:
        cache, lookup = FreshnessCache(ttl=60), CountingLookup(fail=True)
        results = await asyncio.gather(
            *(cache.get("token", "abc", lookup) for _ in range(5)), return_exceptions=True)
        lookup.fail = False
        again = await cache.get("token", "abc", lookup)
        return results, lookup.calls, again

    results, calls, again = asyncio.run(scenario())
    assert all(isinstance(r, RuntimeError) for r in results)
    assert calls == 2 and again == "v1"


def test_a_request_that_hangs_up_does_not_cancel_the_shared_lookup() -> None:
    async def scenario() -> object:
        cache, lookup = FreshnessCache(ttl=60), CountingLookup()
        first = asyncio.ensure_future(cache.get("token", "abc", lookup))
        await asyncio.sleep(0)
        second = asyncio.ensure_future(cache.get("token", "abc", lookup))
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        return await second

    assert asyncio.run(scenario()) == "v1"
