"""FredProvider: fredgraph.csv (no key) and the FRED API JSON (key, vintages)."""

from __future__ import annotations

import copy
import random

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.fred import FRED_API_URL, FRED_CSV_URL, FredProvider
from bubblelink.providers.http import HttpClient
from tests.providers._replay import FakeTime, fixture_json, fixture_text

KEY = "abcdef0123456789abcdef0123456789"


def client(fake_time: FakeTime) -> HttpClient:
    return HttpClient("fred", sleep=fake_time.sleep, clock=fake_time.clock, rng=random.Random(1))


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRED_API_KEY", raising=False)


def utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


@responses.activate
def test_csv_current_header_and_estimated_vintage(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        body=fixture_text("fred", "fredgraph_DFF.csv"),
        match=[matchers.query_param_matcher({"id": "DFF"})],
    )
    result = FredProvider(client=client(fake_time)).fetch(["dff"])
    assert result.failures == {}
    (batch,) = result.batches
    meta = batch.meta
    assert (meta.id, meta.kind, meta.unit, meta.frequency, meta.calendar, meta.source) == (
        "DFF",
        "macro",
        "percent",
        "daily",
        "none",
        "fred",
    )
    assert meta.metadata["vintage_rule"] == "estimated: observation date + 4 days (00:00 UTC)"
    data = batch.data
    assert list(data.columns) == ["date", "field", "value", "vintage"]
    assert len(data) == 8
    assert data["date"].iloc[0] == pd.Timestamp("2026-01-01")
    assert str(data["date"].dtype) == "datetime64[ns]"
    assert (data["value"] == 3.64).all()
    assert set(data["field"]) == {"value"}
    assert data["vintage"].iloc[0] == utc("2026-01-05")
    assert str(data["vintage"].dtype) == "datetime64[ns, UTC]"
    assert batch.warnings == []


@responses.activate
def test_csv_empty_value_dropped_and_counted(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        body=fixture_text("fred", "fredgraph_DEXUSEU.csv"),
        match=[
            matchers.query_param_matcher(
                {"id": "DEXUSEU", "cosd": "2025-05-23", "coed": "2025-05-29"}
            )
        ],
    )
    result = FredProvider(client=client(fake_time)).fetch(
        ["DEXUSEU"], start="2025-05-23", end="2025-05-29"
    )
    (batch,) = result.batches
    assert batch.meta.unit == "USD per EUR"
    # the CSV holds 05-22..05-30; the window is clipped locally too
    assert list(batch.data["date"].dt.strftime("%m-%d")) == ["05-23", "05-27", "05-28", "05-29"]
    assert list(batch.data["value"]) == [1.135, 1.1326, 1.1286, 1.137]
    assert batch.warnings == ["DEXUSEU: 1 empty observations skipped (missing or not finite)"]
    # H.10 lag: 8 days
    assert batch.data["vintage"].iloc[0] == utc("2025-05-31")


@responses.activate
def test_csv_legacy_header_with_dots(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET, FRED_CSV_URL, body=fixture_text("fred", "fredgraph_M2SL_legacy.csv")
    )
    (batch,) = FredProvider(client=client(fake_time)).fetch(["M2SL"]).batches
    assert batch.meta.unit == "billions USD"
    assert batch.meta.frequency == "monthly"
    assert list(batch.data["value"]) == [22092.5, 22176.1, 22279.8, 22355.3]
    assert len(batch.warnings) == 1
    # M2SL for 2025-11-01 becomes known 60 days later, not on the 1st of November
    row = batch.data.loc[batch.data["date"] == pd.Timestamp("2025-11-01")]
    assert row["vintage"].iloc[0] == utc("2025-12-31")


@responses.activate
def test_csv_unknown_series_fails_alone(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        status=404,
        body="<!DOCTYPE html><html><body>Series not found</body></html>",
        match=[matchers.query_param_matcher({"id": "NOTASERIES"})],
    )
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        body=fixture_text("fred", "fredgraph_DFF.csv"),
        match=[matchers.query_param_matcher({"id": "DFF"})],
    )
    result = FredProvider(client=client(fake_time)).fetch(["NOTASERIES", "DFF"])
    assert [b.meta.id for b in result.batches] == ["DFF"]
    message = result.failures["NOTASERIES"]
    assert message.startswith(
        "fred: GET https://fred.stlouisfed.org/graph/fredgraph.csv?id=NOTASERIES"
    )
    assert "HTTP 404" in message and "check the symbol or series id" in message
    assert len(responses.calls) == 2  # 404 is not retried


@responses.activate
def test_api_observations_and_series_metadata(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{FRED_API_URL}/series",
        json=fixture_json("fred", "api_series_WALCL.json"),
        match=[
            matchers.query_param_matcher(
                {"series_id": "WALCL", "api_key": KEY, "file_type": "json"}
            )
        ],
    )
    responses.add(
        responses.GET,
        f"{FRED_API_URL}/series/observations",
        json=fixture_json("fred", "api_observations_WALCL.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "series_id": "WALCL",
                    "api_key": KEY,
                    "file_type": "json",
                    "limit": "100000",
                    "offset": "0",
                    "observation_start": "2026-07-01",
                }
            )
        ],
    )
    result = FredProvider(api_key=KEY, client=client(fake_time)).fetch(
        ["WALCL"], start="2026-07-01"
    )
    (batch,) = result.batches
    assert batch.meta.unit == "millions USD"
    assert batch.meta.frequency == "weekly"
    assert batch.meta.metadata["fred_units"] == "Millions of U.S. Dollars"
    assert batch.meta.metadata["seasonal_adjustment"] == "NSA"
    assert list(batch.data["value"]) == [6724564.0, 6735609.0, 6743028.0, 6747378.0]
    # no vintages asked: the H.4.1 lag (Wednesday -> Friday 00:00 UTC)
    assert batch.data["vintage"].iloc[-1] == utc("2026-07-24")


@responses.activate
def test_api_all_vintages_keyed_on_realtime_start(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET, f"{FRED_API_URL}/series", json=fixture_json("fred", "api_series_GDP.json")
    )
    responses.add(
        responses.GET,
        f"{FRED_API_URL}/series/observations",
        json=fixture_json("fred", "api_observations_GDP_vintages.json"),
        match=[
            matchers.query_param_matcher(
                {"realtime_start": "1776-07-04", "realtime_end": "9999-12-31"},
                strict_match=False,
            )
        ],
    )
    result = FredProvider(api_key=KEY, vintages=True, client=client(fake_time)).fetch(["GDP"])
    (batch,) = result.batches
    assert batch.meta.frequency == "quarterly"
    assert batch.meta.unit == "billions USD"
    assert batch.meta.metadata["vintage_rule"].startswith("realtime_start")
    data = batch.data
    q2 = data.loc[data["date"] == pd.Timestamp("2025-04-01")]
    assert list(q2["value"]) == [30331.117, 30353.902, 30485.729]
    assert list(q2["vintage"]) == [utc("2025-07-30"), utc("2025-08-28"), utc("2025-09-25")]
    assert str(data["vintage"].dtype) == "datetime64[ns, UTC]"
    q3 = data.loc[data["date"] == pd.Timestamp("2025-07-01")]
    assert list(q3["value"]) == [31095.089]
    assert batch.warnings == ["GDP: 1 empty observations skipped (missing or not finite)"]


@responses.activate
def test_api_pages_with_offset(fake_time: FakeTime) -> None:
    full = fixture_json("fred", "api_observations_WALCL.json")
    first, second = copy.deepcopy(full), copy.deepcopy(full)
    first["observations"] = full["observations"][:2]
    second["observations"] = full["observations"][2:]
    second["offset"] = 2
    responses.add(
        responses.GET, f"{FRED_API_URL}/series", json=fixture_json("fred", "api_series_WALCL.json")
    )
    for page, offset in ((first, "0"), (second, "2")):
        responses.add(
            responses.GET,
            f"{FRED_API_URL}/series/observations",
            json=page,
            match=[matchers.query_param_matcher({"offset": offset}, strict_match=False)],
        )
    (batch,) = FredProvider(api_key=KEY, client=client(fake_time)).fetch(["WALCL"]).batches
    assert list(batch.data["value"]) == [6724564.0, 6735609.0, 6743028.0, 6747378.0]


@responses.activate
def test_api_error_message_masks_key(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{FRED_API_URL}/series",
        status=400,
        json={"error_code": 400, "error_message": "Bad Request.  The series does not exist."},
    )
    result = FredProvider(api_key=KEY, client=client(fake_time)).fetch(["NOPE"])
    message = result.failures["NOPE"]
    assert KEY not in message
    assert "api_key=***" in message
    assert "HTTP 400" in message
    assert "The series does not exist." in message


def test_env_key_selects_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRED_API_KEY", KEY)
    assert FredProvider().api_key == KEY
    monkeypatch.delenv("FRED_API_KEY")
    assert FredProvider().api_key is None
