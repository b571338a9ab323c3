"""CryptoProvider: ccxt's Binance client replayed on /api/v3/exchangeInfo and /klines."""

from __future__ import annotations

import json
import random
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import responses

from bubblelink.providers.crypto import CryptoProvider, series_id
from bubblelink.providers.http import RetryPolicy
from tests.providers._replay import FakeTime, fixture_json, fixture_text

API = "https://api.binance.com/api/v3"
KLINES = re.compile(re.escape(API + "/klines") + r"\?.*")
DAY_MS = 86_400_000


@pytest.fixture()
def binance() -> Any:
    import ccxt

    return ccxt.binance({"options": {"fetchMarkets": {"types": ["spot"]}}})


def add_exchange_info(mock: responses.RequestsMock) -> None:
    mock.add(
        responses.GET,
        API + "/exchangeInfo",
        body=fixture_text("binance", "exchangeInfo_BTCUSDT.json"),
        content_type="application/json",
    )


def klines_callback(
    bars: list[list[Any]], limit_override: int | None = None, ignore_since: bool = False
):
    """Serve ``bars`` like Binance: from ``startTime`` on, at most ``limit`` bars."""

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(request.url).query)
        limit = limit_override or int(query["limit"][0])
        if ignore_since:
            page = bars[-limit:]
        else:
            start = int(query.get("startTime", ["0"])[0])
            page = [bar for bar in bars if bar[0] >= start][:limit]
        return 200, {"Content-Type": "application/json"}, json.dumps(page)

    return callback


def provider(fake_time: FakeTime, client: Any, **kwargs: Any) -> CryptoProvider:
    return CryptoProvider(
        "binance",
        client=client,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(5),
        **kwargs,
    )


def values(data: pd.DataFrame, name: str) -> list[float]:
    return list(data.loc[data["field"] == name, "value"])


def test_series_ids() -> None:
    assert series_id("btc-usdt", "binance", "1d") == "BTC-USDT@binance"
    assert series_id("BTC/USDT", "binance", "1h") == "BTC-USDT@binance:1h"


@responses.activate
def test_daily_pages_through_history_and_deduplicates(fake_time: FakeTime, binance: Any) -> None:
    add_exchange_info(responses.mock)
    bars = fixture_json("binance", "klines_BTCUSDT_1d.json")
    # page size 3; the second page re-serves 12-10 (ccxt drops bars before `since`)
    pages = [bars[0:3], bars[2:5]]
    calls: list[int] = []

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        start = int(parse_qs(urlsplit(request.url).query)["startTime"][0])
        calls.append(start)
        page = pages[len(calls) - 1] if len(calls) <= len(pages) else []
        return 200, {}, json.dumps(page)

    responses.add_callback(responses.GET, KLINES, callback=callback)
    prov = provider(fake_time, binance, limit=3)
    result = prov.fetch(["BTC-USDT"], start="2025-12-08", end="2025-12-12")
    assert result.failures == {}
    (batch,) = result.batches
    meta = batch.meta
    assert (meta.id, meta.frequency, meta.calendar, meta.unit, meta.kind) == (
        "BTC-USDT@binance",
        "daily",
        "24/7",
        "USDT",
        "price",
    )
    # since moved from 12-08 to the bar after the last one received (12-11)
    assert calls == [1765152000000, 1765152000000 + 3 * DAY_MS]
    data = batch.data
    assert str(data["date"].dtype) == "datetime64[ns]"
    assert list(data.loc[data["field"] == "close", "date"].dt.strftime("%d")) == [
        "08",
        "09",
        "10",
        "11",
        "12",
    ]
    assert values(data, "close") == [90640.20, 92691.71, 92020.95, 92511.34, 90270.41]
    assert values(data, "open")[0] == 90424.59
    assert set(data["field"]) == {"open", "high", "low", "close", "volume"}
    assert batch.warnings == []
    assert prov.stalled_pages == 0
    # ccxt's own throttle is off; ours spaced the 3 requests by Binance's 50 ms
    assert binance.enableRateLimit is False
    assert fake_time.sleeps == pytest.approx([0.05, 0.05])


@responses.activate
def test_exchange_ignoring_since_stops_with_counted_warning(
    fake_time: FakeTime, binance: Any
) -> None:
    add_exchange_info(responses.mock)
    bars = fixture_json("binance", "klines_BTCUSDT_1d.json")
    responses.add_callback(
        responses.GET, KLINES, callback=klines_callback(bars, limit_override=3, ignore_since=True)
    )
    prov = provider(fake_time, binance, limit=3)
    result = prov.fetch(["BTC-USDT"], start="2025-12-01", end="2025-12-31")
    (batch,) = result.batches
    kline_calls = [c for c in responses.calls if "/klines" in c.request.url]
    assert len(kline_calls) == 2  # the repeated page is detected at once
    assert prov.stalled_pages == 1
    # ccxt filtered the repeated (older) page to nothing: a stall, not the end of data
    assert batch.warnings == [
        "BTC-USDT@binance: page 2 came back empty at since=2025-12-13T00:00:00+00:00 "
        "(binance ignored 'since'?); stopped paging, history may be incomplete"
    ]
    assert values(batch.data, "close") == [92020.95, 92511.34, 90270.41]


class RepeatingExchange:
    """A client without ccxt's `since` filter whose server ignores `since` entirely."""

    rateLimit = 100
    timeframes = {"1d": "1d"}  # noqa: RUF012
    markets = {"BTC/USD": {}}  # noqa: RUF012
    enableRateLimit = True

    def __init__(self, page: list[list[float]]) -> None:
        self.page = page
        self.calls: list[int | None] = []

    def parse_timeframe(self, timeframe: str) -> int:
        return 86_400

    def fetch_ohlcv(self, symbol: str, timeframe: str, since: int | None, limit: int) -> list:
        self.calls.append(since)
        return [list(bar) for bar in self.page]


def test_repeated_page_without_client_filter_terminates_and_dedupes(
    fake_time: FakeTime,
) -> None:
    day = 1765152000000  # 2025-12-08
    page = [[day + i * DAY_MS, 1.0 + i, 2.0 + i, 0.5 + i, 1.5 + i, 10.0] for i in range(3)]
    stub = RepeatingExchange(page)
    prov = CryptoProvider("kraken", client=stub, sleep=fake_time.sleep, clock=fake_time.clock)
    result = prov.fetch(["BTC-USD"], start="2025-12-08", end="2025-12-31")
    (batch,) = result.batches
    assert stub.calls == [day, day + 3 * DAY_MS]
    assert prov.stalled_pages == 1
    assert batch.meta.id == "BTC-USD@kraken"
    assert values(batch.data, "close") == [1.5, 2.5, 3.5]
    assert "BTC-USD@kraken: 3 overlapping bars de-duplicated" in batch.warnings
    assert any("page 2 did not advance" in w for w in batch.warnings)
    assert fake_time.sleeps == pytest.approx([0.1])


@responses.activate
def test_intraday_bars_are_utc_timestamps(fake_time: FakeTime, binance: Any) -> None:
    add_exchange_info(responses.mock)
    bars = fixture_json("binance", "klines_BTCUSDT_1h.json")
    responses.add_callback(responses.GET, KLINES, callback=klines_callback(bars))
    prov = provider(fake_time, binance, limit=1000)
    prov.timeframe = "1h"
    result = prov.fetch(["BTC/USDT"], start="2025-12-11T00:00", end="2025-12-11T02:00")
    (batch,) = result.batches
    assert batch.meta.id == "BTC-USDT@binance:1h"
    assert batch.meta.frequency == "intraday"
    closes = batch.data.loc[batch.data["field"] == "close"]
    assert str(closes["date"].dtype) == "datetime64[ns, UTC]"
    assert list(closes["date"]) == list(
        pd.date_range("2025-12-11 00:00", periods=3, freq="h", tz="UTC")
    )
    assert list(closes["value"]) == [92100.55, 92310.01, 92050.70]
    assert values(batch.data, "volume")[1] == 640.1002


@responses.activate
def test_unknown_pair_fails_alone(fake_time: FakeTime, binance: Any) -> None:
    add_exchange_info(responses.mock)
    bars = fixture_json("binance", "klines_BTCUSDT_1d.json")
    responses.add_callback(responses.GET, KLINES, callback=klines_callback(bars))
    result = provider(fake_time, binance).fetch(
        ["DOGE-EUR", "BTC-USDT"], start="2025-12-08", end="2025-12-12"
    )
    assert [b.meta.id for b in result.batches] == ["BTC-USDT@binance"]
    assert result.failures["DOGE-EUR@binance"].startswith(
        "crypto: binance has no market DOGE/EUR: check the pair"
    )


@responses.activate
def test_server_errors_are_retried(fake_time: FakeTime, binance: Any) -> None:
    add_exchange_info(responses.mock)
    bars = fixture_json("binance", "klines_BTCUSDT_1d.json")
    responses.add(responses.GET, KLINES, status=503, body="Service Unavailable")
    responses.add(responses.GET, KLINES, json=bars)
    prov = provider(fake_time, binance, retry=RetryPolicy(max_retries=2, backoff_base=1.0))
    result = prov.fetch(["BTC-USDT"], start="2025-12-08", end="2025-12-12")
    assert result.failures == {}
    assert len(values(result.batches[0].data, "close")) == 5
    backoffs = [s for s in fake_time.sleeps if s != pytest.approx(0.05)]
    assert len(backoffs) == 1 and 0.0 <= backoffs[0] <= 1.0
