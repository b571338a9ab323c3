"""Period performance against a plain pandas computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.performance import annualisation_factor, period_performance
from bubblelink.errors import DataError


def _prices() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    days = pd.date_range("2025-06-01", "2025-12-31", tz="UTC", name="date")
    btc = pd.Series(100_000 * np.exp(np.cumsum(rng.normal(0, 0.03, len(days)))), index=days)
    sessions = days[days.day_of_week < 5]
    ixic = pd.Series(20_000 * np.exp(np.cumsum(rng.normal(0, 0.01, len(sessions)))), index=sessions)
    return pd.concat({"BTC-USD": btc, "^IXIC": ixic}, axis=1)


def test_matches_plain_pandas() -> None:
    prices = _prices()
    # since a Sunday: BTC starts that Sunday, the Nasdaq on the Friday before
    result = period_performance(prices, "2025-09-14", "2025-11-30", benchmark="^IXIC")
    btc, ixic = result.assets
    b = prices["BTC-USD"].dropna().loc["2025-09-14":"2025-11-30"]
    n = prices["^IXIC"].dropna().loc["2025-09-12":"2025-11-28"]
    assert btc.start_date == pd.Timestamp("2025-09-14", tz="UTC")
    assert ixic.start_date == pd.Timestamp("2025-09-12", tz="UTC")
    assert ixic.end_date == pd.Timestamp("2025-11-28", tz="UTC")
    assert btc.total_return == pytest.approx(b.iloc[-1] / b.iloc[0] - 1, rel=1e-12)
    assert ixic.total_return == pytest.approx(n.iloc[-1] / n.iloc[0] - 1, rel=1e-12)
    assert btc.max_drawdown == pytest.approx((b / b.cummax() - 1).min(), rel=1e-12)
    assert btc.volatility == pytest.approx(np.log(b).diff().std() * np.sqrt(365), rel=1e-12)
    assert ixic.volatility == pytest.approx(np.log(n).diff().std() * np.sqrt(252), rel=1e-12)
    assert (btc.periods_per_year, ixic.periods_per_year) == (365, 252)
    common = pd.concat([b, n], axis=1, join="inner")
    r = np.log(common).diff().dropna()
    assert btc.beta == pytest.approx(r.iloc[:, 0].cov(r.iloc[:, 1]) / r.iloc[:, 1].var())
    assert ixic.beta == pytest.approx(1.0)
    assert btc.relative_return == pytest.approx(
        (1 + btc.total_return) / (1 + ixic.total_return) - 1
    )
    rel = result.relative_table()
    assert rel.loc["BTC-USD", "^IXIC"] == pytest.approx(btc.relative_return)
    payload = result.to_dict()["assets"][0]
    for key in (
        "symbol",
        "start_date",
        "end_date",
        "start_price",
        "end_price",
        "total_return",
        "max_drawdown",
        "volatility",
    ):
        assert key in payload


def test_annualisation_rule_and_errors() -> None:
    prices = _prices()
    assert annualisation_factor(prices["BTC-USD"].dropna().index) == 365
    assert annualisation_factor(prices["^IXIC"].dropna().index) == 252
    with pytest.raises(DataError, match="no close on or before 2020-01-01"):
        period_performance(prices, "2020-01-01")
    with pytest.raises(DataError, match="unknown symbol 'NVDA'"):
        period_performance(prices, "2025-09-01", symbols=["NVDA"])
    with pytest.raises(DataError, match="before --since"):
        period_performance(prices, "2025-09-01", "2025-08-01")


def test_annualisation_follows_the_stored_calendar() -> None:
    """``attrs["calendars"]`` (as ``load`` sets it) decides; the dates only without it."""
    prices = _prices()
    weekdays = prices.index[prices.index.day_of_week < 5]
    # a weekday-only crypto feed (Stooq BTC), registered on weekday bars at ingest
    prices["BTC-USD@stooq"] = prices["BTC-USD"].where(prices.index.isin(weekdays))
    prices.attrs = {"calendars": {"BTC-USD": "24/7", "^IXIC": "XNYS", "BTC-USD@stooq": "XNYS"}}
    result = period_performance(prices, "2025-09-01", "2025-11-30")
    factors = {a.symbol: a.periods_per_year for a in result.assets}
    assert factors == {"BTC-USD": 365, "^IXIC": 252, "BTC-USD@stooq": 252}
    stooq = result.assets[2]
    path = prices["BTC-USD@stooq"].dropna().loc["2025-09-01":"2025-11-30"]
    assert stooq.volatility == pytest.approx(np.log(path).diff().std() * np.sqrt(252), rel=1e-12)
    # the stored calendar wins over the dates; an unknown one falls back to them
    assert annualisation_factor(weekdays, "24/7") == 365
    assert annualisation_factor(prices["BTC-USD"].dropna().index, "none") == 365
    assert annualisation_factor(weekdays, None) == 252
