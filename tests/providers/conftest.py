"""Pytest fixtures shared by the provider tests."""

from __future__ import annotations

import pytest

from tests.providers._replay import FakeTime


@pytest.fixture()
def fake_time() -> FakeTime:
    """A fake monotonic clock whose ``sleep`` advances it and records the duration."""
    return FakeTime()
