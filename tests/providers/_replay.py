"""Helpers for provider tests: fixture files and a fake clock that records sleeps."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(*parts: str) -> str:
    """Text of ``tests/providers/fixtures/<parts>``."""
    return FIXTURES.joinpath(*parts).read_text(encoding="utf-8")


def fixture_json(*parts: str) -> Any:
    """Decoded JSON of ``tests/providers/fixtures/<parts>``."""
    return json.loads(fixture_text(*parts))


class FakeTime:
    """A monotonic clock that only moves when ``sleep`` is called; records the sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextlib.contextmanager
def replay_yfinance(monkeypatch: pytest.MonkeyPatch) -> Iterator[responses.RequestsMock]:
    """yfinance on a ``responses``-intercepted session: its own request and parsing code
    runs on recorded payloads. The cookie/crumb handshake is stubbed, the persistent
    time-zone cache is disabled, and yfinance's per-URL page cache is cleared around it."""
    import yfinance.cache as yf_cache
    from yfinance.data import YfData

    data = YfData()
    monkeypatch.setattr(data, "_session", requests.Session())
    monkeypatch.setattr(data, "_cookie_strategy", "basic")
    monkeypatch.setattr(YfData, "_get_cookie_and_crumb", lambda self, timeout=30: (None, "basic"))
    monkeypatch.setattr(yf_cache, "get_tz_cache", lambda: yf_cache._TzCacheDummy())
    YfData.cache_get.cache_clear()
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            yield mock
    finally:
        YfData.cache_get.cache_clear()
