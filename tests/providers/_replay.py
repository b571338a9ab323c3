"""Helpers for provider tests: fixture files and a fake clock that records sleeps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
