"""YahooProvider: yfinance's own parsing replayed on Yahoo v8 chart answers.

The replay patches yfinance at its HTTP layer: the ``YfData`` singleton gets a plain
``requests.Session`` (which ``responses`` intercepts) and the cookie/crumb handshake
(``YfData._get_cookie_and_crumb``) is stubbed to "no crumb", which yfinance itself
falls back to when the handshake fails. Everything from ``YfData._make_request`` on
(429 handling, ``history()``'s parsing, time-zone handling) is yfinance's real code.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from urllib.parse import quote

import pandas as pd
import pytest
import responses

from bubblelink.providers.http import RetryPolicy
from bubblelink.providers.yahoo import YahooProvider
from tests.providers._replay import FakeTime, fixture_text, replay_yfinance

CHART = "https://query2.finance.yahoo.com/v8/finance/chart/"


def chart_url(symbol: str) -> re.Pattern[str]:
    """The chart URL as requests sends it (``^`` is percent-encoded)."""
    return re.compile(re.escape(CHART + quote(symbol, safe="-.")) + r"(\?.*)?$")


@pytest.fixture()
def yahoo_replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[responses.RequestsMock]:
    with replay_yfinance(monkeypatch) as mock:
        yield mock


def provider(fake_time: FakeTime, **kwargs: object) -> YahooProvider:
    return YahooProvider(
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(3),
        **kwargs,  # type: ignore[arg-type]
    )


def add_chart(mock: responses.RequestsMock, symbol: str, fixture: str) -> None:
    mock.add(
        responses.GET,
        chart_url(symbol),
        body=fixture_text("yahoo", fixture),
        content_type="application/json",
    )


def field(batch_data: pd.DataFrame, name: str) -> pd.Series:
    rows = batch_data.loc[batch_data["field"] == name]
    return pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]))


def test_equity_daily_bars_parsed_from_chart_json(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_chart(yahoo_replay, "NVDA", "chart_NVDA_1d.json")
    result = provider(fake_time).fetch(["NVDA"], start="2025-12-08", end="2025-12-12")
    assert result.failures == {}
    (batch,) = result.batches
    assert batch.meta.id == "NVDA"
    assert (batch.meta.frequency, batch.meta.calendar, batch.meta.unit) == (
        "business",
        "XNYS",
        "USD",
    )
    assert batch.meta.metadata["exchange_timezone"] == "America/New_York"
    data = batch.data
    assert list(data.columns) == ["date", "field", "value"]
    assert str(data["date"].dtype) == "datetime64[ns]"  # naive session date
    assert set(data["field"]) == {"open", "high", "low", "close", "adj_close", "volume"}
    assert len(data) == 30
    close = field(data, "close")
    assert list(close.index.strftime("%Y-%m-%d")) == [
        "2025-12-08",
        "2025-12-09",
        "2025-12-10",
        "2025-12-11",
        "2025-12-12",
    ]
    assert close["2025-12-11"] == pytest.approx(180.929993, abs=1e-5)
    assert field(data, "adj_close")["2025-12-12"] == pytest.approx(174.806793, abs=1e-5)
    assert field(data, "open")["2025-12-08"] == pytest.approx(182.639999, abs=1e-5)
    assert field(data, "volume")["2025-12-12"] == 204274900
    assert batch.warnings == []
    # yfinance asked for the time zone first, then the window (end exclusive: +1 day)
    urls = [call.request.url for call in yahoo_replay.calls]
    assert "range=1d" in urls[0]
    assert "period2=1765602000" in urls[1]  # 2025-12-13 00:00 America/New_York


def test_crypto_and_index_classification_and_null_row(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_chart(yahoo_replay, "BTC-USD", "chart_BTC-USD_1d.json")
    add_chart(yahoo_replay, "^IXIC", "chart_IXIC_1d.json")
    result = provider(fake_time).fetch(["BTC-USD", "^IXIC"], start="2025-12-08", end="2025-12-12")
    assert result.failures == {}
    btc, ixic = result.batches
    assert (btc.meta.id, btc.meta.frequency, btc.meta.calendar) == ("BTC-USD", "daily", "24/7")
    assert (ixic.meta.id, ixic.meta.frequency, ixic.meta.calendar, ixic.meta.unit) == (
        "^IXIC",
        "business",
        "XNYS",
        "index",
    )
    btc_close = field(btc.data, "close")
    # the null bar of 2025-12-10 is dropped whole (no phantom volume) and counted
    assert "2025-12-10" not in set(btc_close.index.strftime("%Y-%m-%d"))
    assert len(btc.data) == 4 * 6
    assert btc.warnings == ["BTC-USD: 1 empty Yahoo rows skipped"]
    assert btc_close["2025-12-09"] == pytest.approx(92691.7109375)
    assert field(ixic.data, "close")["2025-12-12"] == pytest.approx(23195.169921875)
    assert not btc.data["value"].isna().any()


def test_unknown_symbol_is_a_failure_and_others_continue(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    yahoo_replay.add(
        responses.GET,
        chart_url("ZZZZNOTATICKER"),
        body=fixture_text("yahoo", "chart_not_found.json"),
        status=404,
        content_type="application/json",
    )
    yahoo_replay.add(
        responses.GET,
        re.compile(r"https://query2\.finance\.yahoo\.com/v10/finance/quoteSummary/.*"),
        body=fixture_text("yahoo", "quote_summary_not_found.json"),
        status=404,
        content_type="application/json",
    )
    add_chart(yahoo_replay, "NVDA", "chart_NVDA_1d.json")
    result = provider(fake_time).fetch(
        ["ZZZZNOTATICKER", "NVDA"], start="2025-12-08", end="2025-12-12"
    )
    assert [b.meta.id for b in result.batches] == ["NVDA"]
    assert result.failures == {
        "ZZZZNOTATICKER": "no data for ZZZZNOTATICKER from Yahoo: check the symbol "
        "(Yahoo-style tickers, e.g. BTC-USD, ^IXIC)"
    }


def test_429_is_retried_with_backoff_through_injected_sleep(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    url = chart_url("NVDA")
    # yfinance retries a failed request once itself (other cookie strategy), then raises
    # YFRateLimitError: two 429 answers make one failed attempt.
    yahoo_replay.add(responses.GET, url, body="Too Many Requests\r\n", status=429)
    yahoo_replay.add(responses.GET, url, body="Too Many Requests\r\n", status=429)
    add_chart(yahoo_replay, "NVDA", "chart_NVDA_1d.json")
    prov = provider(
        fake_time,
        min_interval=0,
        retry=RetryPolicy(max_retries=2, backoff_base=2.0, backoff_cap=60.0),
    )
    result = prov.fetch(["NVDA"], start="2025-12-08", end="2025-12-12")
    assert result.failures == {}
    assert len(result.batches) == 1
    assert len(fake_time.sleeps) == 1
    assert 0.0 <= fake_time.sleeps[0] <= 2.0


def test_429_exhausted_becomes_failure(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    yahoo_replay.add(responses.GET, chart_url("NVDA"), body="Too Many Requests\r\n", status=429)
    prov = provider(fake_time, min_interval=0, retry=RetryPolicy(max_retries=2))
    result = prov.fetch(["NVDA"], start="2025-12-08", end="2025-12-12")
    assert result.batches == []
    assert result.failures["NVDA"] == (
        "yahoo: rate limited (HTTP 429) on NVDA after 3 attempts: wait a few minutes, "
        "then retry with fewer symbols"
    )
    assert len(fake_time.sleeps) == 2


def test_symbols_are_spaced_by_min_interval(
    yahoo_replay: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_chart(yahoo_replay, "NVDA", "chart_NVDA_1d.json")
    add_chart(yahoo_replay, "^IXIC", "chart_IXIC_1d.json")
    provider(fake_time, min_interval=1.5).fetch(["NVDA", "^IXIC"], start="2025-12-08")
    assert fake_time.sleeps == pytest.approx([1.5])
