"""CoinGeckoProvider: /global, /global/market_cap_chart and /coins/bitcoin/market_chart."""

from __future__ import annotations

import random

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.coingecko import PRO_BASE, PUBLIC_BASE, CoinGeckoProvider
from bubblelink.providers.http import HttpClient, RetryPolicy
from tests.providers._replay import FakeTime, fixture_json

NOW = pd.Timestamp("2025-08-14 15:30", tz="UTC")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COINGECKO_API_KEY", raising=False)
    monkeypatch.delenv("COINGECKO_PLAN", raising=False)


def client(fake_time: FakeTime, headers: dict[str, str] | None = None) -> HttpClient:
    return HttpClient(
        "coingecko",
        headers=headers,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(2),
    )


def by_date(batch_data: pd.DataFrame) -> dict[str, float]:
    return dict(zip(batch_data["date"].dt.strftime("%Y-%m-%d"), batch_data["value"], strict=True))


@responses.activate
def test_history_dominance_from_two_charts(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{PRO_BASE}/global/market_cap_chart",
        json=fixture_json("coingecko", "global_market_cap_chart.json"),
        match=[
            matchers.query_param_matcher({"vs_currency": "usd", "days": "3"}),
            matchers.header_matcher({"x-cg-pro-api-key": "pro-key"}),
        ],
    )
    responses.add(
        responses.GET,
        f"{PRO_BASE}/coins/bitcoin/market_chart",
        json=fixture_json("coingecko", "bitcoin_market_chart.json"),
        match=[
            matchers.query_param_matcher({"vs_currency": "usd", "days": "3", "interval": "daily"})
        ],
    )
    prov = CoinGeckoProvider(
        "pro-key",
        plan="pro",
        client=client(fake_time, {"x-cg-pro-api-key": "pro-key"}),
        now=lambda: NOW,
    )
    result = prov.fetch(["BTC_DOMINANCE", "CRYPTO_TOTAL_MCAP"], start="2025-08-12")
    assert result.failures == {}
    dominance, total = result.batches
    assert (dominance.meta.id, dominance.meta.unit, dominance.meta.kind) == (
        "BTC_DOMINANCE",
        "percent",
        "crypto_market",
    )
    assert (total.meta.frequency, total.meta.calendar) == ("daily", "24/7")
    assert str(dominance.data["date"].dtype) == "datetime64[ns]"
    dom = by_date(dominance.data)
    assert dom == pytest.approx(
        {
            "2025-08-12": 58.76623521116686,
            "2025-08-13": 57.76211914125966,
            # the intraday "now" point (15:21 UTC) replaces that day's 00:00 point
            "2025-08-14": 57.60242899120402,
        },
        rel=1e-12,
    )
    assert by_date(total.data)["2025-08-14"] == pytest.approx(4084314852681.384)
    assert dominance.warnings == [] and total.warnings == []
    assert dominance.meta.metadata["history"] is True


@responses.activate
def test_free_plan_falls_back_to_current_point_with_warning(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{PUBLIC_BASE}/global/market_cap_chart",
        status=401,
        json=fixture_json("coingecko", "pro_only_401.json"),
    )
    responses.add(
        responses.GET, f"{PUBLIC_BASE}/global", json=fixture_json("coingecko", "global.json")
    )
    prov = CoinGeckoProvider(client=client(fake_time), now=lambda: NOW)
    assert prov.plan == "public"
    result = prov.fetch(["BTC_DOMINANCE", "CRYPTO_TOTAL_MCAP"])
    assert result.failures == {}
    dominance, total = result.batches
    assert by_date(dominance.data) == {"2025-08-15": 57.60242899120402}
    assert by_date(total.data) == {"2025-08-15": 4084314852681.384}
    (warning,) = dominance.warnings
    assert "history needs a paid plan" in warning
    assert "HTTP 401" in warning
    assert dominance.meta.metadata["history"] is False
    # 401 is not retried: one chart request, one /global request
    assert len(responses.calls) == 2


@responses.activate
def test_demo_key_header_and_unknown_series(fake_time: FakeTime) -> None:
    prov = CoinGeckoProvider("demo-key")
    assert prov.plan == "demo"
    assert prov.base_url == PUBLIC_BASE
    assert prov.client.session.headers["x-cg-demo-api-key"] == "demo-key"
    result = CoinGeckoProvider(client=client(fake_time), now=lambda: NOW).fetch(["ETH_DOMINANCE"])
    assert result.batches == []
    assert result.failures["ETH_DOMINANCE"].startswith("coingecko: unknown series 'ETH_DOMINANCE'")


@responses.activate
def test_server_failure_is_a_failure_per_series(fake_time: FakeTime) -> None:
    responses.add(responses.GET, f"{PUBLIC_BASE}/global/market_cap_chart", status=500)
    prov = CoinGeckoProvider(client=client(fake_time), now=lambda: NOW)
    prov.client.retry = RetryPolicy(max_retries=1)
    result = prov.fetch(["CRYPTO_TOTAL_MCAP"])
    assert result.batches == []
    assert "HTTP 500" in result.failures["CRYPTO_TOTAL_MCAP"]
    assert len(responses.calls) == 2
