"""Helpers for the central-bank provider tests: HTTP client, and the CSV path to compare with."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pandas as pd

from bubblelink.providers.base import SeriesBatch
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.providers.http import HttpClient, RetryPolicy
from tests.providers._replay import FakeTime

#: Metadata the CSV path and a live fetch of the same series must agree on.
SHARED_METADATA = (
    "title",
    "publisher",
    "publisher_key",
    "economy",
    "currency",
    "scale",
    "seasonal_adjustment",
    "observation",
    "publication_lag_days",
    "vintage_rule",
)


def client(name: str, fake_time: FakeTime, retries: int = 4) -> HttpClient:
    """An HttpClient that never really sleeps."""
    return HttpClient(
        name,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(3),
        retry=RetryPolicy(max_retries=retries),
    )


@functools.lru_cache(maxsize=2)
def _world_batches(world_dir: str) -> dict[str, SeriesBatch]:
    result = CsvProvider().fetch_paths([Path(world_dir)])
    return {b.meta.id: b for b in result.batches}


def csv_batch(shared_data_dir: Path, series_id: str) -> SeriesBatch:
    """What `bubblelink ingest csv <shared>/world` makes of ``series_id`` (before the store)."""
    return _world_batches(str(shared_data_dir / "world"))[series_id]


def assert_same_as_csv(live: SeriesBatch, csv: SeriesBatch, min_overlap: int) -> pd.DataFrame:
    """Values, dates, vintages, unit and catalog metadata equal over the common dates."""
    left = live.data[["date", "value", "vintage"]]
    right = csv.data[["date", "value", "vintage"]].copy()
    right["date"] = pd.to_datetime(right["date"]).astype("datetime64[ns]")
    right["value"] = right["value"].astype(float)
    both = left.merge(right, on="date", suffixes=("_live", "_csv"), validate="one_to_one")
    assert len(both) >= min_overlap
    assert (both["value_live"] == both["value_csv"]).all(), both
    assert (both["vintage_live"] == pd.to_datetime(both["vintage_csv"], utc=True)).all()
    assert live.meta.unit == csv.meta.unit
    assert live.meta.kind == csv.meta.kind
    assert live.meta.calendar == csv.meta.calendar
    assert live.meta.frequency == csv.meta.frequency
    for key in SHARED_METADATA:
        assert live.meta.metadata[key] == csv.meta.metadata[key], key
    return both
